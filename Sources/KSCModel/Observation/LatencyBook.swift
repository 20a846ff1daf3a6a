import KSCRecords
import KSCStatistics

/// Latency statistics of deliveries by class and by path, with `all` rows for each, and
/// the deliveries within each deadline (only of pairs launched at least that deadline
/// before the horizon, whose fate at the deadline is known).
struct LatencyBook {
    static let paths = DeliveryPath.allCases.count
    /// Deadlines of `within_*`, s.
    static let thresholds: [Double] = [60, 300, 900, 3600]
    let classCount: Int
    /// End of the run, s.
    let horizon: Double
    private var sketches: [QuantileSketch]
    private(set) var byPath = [Int](repeating: 0, count: DeliveryPath.allCases.count)
    /// Deliveries within each deadline, of pairs launched at least that long before the horizon.
    private(set) var within = [Int](repeating: 0, count: LatencyBook.thresholds.count)

    init(classCount: Int, horizon: Double) {
        self.classCount = classCount
        self.horizon = horizon
        sketches = Array(repeating: QuantileSketch(), count: (classCount + 1) * (LatencyBook.paths + 1))
    }

    private func index(_ classIndex: Int, _ path: Int) -> Int { classIndex * (LatencyBook.paths + 1) + path }

    /// Records one delivery's latency, of a pair launched at `launched`.
    /// - Complexity: O(1): four histogram updates.
    mutating func record(classIndex: Int, path: DeliveryPath, latency: Double, launched: Double) {
        let p = path.rawValue
        let all = LatencyBook.paths
        sketches[index(classIndex, p)].record(latency)
        sketches[index(classIndex, all)].record(latency)
        sketches[index(classCount, p)].record(latency)
        sketches[index(classCount, all)].record(latency)
        byPath[p] += 1
        for (i, t) in LatencyBook.thresholds.enumerated() where latency <= t && launched <= horizon - t {
            within[i] += 1
        }
    }

    /// Records a latency in the class's and the fleet's all-path sketches only (the completion
    /// book: its rows have no path).
    /// - Complexity: O(1): two histogram updates.
    mutating func recordAllPaths(classIndex: Int, latency: Double) {
        sketches[index(classIndex, LatencyBook.paths)].record(latency)
        sketches[index(classCount, LatencyBook.paths)].record(latency)
    }

    /// Every delivery.
    var overall: QuantileSketch { sketches[index(classCount, LatencyBook.paths)] }

    /// The sketch of one class (`classCount` for all) and path (nil for all).
    func sketch(classIndex: Int, path: DeliveryPath?) -> QuantileSketch {
        sketches[index(classIndex, path?.rawValue ?? LatencyBook.paths)]
    }

    /// The `q`-quantile of the latency over `pairs` targeted pairs of which `sketch`
    /// holds the delivered ones; the others were still waiting at the horizon, each for
    /// at least `censoredAfter` seconds. Known only when the rank ceil(q x pairs) falls
    /// among deliveries no later than `censoredAfter` (below it every pair's fate is
    /// known); NaN (unknown) otherwise.
    static func quantile(_ q: Double, of sketch: QuantileSketch, pairs: Int, censoredAfter: Double) -> Double {
        quantiles([q], of: sketch, pairs: pairs, censoredAfter: censoredAfter)[0]
    }

    /// Several quantiles as `quantile` gives each, in one pass over the sketch.
    static func quantiles(_ qs: [Double], of sketch: QuantileSketch, pairs: Int, censoredAfter: Double) -> [Double] {
        guard pairs > 0 else { return qs.map { _ in .nan } }
        let ranks = qs.map { Swift.max(1, Int(($0 * Double(pairs)).rounded(.up))) }
        let known = ranks.filter { $0 <= sketch.count }
        var values = sketch.values(atRanks: known)[...]
        return ranks.map { rank in
            guard rank <= sketch.count else { return .nan }
            let value = values.removeFirst()
            return value <= censoredAfter ? value : .nan
        }
    }
}
