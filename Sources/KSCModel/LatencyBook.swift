import KSCEngine
import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// Latency statistics by class and by path, with `all` rows for each.
struct LatencyBook {
    static let paths = DeliveryPath.allCases.count
    let classCount: Int
    private var sketches: [QuantileSketch]
    private(set) var byPath = [Int](repeating: 0, count: DeliveryPath.allCases.count)
    private(set) var within = [Int](repeating: 0, count: 4)
    static let thresholds: [Double] = [60, 300, 900, 3600]

    init(classCount: Int) {
        self.classCount = classCount
        sketches = Array(repeating: QuantileSketch(), count: (classCount + 1) * (LatencyBook.paths + 1))
    }

    private func index(_ classIndex: Int, _ path: Int) -> Int { classIndex * (LatencyBook.paths + 1) + path }

    /// Records one delivery's latency.
    /// - Complexity: O(1): four histogram updates.
    mutating func record(classIndex: Int, path: DeliveryPath, latency: Double) {
        let p = path.rawValue, all = LatencyBook.paths
        sketches[index(classIndex, p)].record(latency)
        sketches[index(classIndex, all)].record(latency)
        sketches[index(classCount, p)].record(latency)
        sketches[index(classCount, all)].record(latency)
        byPath[p] += 1
        for (i, t) in LatencyBook.thresholds.enumerated() where latency <= t { within[i] += 1 }
    }

    /// Every delivery.
    var overall: QuantileSketch { sketches[index(classCount, LatencyBook.paths)] }

    /// The sketch of one class (`classCount` for all) and path (nil for all).
    func sketch(classIndex: Int, path: DeliveryPath?) -> QuantileSketch {
        sketches[index(classIndex, path?.rawValue ?? LatencyBook.paths)]
    }
}
