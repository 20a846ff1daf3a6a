import HeapModule

/// Links with capacities shared by transfers (flows) at the flow level: each flow crosses the
/// links of its route at one rate, at most its own cap (the access link of the device it goes
/// to), and the rates are the max-min fair allocation (progressive filling), recomputed when a
/// flow starts or ends or a capacity changes. This is the model SimGrid validated against
/// packet-level simulation; on one link with Poisson arrivals it is the M/G/1 processor-sharing
/// queue. The network knows nothing of the domain: links and flows are numbers, sizes are
/// bytes, capacities and caps bytes per second, times seconds.
///
/// Flows with the same route and cap get the same rate (max-min fairness is unique and
/// symmetric), so they are shared as one *group*: a recomputation costs the groups and links,
/// not the flows. A group counts the bytes each of its members has received (`served`); a
/// flow finishes when that count reaches the count at its start plus its size, so the flows
/// of a group wait in a heap by that target (the virtual-time technique of processor-sharing
/// simulators).
///
/// The caller ends each flow at its completion time (`nextCompletion`, `finished`): between
/// two calls the rates are constant, and a flow past its end would be counted on.
public struct FlowNetwork {
    struct Group {
        /// Its route: `routeLinks[routeStart..<routeEnd]` (one array for all groups, so that
        /// walking a route retains nothing).
        let routeStart: Int
        let routeEnd: Int
        let cap: Double
        /// Running flows.
        var count = 0
        /// The rate of each member, bytes/s.
        var rate = 0.0
        /// Bytes each member has received since the group was made.
        var served = 0.0
        /// Running (and some ended) flows by the `served` value at which they finish.
        var targets = Heap<Target>()
    }

    struct Target: Comparable {
        var bytes: Double
        var flow: Int32
        var serial: UInt32
        static func < (a: Target, b: Target) -> Bool { (a.bytes, a.flow) < (b.bytes, b.flow) }
    }

    struct Flow {
        var group: Int32
        /// `served` of its group at which it finishes.
        var target: Double
        /// Counts the uses of this slot, so that a heap entry of an earlier flow is not mistaken.
        var serial: UInt32
        var running: Bool
    }

    struct GroupKey: Hashable {
        var route: [Int]
        var cap: Double
    }

    /// Capacity of each link, bytes/s.
    public private(set) var capacities: [Double]
    var groups: [Group] = []
    var routeLinks: [Int] = []
    var groupIndex: [GroupKey: Int] = [:]
    var flows: [Flow] = []
    var freeSlots: [Int] = []
    /// Bytes each link carried (up to the last event).
    public private(set) var carried: [Double]
    /// Time each link spent with its capacity fully allocated, s.
    public private(set) var saturatedTime: [Double]
    /// The sum of the rates of the flows on each link now, bytes/s.
    public internal(set) var allocated: [Double]
    /// Time of the last event.
    public private(set) var clock = 0.0
    /// Flows running now.
    public private(set) var active = 0
    var scratch = FlowScratch()
    /// Whether the last change moved any rate other than a started flow's own (a
    /// recomputation): when not, the next completion is the earlier of the one before and the
    /// started flow's.
    public internal(set) var ratesChanged = true
    /// The flows `finished(at:)` ended last (kept so that it allocates nothing).
    public private(set) var justFinished: [Int] = []

    /// - Parameter capacities: bytes/s of each link, each > 0.
    public init(capacities: [Double]) {
        precondition(capacities.allSatisfy { $0 > 0 && $0.isFinite }, "a link needs a finite capacity above 0")
        self.capacities = capacities
        carried = Array(repeating: 0, count: capacities.count)
        saturatedTime = Array(repeating: 0, count: capacities.count)
        allocated = Array(repeating: 0, count: capacities.count)
    }

    /// Starts a flow of `bytes` over the links of `route` at `time`, at most `cap` bytes/s;
    /// returns its number (numbers of ended flows are used again).
    /// - Complexity: a hash of the route, then as `start(group:bytes:at:)`.
    public mutating func start(route: [Int], cap: Double = .infinity, bytes: Double, at time: Double) -> Int {
        start(group: group(route: route, cap: cap), bytes: bytes, at: time)
    }

