extension FlowNetwork {
    /// The max-min fair rates of every group, by progressive filling: every rate not yet fixed
    /// rises together; the first to bind, a link whose capacity left shared among its unfixed
    /// flows is smallest or the smallest cap, fixes the flows it binds (those of that link at
    /// its share, those of that cap at the cap); repeat until every rate is fixed. Flows of one
    /// group move together, so a round costs the groups and links, not the flows. Works in the
    /// network's scratch arrays: nothing is allocated.
    /// - Complexity: O(rounds × (links + groups × route length)), rounds ≤ links + groups.
    mutating func recompute() {
        ratesChanged = true
        scratch.left.removeAll(keepingCapacity: true)
        scratch.left.append(contentsOf: capacities)
        scratch.unfixed.removeAll(keepingCapacity: true)
        scratch.unfixed.append(contentsOf: repeatElement(0, count: capacities.count))
        scratch.open.removeAll(keepingCapacity: true)
        for g in groups.indices {
            groups[g].rate = 0
            guard groups[g].count > 0 else { continue }
            scratch.open.append(g)
            for r in groups[g].routeStart..<groups[g].routeEnd { scratch.unfixed[routeLinks[r]] += groups[g].count }
        }
        while !scratch.open.isEmpty {
            var share = Double.infinity
            var bottleneck = -1
            for link in capacities.indices where scratch.unfixed[link] > 0 {
                let s = Swift.max(scratch.left[link], 0) / Double(scratch.unfixed[link])
                if s < share {
                    share = s
                    bottleneck = link
                }
            }
            var smallestCap = Double.infinity
            for g in scratch.open { smallestCap = Swift.min(smallestCap, groups[g].cap) }
            let level = Swift.min(share, smallestCap)
            var kept = 0
            for i in scratch.open.indices {
                let g = scratch.open[i]
                let atCap = groups[g].cap <= level
                guard atCap || (share <= smallestCap && crosses(g, bottleneck)) else {
                    scratch.open[kept] = g
                    kept += 1
                    continue
                }
                let rate = atCap ? groups[g].cap : share
                groups[g].rate = rate
                let load = Double(groups[g].count) * rate
                for r in groups[g].routeStart..<groups[g].routeEnd {
                    scratch.left[routeLinks[r]] -= load
                    scratch.unfixed[routeLinks[r]] -= groups[g].count
                }
            }
            scratch.open.removeLast(scratch.open.count - kept)
        }
        for link in allocated.indices { allocated[link] = 0 }
        for g in groups.indices where groups[g].count > 0 {
            let load = Double(groups[g].count) * groups[g].rate
            for r in groups[g].routeStart..<groups[g].routeEnd { allocated[routeLinks[r]] += load }
        }
    }

    /// Whether group `g`'s route crosses `link`.
    func crosses(_ g: Int, _ link: Int) -> Bool {
        for r in groups[g].routeStart..<groups[g].routeEnd where routeLinks[r] == link { return true }
        return false
    }
}

/// Arrays `recompute` works in, kept between calls so that it allocates nothing.
struct FlowScratch {
    var left: [Double] = []
    var unfixed: [Int] = []
    var open: [Int] = []
}
