import Foundation
import KSCGSL
import KSCRandom
import KSCStatistics
import Testing

@testable import KSCPrimitives

/// The flow-level links (issue 22's foundation): max-min fair rates on hand-computed cases,
/// conservation of bytes, and the M/G/1 processor-sharing queue on one link, whose mean
/// sojourn x / (C (1 − ρ)) does not depend on the size distribution.
@Suite("Flow network")
struct FlowNetworkTests {
    @Test("max-min fair rates: three links, four flows, computed by hand")
    func maxMin() {
        // Links 10, 10 and 4 bytes/s; f1 on L0, f2 on L0 and L1, f3 on L1 and L2, f4 on L2.
        // L2 is the bottleneck (4 / 2 = 2): f3 = f4 = 2; then L0 (10 / 2 = 5): f1 = f2 = 5;
        // L1 carries f2 + f3 = 7 of its 10.
        var net = FlowNetwork(capacities: [10, 10, 4])
        let f = [[0], [0, 1], [1, 2], [2]].map { net.start(route: $0, bytes: 1000, at: 0) }
        #expect(f.map { net.rate(of: $0) } == [5, 5, 2, 2])
        // Links 1, 2 and 3; f1 on all three, f2 on L0, f3 on L1, f4 on L2: L0 fixes f1 = f2 = 0.5,
        // then f3 takes what L1 has left (1.5) and f4 what L2 has left (2.5).
        var other = FlowNetwork(capacities: [1, 2, 3])
        let g = [[0, 1, 2], [0], [1], [2]].map { other.start(route: $0, bytes: 1000, at: 0) }
        #expect(g.map { other.rate(of: $0) } == [0.5, 0.5, 1.5, 2.5])
        // A flow ending frees its share: with f3 gone, L2's 4 go to f4, and L1 gives f2 the 5 L0 allows.
        net.end(f[2], at: 1)
        #expect([f[0], f[1], f[3]].map { net.rate(of: $0) } == [5, 5, 4])
    }

    @Test("caps: a device's access link binds before the shared links; flows of one route and cap share as one")
    func caps() {
        // Server 10 bytes/s, a site link of 4 behind it; two flows through the site, three
        // straight to devices capped at 1. The caps bind first (1 each, 3 of the server's 10);
        // then the site's 4 / 2 = 2 is below the server's 7 / 2: the site flows get 2 each.
        var net = FlowNetwork(capacities: [10, 4])
        let site = (0..<2).map { _ in net.start(route: [0, 1], bytes: 100, at: 0) }
        let capped = (0..<3).map { _ in net.start(route: [0], cap: 1, bytes: 100, at: 0) }
        #expect((site + capped).map { net.rate(of: $0) } == [2, 2, 1, 1, 1])
        #expect(net.allocated == [7, 4])
        // A flow with no shared link runs at its cap.
        let alone = net.start(route: [], cap: 3, bytes: 6, at: 0)
        #expect(net.rate(of: alone) == 3)
        #expect(net.nextCompletion()?.time == 2)
        #expect(net.finished(at: 2) == [alone])
        // Halving the site link halves the site flows' rates.
        net.setCapacity(1, to: 2, at: 2)
        #expect(site.map { net.rate(of: $0) } == [1, 1])
        #expect(abs(net.remaining(of: site[0], at: 2) - 96) < 1e-12)
    }