    /// The group of the flows over `route` at most `cap` bytes/s (made on first use): the
    /// handle `start(group:bytes:at:)` takes, for callers that start many flows alike.
    public mutating func group(route: [Int], cap: Double = .infinity) -> Int {
        let key = GroupKey(route: route, cap: cap)
        if let known = groupIndex[key] { return known }
        precondition(route.allSatisfy { capacities.indices.contains($0) }, "a route of known links")
        precondition(Set(route).count == route.count, "a route crosses each link once")
        precondition(cap > 0 && (!route.isEmpty || cap.isFinite), "a flow limited by a link or a finite cap")
        groups.append(Group(routeStart: routeLinks.count, routeEnd: routeLinks.count + route.count, cap: cap))
        routeLinks += route
        groupIndex[key] = groups.count - 1
        return groups.count - 1
    }

    /// Starts a flow of `bytes` in group `g` (from `group(route:cap:)`) at `time`.
    /// - Complexity: O(log flows of its group) and, unless it fits at its cap, a recomputation.
    public mutating func start(group g: Int, bytes: Double, at time: Double) -> Int {
        precondition(bytes >= 0 && bytes.isFinite, "a flow of a finite size")
        advance(to: time)
        let flow = Flow(group: Int32(g), target: groups[g].served + bytes, serial: 0, running: true)
        let id: Int
        if let slot = freeSlots.popLast() {
            id = slot
            flows[id] = Flow(
                group: flow.group, target: flow.target, serial: flows[id].serial &+ 1, running: true)
        } else {
            id = flows.count
            flows.append(flow)
        }
        groups[g].targets.insert(Target(bytes: flows[id].target, flow: Int32(id), serial: flows[id].serial))
        if fitsAtCap(g) {
            // Every link of its route keeps room: it runs at its cap and no other rate changes
            // (each other flow's bottleneck is a full link, and none of these is full).
            groups[g].rate = groups[g].cap
            for r in groups[g].routeStart..<groups[g].routeEnd { allocated[routeLinks[r]] += groups[g].cap }
            groups[g].count += 1
            ratesChanged = false
        } else {
            groups[g].count += 1
            recompute()
        }
        active += 1
        return id
    }

    /// Whether a flow of group `g` added at its cap leaves room on every link of its route.
    private func fitsAtCap(_ g: Int) -> Bool {
        let cap = groups[g].cap
        guard cap.isFinite, groups[g].count == 0 || groups[g].rate == cap else { return false }
        for r in groups[g].routeStart..<groups[g].routeEnd {
            let link = routeLinks[r]
            if allocated[link] + cap > capacities[link] * (1 - 1e-9) { return false }
        }
        return true
    }

    /// Whether group `g` runs at its cap with no full link on its route: one of its flows ending
    /// changes no other rate (no flow is held back by these links).
    private func endsAlone(_ g: Int) -> Bool {
        guard groups[g].rate == groups[g].cap else { return false }
        for r in groups[g].routeStart..<groups[g].routeEnd {
            let link = routeLinks[r]
            if allocated[link] >= capacities[link] * (1 - 1e-9) { return false }
        }
        return true
    }

    /// Takes flow `id` out, and its rate off its links when it ends alone; whether the rates
    /// must be recomputed.
    private mutating func takeOut(_ id: Int) -> (left: Double, recompute: Bool) {
        let g = Int(flows[id].group)
        let alone = endsAlone(g)
        if alone {
            for r in groups[g].routeStart..<groups[g].routeEnd { allocated[routeLinks[r]] -= groups[g].rate }
        }
        return (remove(id), !alone)
    }

    /// Ends flow `id` at `time` (finished, or cut off): its links are shared again.
    /// - Returns: the bytes it had left (0 when it finished).
    /// - Complexity: a recomputation.
    @discardableResult
    public mutating func end(_ id: Int, at time: Double) -> Double {
        advance(to: time)
        precondition(flows.indices.contains(id) && flows[id].running, "flow \(id) is not running")
        let out = takeOut(id)
        if out.recompute { recompute() } else { ratesChanged = true }
        return out.left
    }

