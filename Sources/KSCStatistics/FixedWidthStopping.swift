import CGSL
import KSCGSL

/// A target half-width for a metric's confidence interval: absolute, in the metric's unit,
/// or relative to the mean.
public struct PrecisionTarget: Sendable, Equatable {
    /// Index of the metric in each observation vector.
    public var metric: Int
    /// The half-width, or the share of |mean| when `relative`.
    public var halfWidth: Double
    public var relative: Bool

    public init(metric: Int, halfWidth: Double, relative: Bool) {
        self.metric = metric
        self.halfWidth = halfWidth
        self.relative = relative
    }

    /// Whether a Student-t interval meets the target. A relative target γ is checked as
    /// h <= γ/(1+γ)·|mean| (Law & Kelton), so that the actual relative error is at most γ.
    public func isMet(by interval: ConfidenceInterval) -> Bool {
        guard interval.halfWidth.isFinite, interval.mean.isFinite else { return false }
        if relative { return interval.halfWidth <= halfWidth / (1 + halfWidth) * abs(interval.mean) }
        return interval.halfWidth <= halfWidth
    }
}

/// Replications to a precision: the sequential procedure of Chow & Robbins (1965) — add
/// replications one at a time and stop at the first n >= `minimum` at which every target's
/// Student-t interval is narrow enough, or at `maximum`.
///
/// Caveat: its coverage is the nominal one only asymptotically (as the target shrinks);
/// stopping as soon as the interval happens to be narrow favours samples whose variance is
/// underestimated, so with a small `minimum` (below about 10) the actual coverage can fall
/// a few points short of the stated level.
public struct FixedWidthStopping: Sendable {
    public var targets: [PrecisionTarget]
    public var confidence: Double
    public var minimum: Int
    public var maximum: Int

    public init(targets: [PrecisionTarget], confidence: Double, minimum: Int, maximum: Int) {
        self.targets = targets
        self.confidence = confidence
        self.minimum = Swift.max(2, minimum)
        self.maximum = maximum
    }

    /// Where one point stands.
    public struct Decision: Sendable, Equatable {
        /// Replications used (the procedure's stopping point, or the data so far).
        public var used: Int
        /// True once it stopped (met, or at the maximum).
        public var stopped: Bool
        /// True when every target is met at `used`.
        public var met: Bool

        public init(used: Int, stopped: Bool, met: Bool) {
            self.used = used
            self.stopped = stopped
            self.met = met
        }
    }

    /// Replays the rule on a point's replications, in order.
    public func decide(_ observations: [[Double]]) -> Decision {
        let upper = Swift.min(observations.count, maximum)
        if upper >= minimum {
            for n in minimum...upper where isMet(observations.prefix(n)) {
                return Decision(used: n, stopped: true, met: true)
            }
        }
        return Decision(used: upper, stopped: upper >= maximum, met: false)
    }

    /// Whether every target is met by these replications.
    public func isMet(_ observations: ArraySlice<[Double]>) -> Bool {
        targets.allSatisfy { target in
            target.isMet(by: ConfidenceInterval(observations.map { $0[target.metric] }, level: confidence))
        }
    }
}
