extension FlowNetwork {
    /// The max-min fair rates of every group, by progressive filling: every rate not yet fixed
    /// rises together; the first to bind, a link whose capacity left shared among its unfixed
    /// flows is smallest or the smallest cap, fixes the flows it binds (those of that link at
    /// its share, those of that cap at the cap); repeat until every rate is fixed. Flows of one
    /// group move together, so a round costs the groups and links, not the flows.
    /// - Complexity: O(rounds × (links + groups × route length)), rounds ≤ links + groups.
    mutating func recompute() {
        var left = capacities
        var unfixed = [Int](repeating: 0, count: capacities.count)
        var open: [Int] = []
        for g in groups.indices {
            groups[g].rate = 0
            guard groups[g].count > 0 else { continue }
            open.append(g)
            for link in groups[g].route { unfixed[link] += groups[g].count }
        }
        while !open.isEmpty {
            var share = Double.infinity
            var bottleneck = -1
            for link in capacities.indices where unfixed[link] > 0 {
                let s = Swift.max(left[link], 0) / Double(unfixed[link])
                if s < share {
                    share = s
                    bottleneck = link
                }
            }
            let smallestCap = open.reduce(Double.infinity) { Swift.min($0, groups[$1].cap) }
            let level = Swift.min(share, smallestCap)
            var still: [Int] = []
            for g in open {
                let atCap = groups[g].cap <= level
                let onBottleneck = share <= smallestCap && groups[g].route.contains(bottleneck)
                guard atCap || onBottleneck else {
                    still.append(g)
                    continue
                }
                let rate = atCap ? groups[g].cap : share
                groups[g].rate = rate
                for link in groups[g].route {
                    left[link] -= Double(groups[g].count) * rate
                    unfixed[link] -= groups[g].count
                }
            }
            open = still
        }
        for link in allocated.indices { allocated[link] = 0 }
        for group in groups where group.count > 0 {
            for link in group.route { allocated[link] += Double(group.count) * group.rate }
        }
    }
}