    /// Ends every flow finished by `time`; returns them, in the order of their groups and,
    /// within a group, of their sizes.
    /// - Complexity: O(groups + finished × log flows) and a recomputation when any finished.
    public mutating func finished(at time: Double) -> [Int] {
        endFinished(at: time)
        return justFinished
    }

    /// Ends every flow finished by `time`, into `justFinished` (no array is allocated).
    public mutating func endFinished(at time: Double) {
        advance(to: time)
        justFinished.removeAll(keepingCapacity: true)
        var changed = false
        for g in groups.indices where groups[g].count > 0 {
            while let top = validTop(g), top.bytes - groups[g].served <= tolerance(g) {
                groups[g].targets.removeMin()
                if takeOut(Int(top.flow)).recompute { changed = true }
                justFinished.append(Int(top.flow))
            }
        }
        if changed { recompute() } else { ratesChanged = true }
    }

    /// The rate of flow `id` now, bytes/s.
    public func rate(of id: Int) -> Double { flows[id].running ? groups[Int(flows[id].group)].rate : 0 }

    /// The bytes flow `id` has left at `time`.
    public func remaining(of id: Int, at time: Double) -> Double {
        guard flows.indices.contains(id), flows[id].running else { return 0 }
        let group = groups[Int(flows[id].group)]
        return Swift.max(flows[id].target - group.served - group.rate * Swift.max(time - clock, 0), 0)
    }

    /// The running flow that finishes first, and when (nil when none runs or none moves).
    /// - Complexity: O(groups), amortized.
    public mutating func nextCompletion() -> (id: Int, time: Double)? {
        var best: (id: Int, time: Double)?
        for g in groups.indices where groups[g].count > 0 && groups[g].rate > 0 {
            guard let top = validTop(g) else { continue }
            let time = clock + Swift.max(top.bytes - groups[g].served, 0) / groups[g].rate
            if best == nil || time < best!.time { best = (Int(top.flow), time) }
        }
        return best
    }

    /// Sets the capacity of `link` from `time` on (a traffic restriction's hours).
    public mutating func setCapacity(_ link: Int, to capacity: Double, at time: Double) {
        precondition(capacity > 0 && capacity.isFinite, "a link needs a finite capacity above 0")
        advance(to: time)
        capacities[link] = capacity
        recompute()
    }

    /// Brings the links' counters up to `time` (for reading them mid-run).
    public mutating func settle(at time: Double) { advance(to: time) }

    /// Moves every group's bytes on to `time`, counting them on its links.
    /// - Complexity: O(groups × route length + links).
    private mutating func advance(to time: Double) {
        let dt = time - clock
        guard dt > 0 else { return }
        for g in groups.indices where groups[g].count > 0 && groups[g].rate > 0 {
            groups[g].served += groups[g].rate * dt
            let moved = Double(groups[g].count) * groups[g].rate * dt
            for r in groups[g].routeStart..<groups[g].routeEnd { carried[routeLinks[r]] += moved }
        }
        for link in capacities.indices where allocated[link] >= capacities[link] * (1 - 1e-9) {
            saturatedTime[link] += dt
        }
        clock = time
    }

    /// The heap's first entry of a running flow, dropping those of ended flows.
    private mutating func validTop(_ g: Int) -> Target? {
        while let top = groups[g].targets.min {
            let flow = flows[Int(top.flow)]
            if flow.running && flow.serial == top.serial { return top }
            groups[g].targets.removeMin()
        }
        return nil
    }

    /// Rounding allowed on a finished flow's bytes: a nanosecond at the group's rate, or the
    /// last digits of its `served`.
    private func tolerance(_ g: Int) -> Double { Swift.max(groups[g].rate * 1e-9, groups[g].served * 1e-12) }

    /// Takes flow `id` out of its group (its heap entry stays until it reaches the top).
    private mutating func remove(_ id: Int) -> Double {
        let g = Int(flows[id].group)
        let left = Swift.max(flows[id].target - groups[g].served, 0)
        flows[id].running = false
        groups[g].count -= 1
        freeSlots.append(id)
        active -= 1
        return left
    }
}
