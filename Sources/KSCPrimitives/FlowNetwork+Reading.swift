extension FlowNetwork {
    /// The bytes link `link` has carried by `time` (no later than the next change), without
    /// moving the network on: reading it changes no later result.
    /// - Complexity: O(groups × route length).
    public func carried(_ link: Int, at time: Double) -> Double {
        var bytes = carried[link]
        let dt = Swift.max(time - clock, 0)
        for g in groups.indices where groups[g].count > 0 && crosses(g, link) {
            bytes += Double(groups[g].count) * groups[g].rate * dt
        }
        return bytes
    }

    /// The time link `link` has been saturated by `time` (no later than the next change),
    /// without moving the network on.
    public func saturatedTime(_ link: Int, at time: Double) -> Double {
        let full = allocated[link] >= capacities[link] * (1 - 1e-9)
        return saturatedTime[link] + (full ? Swift.max(time - clock, 0) : 0)
    }

    /// Flows crossing `link` now.
    public func flows(on link: Int) -> Int {
        var count = 0
        for g in groups.indices where groups[g].count > 0 && crosses(g, link) { count += groups[g].count }
        return count
    }
}
