/// MSER-5 warm-up detection (White 1997, "An effective truncation heuristic for bias
/// reduction in simulation output", Simulation 69(6):323–334; Franklin & White 2008).
///
/// The series (the mean across replications of an output at each sample time) is cut into
/// batches of 5; the truncation point d* minimises the marginal standard error
/// MSER(d) = S²(d) / (n − d), where S²(d) is the variance of the batch means after the
/// first d. Only d in the first half is searched: a minimum in the second half means the
/// series has not settled within the horizon.
public enum MSER {
    /// The outcome for one series.
    public struct Result: Sendable, Equatable {
        /// Samples to drop (a multiple of the batch size), the minimum over the first half.
        public var truncation: Int
        /// False when the minimum fell in the second half: the horizon is too short.
        public var settled: Bool
    }

    /// MSER-`batch` of `series` (evenly spaced samples).
    public static func truncation(_ series: [Double], batch: Int = 5) -> Result {
        let means = stride(from: 0, to: series.count - batch + 1, by: batch).map { start in
            series[start..<(start + batch)].reduce(0, +) / Double(batch)
        }
        let n = means.count
        guard n >= 4 else { return Result(truncation: 0, settled: false) }
        // Suffix sums, so that each candidate d costs O(1).
        var sum = 0.0
        var sumSquares = 0.0
        var best = 0
        var bestValue = Double.infinity
        var values = Array(repeating: Double.infinity, count: n)
        for d in stride(from: n - 1, through: 0, by: -1) {
            sum += means[d]
            sumSquares += means[d] * means[d]
            let m = Double(n - d)
            guard m >= 2 else { continue }
            let mean = sum / m
            let variance = Swift.max(0, sumSquares / m - mean * mean)
            values[d] = variance / m
        }
        var global = 0
        for d in 0..<(n - 1) {
            if values[d] < values[global] { global = d }
            if d <= n / 2 && values[d] < bestValue {
                bestValue = values[d]
                best = d
            }
        }
        return Result(truncation: best * batch, settled: global <= n / 2)
    }
}
