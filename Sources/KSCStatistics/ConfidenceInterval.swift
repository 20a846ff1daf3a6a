import CGSL
import KSCGSL

/// A mean over independent replications with its Student-t confidence interval.
public struct ConfidenceInterval: Sendable, Equatable {
    /// Mean of the replication values.
    public let mean: Double
    /// Sample standard deviation of the values (NaN with fewer than two values).
    public let standardDeviation: Double
    /// Half-width of the interval (NaN with fewer than two values).
    public let halfWidth: Double
    /// Confidence level in (0, 1), e.g. 0.95.
    public let level: Double
    /// Number of replications.
    public let count: Int

    /// The interval for `values` at `level`, using `gsl_cdf_tdist_Pinv`.
    public init(_ values: [Double], level: Double = 0.95) {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1)")
        GSL.initialize()
        var tally = Tally()
        for value in values { tally.add(value) }
        self.mean = tally.mean
        self.level = level
        self.count = values.count
        if values.count > 1 {
            let t = ConfidenceInterval.studentQuantile((1 + level) / 2, degreesOfFreedom: Double(values.count - 1))
            self.standardDeviation = tally.standardDeviation
            self.halfWidth = t * tally.standardDeviation / Double(values.count).squareRoot()
        } else {
            self.standardDeviation = .nan
            self.halfWidth = .nan
        }
    }

    /// The `p`-quantile of Student's t distribution with `degreesOfFreedom` (not necessarily
    /// whole: Welch's interval uses Satterthwaite's), from `gsl_cdf_tdist_Pinv`.
    public static func studentQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        GSL.initialize()
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }

    /// Lower bound.
    public var lower: Double { mean - halfWidth }
    /// Upper bound.
    public var upper: Double { mean + halfWidth }
    /// True when `value` lies within the interval.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}
