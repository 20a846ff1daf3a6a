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

    /// The `rank`-th smallest recorded values for several ranks (each 1 ... count), in
    /// seconds: exactly `value(atRank:)` for each, in one pass over the recorded buckets.
    /// - Complexity: O(recorded buckets + ranks)
    public func values(atRanks ranks: [Int]) -> [Double] {
        guard !ranks.isEmpty else { return [] }
        precondition(ranks.allSatisfy { $0 >= 1 && $0 <= tally.count }, "rank out of range")
        // The count each rank needs, as `Histogram.valueAtPercentile` derives it.
        let total = histogram.totalCount
        let needed = ranks.map { rank -> UInt64 in
            let percentile = (Double(rank) - 0.5) / Double(tally.count) * 100
            let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
            return Swift.max(1, UInt64(((requested * Double(total)) / 100).rounded(.up)))
        }
        let order = needed.indices.sorted { needed[$0] < needed[$1] }
        var result = Array(repeating: 0.0, count: ranks.count)
        var next = 0
        var running: UInt64 = 0
        let low = histogram.min
        let high = histogram.maxRecorded
        for bucket in histogram.recordedValues() where bucket.count > 0 {
            running += UInt64(bucket.count)
            while next < order.count && running >= needed[order[next]] {
                let units = Swift.max(Swift.min(histogram.highestEquivalentForValue(bucket.value), high), low)
                result[order[next]] = Swift.min(Double(units) / QuantileSketch.unitsPerSecond, max)
                next += 1
            }
            if next == order.count { break }
        }
        return result
    }

    /// The recorded values as (seconds, count) per bucket, ascending: each bucket's value as
    /// `values(atRanks:)` reports it.
    /// - Complexity: O(recorded buckets)
    public func buckets() -> [(time: Double, count: Int)] {
        guard tally.count > 0 else { return [] }
        let low = histogram.min
        let high = histogram.maxRecorded
        return histogram.recordedValues().filter { $0.count > 0 }.map { bucket in
            let units = Swift.max(Swift.min(histogram.highestEquivalentForValue(bucket.value), high), low)
            return (Swift.min(Double(units) / QuantileSketch.unitsPerSecond, max), Int(bucket.count))
        }
    }

    /// Share of recorded values <= `seconds` (within the histogram's resolution).
    public func fraction(atOrBelow seconds: Double) -> Double {
        guard tally.count > 0 else { return 0 }
        let units = UInt64(
            (Swift.min(Swift.max(seconds, 0), QuantileSketch.maximumTrackable) * QuantileSketch.unitsPerSecond)
                .rounded())
        return Double(histogram.count(within: 0...units)) / Double(tally.count)
    }

    /// The number of recorded values <= each of `thresholds` (ascending, in seconds), as
    /// `fraction(atOrBelow:)` counts them, in one pass over the recorded buckets.
    /// - Complexity: O(recorded buckets + thresholds)
    public func counts(atOrBelow thresholds: [Double]) -> [Int] {
        guard tally.count > 0 else { return Array(repeating: 0, count: thresholds.count) }
        let limits = thresholds.map {
            UInt64(
                (Swift.min(Swift.max($0, 0), QuantileSketch.maximumTrackable) * QuantileSketch.unitsPerSecond).rounded()
            )
        }
        // A bucket counts for a threshold when it starts at or below it (it then holds the
        // threshold or lies wholly below it), as in `Histogram.count(within:)`.
        var result = Array(repeating: 0, count: limits.count)
        var starts: [(UInt64, Int)] = []
        for bucket in histogram.recordedValues() where bucket.count > 0 {
            starts.append((histogram.lowestEquivalentForValue(bucket.value), Int(bucket.count)))
        }
        var i = 0
        var running = 0
        for (k, limit) in limits.enumerated() {
            precondition(k == 0 || limit >= limits[k - 1], "thresholds must be ascending")
            while i < starts.count && starts[i].0 <= limit {
                running += starts[i].1
                i += 1
            }
            result[k] = running
        }
        return result
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: QuantileSketch) {
        histogram.add(other.histogram)
        tally.merge(other.tally)
    }
}
