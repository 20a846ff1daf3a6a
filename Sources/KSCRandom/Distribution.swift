import CGSL
import KSCGSL
import KSCSupport

/// A non-negative random duration (seconds), sampled through GSL's `gsl_ran_*`.
///
/// Parameters are those architects think in (means and standard deviations); the
/// GSL parameters are derived once at construction. Build one with `parse(_:)` or
/// the static constructors, which check every parameter.
public enum Distribution: Sendable, Equatable, CustomStringConvertible {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Log-normal with the given mean and standard deviation; `mu`, `sigma` are derived.
    case lognormal(mean: Double, sd: Double, mu: Double, sigma: Double)
    /// Gamma with the given shape and mean (scale = mean / shape).
    case gamma(shape: Double, mean: Double)
    /// Weibull with the given shape k and scale lambda.
    case weibull(shape: Double, scale: Double)
    /// Pareto (type I) with the given shape and minimum.
    case pareto(shape: Double, min: Double)
    /// Normal with the given mean and sd, truncated at 0 (draws are >= 0).
    case normal(mean: Double, sd: Double)
    /// Resampling of the values of a column of a CSV file.
    case empirical(EmpiricalSample)

    /// A draw from `stream`.
    /// - Complexity: O(1); a few GSL calls.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.pointer
        switch self {
        case .constant(let value):
            return value
        case .uniform(let min, let max):
            return min == max ? min : gsl_ran_flat(r, min, max)
        case .exponential(let mean):
            return gsl_ran_exponential(r, mean)
        case .lognormal(let mean, _, let mu, let sigma):
            return sigma == 0 ? mean : gsl_ran_lognormal(r, mu, sigma)
        case .gamma(let shape, let mean):
            return gsl_ran_gamma(r, shape, mean / shape)
        case .weibull(let shape, let scale):
            return gsl_ran_weibull(r, scale, shape)
        case .pareto(let shape, let min):
            return gsl_ran_pareto(r, shape, min)
        case .normal(let mean, let sd):
            return sd == 0 ? mean : mean + gsl_ran_gaussian_tail(r, -mean, sd)
        case .empirical(let sample):
            return sample.values[Int(gsl_rng_uniform_int(r, UInt(sample.values.count)))]
        }
    }

    /// The exact mean (infinite for a Pareto with shape <= 1).
    public var mean: Double {
        switch self {
        case .constant(let value): return value
        case .uniform(let min, let max): return (min + max) / 2
        case .exponential(let mean): return mean
        case .lognormal(let mean, _, _, _): return mean
        case .gamma(_, let mean): return mean
        case .weibull(let k, let lambda): return lambda * gsl_sf_gamma(1 + 1 / k)
        case .pareto(let a, let b): return a > 1 ? a * b / (a - 1) : .infinity
        case .normal(let mu, let sd):
            guard sd > 0 else { return mu }
            let alpha = -mu / sd
            return mu + sd * Distribution.inverseMillsRatio(alpha)
        case .empirical(let sample): return sample.mean
        }
    }

    /// The exact variance (infinite for a Pareto with shape <= 2).
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .uniform(let min, let max): return (max - min) * (max - min) / 12
        case .exponential(let mean): return mean * mean
        case .lognormal(_, let sd, _, _): return sd * sd
        case .gamma(let shape, let mean): return mean * mean / shape
        case .weibull(let k, let lambda):
            let g1 = gsl_sf_gamma(1 + 1 / k)
            return lambda * lambda * (gsl_sf_gamma(1 + 2 / k) - g1 * g1)
        case .pareto(let a, let b): return a > 2 ? b * b * a / ((a - 1) * (a - 1) * (a - 2)) : .infinity
        case .normal(let mu, let sd):
            guard sd > 0 else { return 0 }
            let alpha = -mu / sd
            let lambda = Distribution.inverseMillsRatio(alpha)
            return sd * sd * (1 + alpha * lambda - lambda * lambda)
        case .empirical(let sample): return sample.variance
        }
    }

    /// E[X²] = variance + mean².
    public var secondMoment: Double { variance + mean * mean }

    /// phi(alpha) / (1 - Phi(alpha)) for the standard normal.
    static func inverseMillsRatio(_ alpha: Double) -> Double {
        gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
    }

    /// The canonical text of this distribution, which `parse` reads back.
    public var description: String {
        let d = DurationText.format
        switch self {
        case .constant(let value): return d(value)
        case .uniform(let min, let max): return "uniform(min=\(d(min)), max=\(d(max)))"
        case .exponential(let mean): return "exponential(mean=\(d(mean)))"
        case .lognormal(let mean, let sd, _, _): return "lognormal(mean=\(d(mean)), sd=\(d(sd)))"
        case .gamma(let shape, let mean): return "gamma(shape=\(shape.shortText), mean=\(d(mean)))"
        case .weibull(let shape, let scale): return "weibull(shape=\(shape.shortText), scale=\(d(scale)))"
        case .pareto(let shape, let min): return "pareto(shape=\(shape.shortText), min=\(d(min)))"
        case .normal(let mean, let sd): return "normal(mean=\(d(mean)), sd=\(d(sd)))"
        case .empirical(let sample):
            return "empirical(file=\(sample.file), column=\(sample.column)" + (sample.unit.map { ", unit=\($0)" } ?? "")
                + ")"
        }
    }
}

/// The values of one column of a CSV file, resampled uniformly by `.empirical`.
public struct EmpiricalSample: Sendable, Equatable {
    /// The file as written in the scenario.
    public let file: String
    /// The column's header.
    public let column: String
    /// The unit of plain numbers in the file (nil: the values carry their units).
    public let unit: String?
    /// The values, in seconds (at least one, all >= 0).
    public let values: [Double]
    /// Mean of `values`.
    public let mean: Double
    /// Population variance of `values` (the variance of a resampled draw).
    public let variance: Double
    /// Running sums of `values` (for draws weighted by size).
    let cumulative: [Double]

    public init(file: String, column: String, unit: String? = nil, values: [Double]) {
        precondition(!values.isEmpty)
        self.file = file
        self.column = column
        self.unit = unit
        self.values = values
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        self.variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        var sum = 0.0
        self.cumulative = values.map {
            sum += $0
            return sum
        }
    }
}
