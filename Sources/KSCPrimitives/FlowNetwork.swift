/// Links with capacities shared by transfers (flows) at the flow level: each flow crosses the
/// links of its route at one rate, and the rates are the max-min fair allocation (progressive
/// filling), recomputed when a flow starts or ends, for the flows that share a link with it
/// directly or through other flows (its connected component) only. This is the model SimGrid
/// validated against packet-level simulation; on one link with Poisson arrivals it is the
/// M/G/1 processor-sharing queue. The network knows nothing of the domain: links and flows are
/// numbers, sizes are bytes, capacities bytes per second, times seconds.
public struct FlowNetwork {
    struct Flow {
        var route: [Int]
        /// Bytes left at `updated`.
        var remaining: Double
        var rate: Double
        var updated: Double
    }

    /// Capacity of each link, bytes/s.
    public let capacities: [Double]
    private var flows: [Flow?] = []
    private var freeSlots: [Int] = []
    /// The flows crossing each link.
    private var onLink: [[Int]]
    /// Bytes each link carried (from completed and running flows, up to their last update).
    public private(set) var carried: [Double]
    /// Time each link spent with its capacity fully allocated, s.
    public private(set) var saturatedTime: [Double]
    /// Sum of the rates of the flows on each link, bytes/s, since `allocatedSince`.
    private var allocated: [Double]
    private var allocatedSince: [Double]
    /// Flows running now.
    public private(set) var active = 0

    /// - Parameter capacities: bytes/s of each link, each > 0.
    public init(capacities: [Double]) {
        precondition(capacities.allSatisfy { $0 > 0 && $0.isFinite }, "a link needs a finite capacity above 0")
        self.capacities = capacities
        onLink = Array(repeating: [], count: capacities.count)
        carried = Array(repeating: 0, count: capacities.count)
        saturatedTime = Array(repeating: 0, count: capacities.count)
        allocated = Array(repeating: 0, count: capacities.count)
        allocatedSince = Array(repeating: 0, count: capacities.count)
    }

    /// Starts a flow of `bytes` over the links of `route` at `time`; returns its number.
    /// - Complexity: O(size of its component), as `recompute`.
    public mutating func start(route: [Int], bytes: Double, at time: Double) -> Int {
        precondition(!route.isEmpty && route.allSatisfy { capacities.indices.contains($0) }, "a route of known links")
        precondition(Set(route).count == route.count, "a route crosses each link once")
        precondition(bytes >= 0 && bytes.isFinite, "a flow of a finite size")
        let flow = Flow(route: route, remaining: bytes, rate: 0, updated: time)
        let id: Int
        if let slot = freeSlots.popLast() {
            id = slot
            flows[id] = flow
        } else {
            id = flows.count
            flows.append(flow)
        }
        for link in route { onLink[link].append(id) }
        active += 1
        recompute(around: route, at: time)
        return id
    }

    /// Ends flow `id` at `time` (finished, or cut off): its links are shared again.
    /// - Returns: the bytes it had left (0 when it finished).
    @discardableResult
    public mutating func end(_ id: Int, at time: Double) -> Double {
        advance(id, to: time)
        guard let flow = flows[id] else { preconditionFailure("flow \(id) is not running") }
        for link in flow.route { onLink[link].removeAll { $0 == id } }
        flows[id] = nil
        freeSlots.append(id)
        active -= 1
        recompute(around: flow.route, at: time)
        return Swift.max(flow.remaining, 0)
    }

    /// The rate of flow `id` now, bytes/s.
    public func rate(of id: Int) -> Double { flows[id]?.rate ?? 0 }

    /// The bytes flow `id` has left at `time`.
    public func remaining(of id: Int, at time: Double) -> Double {
        guard let flow = flows[id] else { return 0 }
        return Swift.max(flow.remaining - flow.rate * (time - flow.updated), 0)
    }

    /// The running flow that finishes first, and when (nil when none runs or none moves).
    /// - Complexity: O(flows).
    public func nextCompletion() -> (id: Int, time: Double)? {
        var best: (id: Int, time: Double)?
        for (id, flow) in flows.enumerated() {
            guard let flow else { continue }
            let time =
                flow.remaining <= 0
                ? flow.updated : flow.rate > 0 ? flow.updated + flow.remaining / flow.rate : .infinity
            if time.isFinite, best == nil || time < best!.time { best = (id, time) }
        }
        return best
    }

    /// Brings the links' counters up to `time` (for reading them mid-run).
    public mutating func settle(at time: Double) {
        for id in flows.indices { advance(id, to: time) }
        for link in capacities.indices { closeAllocation(link, at: time) }
    }

    /// Moves flow `id`'s bytes on to `time`, counting them on each of its links.
    private mutating func advance(_ id: Int, to time: Double) {
        guard var flow = flows[id] else { return }
        let moved = Swift.min(flow.rate * Swift.max(time - flow.updated, 0), Swift.max(flow.remaining, 0))
        flow.remaining -= moved
        flow.updated = time
        for link in flow.route { carried[link] += moved }
        flows[id] = flow
    }

    private mutating func closeAllocation(_ link: Int, at time: Double) {
        if allocated[link] >= capacities[link] * (1 - 1e-9) { saturatedTime[link] += time - allocatedSince[link] }
        allocatedSince[link] = time
    }

    /// The max-min fair rates of the component of the links in `seed`, by progressive filling:
    /// the link whose capacity left, shared among its flows not yet fixed, is smallest fixes
    /// those flows at that share; repeat until every flow is fixed.
    /// - Complexity: O(links × (links + flows × route length)) of the component.
    private mutating func recompute(around seed: [Int], at time: Double) {
        // The component: links reached through flows sharing them.
        var links = Set(seed)
        var queue = seed
        var members = Set<Int>()
        while let link = queue.popLast() {
            for id in onLink[link] where members.insert(id).inserted {
                for other in flows[id]!.route where links.insert(other).inserted { queue.append(other) }
            }
        }
        for id in members { advance(id, to: time) }
        for link in links { closeAllocation(link, at: time) }
        var left = Dictionary(uniqueKeysWithValues: links.map { ($0, capacities[$0]) })
        var unfixed = Dictionary(uniqueKeysWithValues: links.map { link in (link, onLink[link].count) })
        var fixed = Set<Int>()
        while fixed.count < members.count {
            var best: (link: Int, share: Double)?
            for (link, count) in unfixed where count > 0 {
                let share = Swift.max(left[link]!, 0) / Double(count)
                if best == nil || share < best!.share || (share == best!.share && link < best!.link) {
                    best = (link, share)
                }
            }
            guard let (link, share) = best else { break }
            for id in onLink[link] where fixed.insert(id).inserted {
                flows[id]!.rate = share
                for other in flows[id]!.route {
                    left[other]! -= share
                    unfixed[other]! -= 1
                }
            }
        }
        for link in links { allocated[link] = onLink[link].reduce(0) { $0 + flows[$1]!.rate } }
    }
}
