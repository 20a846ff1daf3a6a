import CGSL
import KSCGSL

/// The Kaplan–Meier estimate of a waiting-time distribution from exact times and
/// right-censored ones (administrative censoring: a pair launched at t is observed for
/// horizon − t), with Greenwood's variance and confidence bounds on its quantiles.
public struct KaplanMeier: Sendable {
    /// The steps of the survival function: at each distinct event time, S after it and the
    /// standard error of S there (Greenwood).
    public private(set) var steps: [(time: Double, survival: Double, standardError: Double)] = []

    /// - Parameters:
    ///   - events: exact times with their counts, ascending by time.
    ///   - censored: censoring times with their counts, ascending: those items were still
    ///     waiting then (a histogram's buckets, so that memory does not grow with the items).
    /// A time censored at an event time counts as at risk at that time.
    /// - Complexity: O(E + C) for E event times and C censoring times.
    public init(events: [(time: Double, count: Int)], censored: [(time: Double, count: Int)]) {
        var atRisk = events.reduce(0) { $0 + $1.count } + censored.reduce(0) { $0 + $1.count }
        var survival = 1.0
        var greenwood = 0.0
        var c = 0
        for (time, d) in events where d > 0 {
            while c < censored.count && censored[c].time < time {
                atRisk -= censored[c].count
                c += 1
            }
            let n = Double(atRisk)
            survival *= 1 - Double(d) / n
            greenwood += n > Double(d) ? Double(d) / (n * (n - Double(d))) : 0
            steps.append((time, survival, survival * greenwood.squareRoot()))
            atRisk -= d
        }
    }

    /// The `q`-quantile with its bounds at `level`: the estimate is the first event time where
    /// S ≤ 1 − q; the bounds are the first event times where S ≤ 1 − q + z·se and where
    /// S < 1 − q − z·se (the pointwise Greenwood band inverted, as Brookmeyer & Crowley 1982).
    /// NaN where the estimate never gets there (beyond what was observed).
    public func quantile(_ q: Double, level: Double = 0.95) -> (estimate: Double, low: Double, high: Double) {
        GSL.initialize()
        let z = gsl_cdf_ugaussian_Pinv((1 + level) / 2)
        let target = 1 - q
        func first(_ condition: (Double, Double) -> Bool) -> Double {
            steps.first { condition($0.survival, $0.standardError) }?.time ?? .nan
        }
        let estimate = first { s, _ in s <= target + 1e-12 }
        let low = first { s, se in s <= target + z * se + 1e-12 }
        let high = first { s, se in s < target - z * se - 1e-12 }
        return (estimate, low, high)
    }
}
