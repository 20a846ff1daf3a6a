import KSCGSL
import KSCRandom
import KSCRecords
import KSCScenario

/// The payload downloads of tasks: each device's queue of downloads (one runs at a time, the
/// earliest ready first), the update sources' caches and who waits for them, and the completion
/// latency of the (task, device) pairs (delivery, then download).
struct Downloads: Tracker {
    /// One (task, device) pair's download.
    struct Item {
        /// Index of the launch (`TaskDelivery.launches`): a cache holds one payload per launch.
        var launch: Int32
        var task: Int32
        var launchedAt: Double
        /// When the task started on the device (delivery, after any randomized delay).
        var readyAt: Double
        var path: DeliveryPath
        /// Bytes still to download.
        var left: Double
    }

    struct Queue {
        /// Downloads not yet finished, the earliest ready first.
        var items: [Item] = []
        /// The running flow, or -1.
        var flow = -1
        /// Waiting for its update source to fetch the first item's payload.
        var waitingForCache = false
        /// The access link's rate, bytes/s (drawn at the device's first download).
        var cap: Double
    }

    /// A cache key: a site's update source and a launch.
    struct CacheKey: Hashable {
        var site: Int32
        var launch: Int32
    }

    /// Whether any task carries a payload (else nothing here is used).
    let enabled: Bool
    var queues: [Int: Queue] = [:]
    /// Whose download each running flow is: a device, or a cache fetch (`fetchOf`).
    var owner: [Int: Int] = [:]
    var fetchOf: [Int: CacheKey] = [:]
    /// Payloads each update source holds or is fetching; devices waiting for a fetch.
    var cached: Set<CacheKey> = []
    var waiting: [CacheKey: [Int]] = [:]
    /// Fetches each site's update source made from the server (after the warm-up).
    var fetches: [Int]
    /// Completion latency of the pairs that finished (the delivery paths as the latency's).
    var completion: LatencyBook
    let accessStream: RandomStream

    init(scenario: Scenario, classCount: Int, streams: StreamSet) throws {
        enabled = scenario.tasks.contains { $0.payload > 0 }
        fetches = Array(repeating: 0, count: scenario.sites.count)
        completion = LatencyBook(classCount: classCount, horizon: scenario.horizon)
        accessStream = try streams.stream("downloads.accessLink")
    }

    /// Draws a device's access rate from its class's choices (unlimited without an access link).
    func drawCap(_ link: AccessLink?) -> Double {
        guard let link else { return .infinity }
        if link.choices.count == 1 { return link.choices[0].rate }
        var u = accessStream.uniform()
        for choice in link.choices {
            if u < choice.share { return choice.rate }
            u -= choice.share
        }
        return link.choices[link.choices.count - 1].rate
    }

    mutating func resetStatistics(at time: Double) {
        completion = LatencyBook(classCount: completion.classCount, horizon: completion.horizon)
        fetches = Array(repeating: 0, count: fetches.count)
    }
}
