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
        /// The next item of its device's queue in `pool`, or -1.
        var next: Int32 = -1
    }

    /// A device's downloads not yet finished, the earliest ready first, as a list through
    /// `pool` (no array per device: the hot path allocates and retains nothing).
    struct Queue {
        var head: Int32 = -1
        /// The running flow, or -1.
        var flow: Int32 = -1
        /// Waiting for its update source to fetch the first item's payload.
        var waitingForCache = false
        /// The flow group of its downloads (its route and access rate, fixed at its first
        /// download), or -1 before it.
        var group: Int32 = -1
    }

    /// A cache key: a site's update source and a launch.
    struct CacheKey: Hashable {
        var site: Int32
        var launch: Int32
    }

    /// Whether any task carries a payload (else nothing here is used).
    let enabled: Bool
    /// Per task: its payload down and up, bytes, and whether a cut-off download starts over.
    let payload: [Double]
    let payloadUp: [Double]
    let restart: [Bool]
    /// Per class: the site whose update source serves it, or -1.
    let sourceSite: [Int32]
    /// Per device (empty when not enabled).
    var queues: [Queue] = []
    /// The items of every queue, and the free slots of `pool`.
    private(set) var pool: [Item] = []
    private var free: [Int32] = []
    /// The device whose download each running flow is, by flow number; -1 for none (a fetch
    /// is in `fetchOf`).
    var owner: [Int32] = []
    var fetchOf: [Int: CacheKey] = [:]
    /// The owners of the flows a `transfer` event ended (kept so that it allocates nothing).
    var ended: [Int32] = []
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
        if enabled { queues = Array(repeating: Queue(), count: scenario.deviceCount) }
        payload = scenario.tasks.map(\.payload)
        payloadUp = scenario.tasks.map(\.payloadUp)
        restart = scenario.tasks.map { $0.resume == .restart }
        sourceSite = scenario.classes.map { spec in
            scenario.sites.firstIndex { $0.name == spec.site && $0.updateSource }.map(Int32.init) ?? -1
        }
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

    /// Device `d`'s first download, if any.
    func first(_ d: Int) -> Item? { queues[d].head >= 0 ? pool[Int(queues[d].head)] : nil }

    /// Whether device `d` has downloads not yet finished.
    func hasItems(_ d: Int) -> Bool { queues[d].head >= 0 }

    /// Device `d`'s downloads, first to last.
    func items(_ d: Int) -> [Item] {
        var result: [Item] = []
        var i = queues[d].head
        while i >= 0 {
            result.append(pool[Int(i)])
            i = pool[Int(i)].next
        }
        return result
    }

    /// Queues `item` for device `d`, after every item ready no later.
    /// - Complexity: O(items of the device).
    mutating func enqueue(_ item: Item, for d: Int) {
        var item = item
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = Int32(pool.count)
            pool.append(item)
        }
        var previous: Int32 = -1
        var i = queues[d].head
        while i >= 0 && pool[Int(i)].readyAt <= item.readyAt {
            previous = i
            i = pool[Int(i)].next
        }
        item.next = i
        pool[Int(slot)] = item
        if previous < 0 { queues[d].head = slot } else { pool[Int(previous)].next = slot }
    }

    /// Takes device `d`'s first download off its queue.
    mutating func removeFirst(_ d: Int) -> Item {
        let slot = Int(queues[d].head)
        let item = pool[slot]
        queues[d].head = item.next
        free.append(Int32(slot))
        return item
    }

    /// Sets the bytes left of device `d`'s first download.
    mutating func setFirstLeft(_ d: Int, _ left: Double) { pool[Int(queues[d].head)].left = left }

    /// Records that flow `flow` is device `d`'s download.
    mutating func own(_ flow: Int, by d: Int) {
        if flow >= owner.count { owner += repeatElement(-1, count: flow - owner.count + 1) }
        owner[flow] = Int32(d)
    }

    /// Takes the owner of flow `flow` off it; nil when it is no device's.
    mutating func disown(_ flow: Int) -> Int? {
        guard flow < owner.count, owner[flow] >= 0 else { return nil }
        defer { owner[flow] = -1 }
        return Int(owner[flow])
    }

    mutating func resetStatistics(at time: Double) {
        completion = LatencyBook(classCount: completion.classCount, horizon: completion.horizon)
        fetches = Array(repeating: 0, count: fetches.count)
    }
}
