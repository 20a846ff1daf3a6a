import Foundation
import KSCRecords
import KSCStatistics
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// Internet topologies through scenario files: several servers, virtual servers,
/// connection gateways and relaying distribution points, each against a limiting case.
@Suite("Topologies")
struct TopologyTests {
    static func run(_ yaml: String, replication: Int = 1) throws -> ReplicationResult {
        try Scenario.parse(yaml: yaml, origin: "topology.yaml").runReplication(replication)
    }

    static func node(_ r: ReplicationResult, _ name: String) throws -> NodeRecord {
        try #require(r.nodes.first { $0.name == name })
    }

    static let fleet = """
        classes:
          - {name: ca, devices: 300, syncInterval: 10m, syncJitter: "uniform(min=0s, max=2m)", wakeReachable: 0.5}
          - {name: cb, devices: 200, syncInterval: 30m, wakeReachable: 0.3, availability: {type: onoff, on: "exponential(mean=2h)", off: "exponential(mean=1h)"}}
        tasks:
          - {name: t, every: 1h, start: 30m}
        """

    @Test(
        "two servers that share nothing: the first gives exactly its one-server run, the second the same figures within their noise"
    )
    func independentServers() throws {
        let both =
            "name: two\nhorizon: 1d\nwarmup: 2h\nservers:\n  - {name: a, syncWorkers: 2, syncService: \"exponential(mean=1s)\"}\n  - {name: b, syncWorkers: 2, syncService: \"exponential(mean=1s)\"}\n"
            + Self.fleet.replacingOccurrences(of: "{name: ca,", with: "{name: ca, server: a,").replacingOccurrences(
                of: "{name: cb,", with: "{name: cb, server: b,")
        let alone = { (keep: String, drop: String) in
            "name: one\nhorizon: 1d\nwarmup: 2h\nserver: {syncWorkers: 2, syncService: \"exponential(mean=1s)\"}\n"
                + Self.fleet.split(separator: "\n").filter { !$0.contains("name: \(drop),") }.joined(separator: "\n")
        }
        // Server a: the same streams as the one-server run of class ca alone, so the same numbers.
        let two = try Self.run(both)
        let a = try Self.run(alone("ca", "cb"))
        let nodeA = try Self.node(two, "a")
        let serverA = try Self.node(a, "server")
        #expect(
            nodeA.utilization == serverA.utilization && nodeA.syncWaitMean == serverA.syncWaitMean
                && nodeA.wakeSent == serverA.wakeSent)
        #expect(
            two.latency.first { $0.deviceClass == "ca" && $0.path == "all" }
                == a.latency.first { $0.deviceClass == "ca" && $0.path == "all" }.map {
                    var row = $0
                    row.scenario = "two"
                    return row
                })
        // Server b draws from streams of its own: equal in distribution, over replications.
        var inTwo: [Double] = []
        var inOne: [Double] = []
        for r in 1...12 {
            inTwo.append(try Self.node(try Self.run(both, replication: r), "b").utilization)
            inOne.append(try Self.node(try Self.run(alone("cb", "ca"), replication: r), "server").utilization)
        }
        let x = ConfidenceInterval(inTwo)
        let y = ConfidenceInterval(inOne)
        let z =
            abs(x.mean - y.mean)
            / (x.standardDeviation * x.standardDeviation / 12 + y.standardDeviation * y.standardDeviation / 12)
            .squareRoot()
        #expect(z < 4, "utilization of b: \(x.mean) vs \(y.mean) alone (z = \(z))")
        #expect(x.mean > 0.01)
    }

    @Test("a gateway's capacity is a loss system: its refused share is Erlang B of the load it is offered")
    func gatewayErlangB() throws {
        // 300 devices syncing at exponential intervals (mean 100 s) through a 5-connection
        // gateway; a session holds its slot for its exponential service (mean 1 s; no waiting:
        // 1,000 workers; no network time). Refused agents retry after exponential(30 s).
        let r = try Self.run(
            """
            name: erlang
            horizon: 8h
            warmup: 30m
            server: {syncWorkers: 1000, syncService: "exponential(mean=1s)", retryAfter: "exponential(mean=30s)"}
            gateways:
              - {name: g, capacity: 5, rtt: 0s, serverRtt: 0s}
            classes:
              - {name: c, devices: 300, gateway: g, syncInterval: "exponential(mean=100s)", rtt: 0s}
            """)
        let g = try Self.node(r, "g")
        let attempts = Double(g.refused + r.summary.syncs)
        let blocked = Double(g.refused) / attempts
        let load = attempts / (8 * 3600 - 1800) * 1.0
        let theory = QueueingTheory.erlangB(servers: 5, load: load)
        let se = (theory * (1 - theory) / attempts).squareRoot()
        #expect(
            abs(blocked - theory) < 5 * se + 0.005, "refused share \(blocked) vs Erlang B \(theory) at load \(load)")
        #expect(theory > 0.05 && theory < 0.3)
        #expect(g.utilization > 0.4 && g.slotsMax == 5)
        #expect(try Self.node(r, "server").refused == 0, "the server refuses nothing: the gateway does")
    }

    @Test("a gateway outage refuses its own devices and only them; a task launched during it waits for its end")
    func gatewayOutage() throws {
        let r = try Self.run(
            """
            name: outage
            horizon: 8h
            warmup: 1h
            drain: 2h
            gateways:
              - {name: g, outages: [{start: 2h, duration: 1h}]}
            classes:
              - {name: behind, devices: 200, gateway: g, syncInterval: 10m}
              - {name: direct, devices: 200, syncInterval: 10m}
            tasks:
              - {name: t, at: [130m]}
            """)
        #expect(try Self.node(r, "g").refused > 0)
        #expect(try Self.node(r, "server").refused == 0)
        let behind = try #require(r.latency.first { $0.deviceClass == "behind" && $0.path == "all" })
        let direct = try #require(r.latency.first { $0.deviceClass == "direct" && $0.path == "all" })
        #expect(
            behind.undelivered == 0 && behind.p50 >= 50 * 60,
            "behind the gateway: at the earliest at its return, 50 min later (p50 \(behind.p50))")
        #expect(direct.p99 <= 10 * 60 + 1, "direct devices: at their next sync (p99 \(direct.p99))")
    }

    @Test("devices behind a gateway take no server slot: the gateway holds one, and their connections through it")
    func gatewaySlots() throws {
        let r = try Self.run(
            """
            name: slots
            horizon: 6h
            warmup: 1h
            server: {permanentConnectionCap: 10}
            gateways:
              - {name: g}
            classes:
              - {name: keep, devices: 400, gateway: g, keepConnection: 1}
            tasks:
              - {name: t, every: 1h}
            """)
        let server = try Self.node(r, "server")
        let g = try Self.node(r, "g")
        #expect(
            server.slotsMax == 1 && r.summary.permRequests == 0,
            "only the gateway's own connection (taken before the warm-up)")
        #expect(g.slotsMean > 390, "the held connections pass through the gateway (\(g.slotsMean))")
        #expect(r.summary.viaPush > 0 && r.summary.permWantingMean == 0)
        // With a push server, the held connections go to it: the gateway relays sessions only.
        let pushed = try Self.run(
            """
            name: slots
            horizon: 6h
            warmup: 1h
            pushServers: {count: 1, classes: [keep]}
            gateways:
              - {name: g}
            classes:
              - {name: keep, devices: 400, gateway: g, keepConnection: 1}
            tasks:
              - {name: t, every: 1h}
            """)
        #expect(try Self.node(pushed, "g").slotsMax < 20 && pushed.summary.pushInUseMean > 390)
    }

    @Test("wake share through a relay = reachable × (1 − loss) × share of time the relay is connected")
    func relayWakeShare() throws {
        // Always-on devices that sync once a day; 6 tasks an hour at Poisson times; the relay
        // is up 3 h, down 1 h on average (exponential): connected 75% of the time.
        let r = try Self.run(
            """
            name: relay
            horizon: 30d
            warmup: 1d
            sites:
              - {name: office, udpLoss: 0.2, wakeSendRate: 100000, availability: {type: onoff, on: "exponential(mean=3h)", off: "exponential(mean=1h)"}}
            classes:
              - {name: c, devices: 200, site: office, wakeReachable: 0.5, syncInterval: 1d}
            tasks:
              - {name: t, rate: 6/h}
            """)
        let relay = try Self.node(r, "office")
        let woken = Double(relay.wakeSent - relay.wakeLost) / Double(r.summary.tasksLaunched * 200)
        let launches = Double(r.summary.tasksLaunched)
        let measured = relay.utilization
        let se = (measured * (1 - measured) / launches).squareRoot() * 0.4
        #expect(abs(woken - 0.5 * 0.8 * measured) < 4 * se + 0.002, "woken \(woken) vs 0.4 × connected \(measured)")
        #expect(abs(measured - 0.75) < 0.08, "relay connected \(measured) of the time; theory 0.75")
        #expect(try Self.node(r, "server").wakeSent == 0, "the server's own packets do not cross the office's NAT")
    }

    @Test(
        "virtual servers restart with their physical server, and restarting one restarts all; other servers are untouched"
    )
    func virtualServersRestartTogether() throws {
        for outageOn in ["phys", "virt"] {
            let yaml = """
                name: virtual
                horizon: 6h
                warmup: 1h
                servers:
                  - {name: phys\(outageOn == "phys" ? ", outages: [{start: 2h, duration: 30m}]" : "")}
                  - {name: virt, physical: phys\(outageOn == "virt" ? ", outages: [{start: 2h, duration: 30m}]" : "")}
                  - {name: other}
                classes:
                  - {name: p, devices: 100, server: phys, syncInterval: 5m}
                  - {name: v, devices: 100, server: virt, syncInterval: 5m}
                  - {name: o, devices: 100, server: other, syncInterval: 5m}
                """
            let r = try Self.run(yaml)
            #expect(
                try Self.node(r, "phys").refused > 0 && Self.node(r, "virt").refused > 0,
                "an outage of \(outageOn) stops both")
            #expect(try Self.node(r, "other").refused == 0)
            #expect(
                try Self.node(r, "virt").server == "phys"
                    && Self.node(r, "virt").utilization == Self.node(r, "phys").utilization,
                "one pool of workers")
        }
    }
}
