import CGSL
import Histogram
import KSCGSL

/// Quantiles of millions of non-negative durations in bounded memory, over an
/// HdrHistogram with three significant digits.
///
/// Values are recorded in whole microseconds. A reported quantile is within 0.1 %
/// (relative) + 1 microsecond of the exact sample quantile of the same rank (the
/// smallest value with at least p % of the observations at or below it). Values
/// above `maximumTrackable` (about 317 years, beyond the longest horizon kscsim accepts) are recorded at that maximum; `max` and
/// `mean` are tracked exactly beside the histogram. Memory: about 300 KiB.
public struct QuantileSketch: Sendable {
    /// Largest value the histogram resolves, in seconds.
    public static let maximumTrackable: Double = 1e10
    private static let unitsPerSecond: Double = 1e6
    private var histogram: Histogram<UInt64>
    private var tally = Tally()

    public init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1,
            highestTrackableValue: UInt64(QuantileSketch.maximumTrackable * QuantileSketch.unitsPerSecond),
            numberOfSignificantValueDigits: .three)
    }

    /// Records one value in seconds (negative values count as 0).
    /// - Complexity: O(1)
    public mutating func record(_ seconds: Double) {
        let clamped = Swift.min(Swift.max(seconds, 0), QuantileSketch.maximumTrackable)
        _ = histogram.record(UInt64((clamped * QuantileSketch.unitsPerSecond).rounded()))
        tally.add(seconds)
    }

    /// Number of recorded values.
    public var count: Int { tally.count }
    /// Exact mean of the recorded values (0 when empty).
    public var mean: Double { tally.mean }
    /// Exact largest recorded value (0 when empty).
    public var max: Double { tally.count > 0 ? tally.max : 0 }

    /// The value at quantile `q` in [0, 1], in seconds; 0 when empty.
    public func quantile(_ q: Double) -> Double {
        guard tally.count > 0 else { return 0 }
        let units = histogram.valueAtPercentile(q * 100)
        return Swift.min(Double(units) / QuantileSketch.unitsPerSecond, max)
    }

    /// The `rank`-th smallest recorded value (1-based, rank <= count), in seconds.
    public func value(atRank rank: Int) -> Double {
        precondition(rank >= 1 && rank <= tally.count, "rank out of range")
        let units = histogram.valueAtPercentile((Double(rank) - 0.5) / Double(tally.count) * 100)
        return Swift.min(Double(units) / QuantileSketch.unitsPerSecond, max)
    }

    /// Share of recorded values <= `seconds` (within the histogram's resolution).
    public func fraction(atOrBelow seconds: Double) -> Double {
        guard tally.count > 0 else { return 0 }
        let units = UInt64((Swift.min(Swift.max(seconds, 0), QuantileSketch.maximumTrackable) * QuantileSketch.unitsPerSecond).rounded())
        return Double(histogram.count(within: 0...units)) / Double(tally.count)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: QuantileSketch) {
        histogram.add(other.histogram)
        tally.merge(other.tally)
    }
}