    @Test("the shortcuts (a flow fitting at its cap, a flow ending alone) give the rates a full recomputation gives")
    func shortcuts() throws {
        let stream = try StreamSet(seed: 23).stream("shortcuts")
        var net = FlowNetwork(capacities: [10, 4, 6])
        let routes = [[0], [0, 1], [0, 2], [1], [0, 1, 2]]
        let caps = [0.5, 1, 2, 3, Double.infinity]
        var running: [Int] = []
        var time = 0.0
        for step in 0..<3000 {
            time += 0.01
            if running.count > 0 && (stream.uniform() < 0.45 || running.count > 40) {
                let i = Int(stream.uniform() * Double(running.count))
                net.end(running.remove(at: i), at: time)
            } else {
                let route = routes[Int(stream.uniform() * Double(routes.count))]
                let cap = caps[Int(stream.uniform() * Double(caps.count))]
                running.append(net.start(route: route, cap: cap, bytes: 1e6, at: time))
            }
            var full = net
            full.recompute()
            for id in running {
                let (a, b) = (net.rate(of: id), full.rate(of: id))
                #expect(abs(a - b) <= 1e-9 * Swift.max(1, b), "step \(step): flow \(id) at \(a), recomputed \(b)")
            }
            for link in 0..<3 { #expect(abs(net.allocated[link] - full.allocated[link]) <= 1e-9 * 10) }
        }
    }

    @Test("one link shared by n flows: C / n each; the last one alone gets C and finishes on time")
    func equalShares() {
        var net = FlowNetwork(capacities: [12])
        let ids = (0..<3).map { net.start(route: [0], bytes: 12 * Double($0 + 1), at: 0) }
        #expect(ids.map { net.rate(of: $0) } == [4, 4, 4])
        // Flow 0 (12 bytes) ends at 3 s; then 6/s each: flow 1 (12 of its 24 bytes left) ends at
        // 5 s; flow 2 (24 of its 36 left at 3 s, 12 at 5 s) alone at 12/s ends at 6 s.
        var times: [Double] = []
        while let next = net.nextCompletion() {
            net.end(next.id, at: next.time)
            times.append(next.time)
        }
        #expect(abs(times[0] - 3) < 1e-12 && abs(times[1] - 5) < 1e-12 && abs(times[2] - 6) < 1e-12, "\(times)")
    }

    @Test("conservation: every link carries exactly the bytes of the flows that crossed it")
    func conservation() throws {
        let stream = try StreamSet(seed: 22).stream("conservation")
        var net = FlowNetwork(capacities: [5, 7, 11, 13, 3])
        var expected = [Double](repeating: 0, count: 5)
        var started = 0
        var time = 0.0
        while started < 2000 || net.active > 0 {
            let gap = started < 2000 ? -log(stream.uniform()) * 0.3 : .infinity
            if let next = net.nextCompletion(), next.time <= time + gap {
                time = next.time
                #expect(net.end(next.id, at: time) < 1e-6)
                continue
            }
            time += gap
            let links = (0..<5).filter { _ in stream.uniform() < 0.4 }
            let route = links.isEmpty ? [Int(stream.uniform() * 5)] : links
            let bytes = -log(stream.uniform()) * 2
            for link in route { expected[link] += bytes }
            _ = net.start(route: route, bytes: bytes, at: time)
            started += 1
        }
        net.settle(at: time)
        for link in 0..<5 {
            #expect(abs(net.carried[link] - expected[link]) <= 1e-9 * expected[link], "link \(link)")
            #expect(net.saturatedTime[link] > 0 && net.saturatedTime[link] <= time)
        }
    }

    /// Mean sojourn of flows on one link of capacity C with Poisson arrivals at rate λ and
    /// sizes drawn by `size`: one replication, after `warmup` flows.
    static func sojourn(_ size: (RandomStream) -> Double, lambda: Double, seed: UInt64, flows: Int) throws -> Double {
        let streams = StreamSet(seed: seed)
        let arrivals = try streams.stream("arrivals")
        let sizes = try streams.stream("sizes")
        var net = FlowNetwork(capacities: [1])
        var startedAt: [Int: Double] = [:]
        var next = -log(arrivals.uniform()) / lambda
        var total = 0.0
        var counted = 0
        var started = 0
        let warmup = 2000
        while counted < flows {
            if let done = net.nextCompletion(), done.time <= next {
                net.end(done.id, at: done.time)
                if let start = startedAt.removeValue(forKey: -done.id - 1) {
                    total += done.time - start
                    counted += 1
                }
                startedAt.removeValue(forKey: done.id)
                continue
            }
            let id = net.start(route: [0], bytes: size(sizes), at: next)
            // Flows after the warm-up are keyed apart so that a reused slot is not mistaken.
            if started >= warmup { startedAt[-id - 1] = next } else { startedAt[id] = next }
            started += 1
            next += -log(arrivals.uniform()) / lambda
        }
        return total / Double(counted)
    }

    @Test(
        "M/G/1-PS on one link: mean sojourn x / (C (1 − ρ)) for exponential, deterministic and lognormal sizes",
        arguments: ["exponential", "deterministic", "lognormal"])
    func processorSharing(sizes: String) throws {
        // C = 1 byte/s, mean size 1 byte, λ = 0.7: ρ = 0.7, mean sojourn 1 / 0.3 = 3.333 s,
        // whatever the distribution of sizes (insensitivity of processor sharing).
        let lognormal = try Distribution.makeLognormal(mean: 1, sd: 2)
        let draw: (RandomStream) -> Double = {
            switch sizes {
            case "exponential": return { -log($0.uniform()) }
            case "deterministic": return { _ in 1 }
            default: return { lognormal.sample($0) }
            }
        }()
        let means = try (1...10).map {
            try Self.sojourn(draw, lambda: 0.7, seed: UInt64($0) * 7919, flows: sizes == "lognormal" ? 60_000 : 20_000)
        }
        let ci = ConfidenceInterval(means, level: 0.99)
        let theory = 1 / 0.3
        #expect(abs(ci.mean - theory) <= ci.halfWidth, "mean \(ci.mean) ± \(ci.halfWidth), theory \(theory)")
        #expect(ci.halfWidth < 0.1 * theory, "the check is not sharp: ± \(ci.halfWidth)")
    }
}
