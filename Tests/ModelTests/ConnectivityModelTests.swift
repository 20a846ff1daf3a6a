import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario
@testable import KSCSupport

@Suite("ConnectivityModel")
struct ConnectivityModelTests {
    static func run(_ yaml: String, replication: Int = 1, step: Double? = nil) throws -> (SummaryRecord, MemorySink) {
        let scenario = try Scenario.parse(yaml: yaml, origin: "test.yaml")
        var sink = MemorySink()
        let result = try scenario.runReplication(replication, sink: &sink, timeseriesStep: step)
        return (result.summary, sink)
    }

    static let small = """
        name: small
        horizon: 1d
        warmup: 2h
        classes:
          - {name: lan, devices: 100, syncInterval: 15m, wakeReachable: 0.5}
          - {name: roam, devices: 200, syncInterval: 15m, keepConnection: 0.5, abruptOff: 0.5, shutdownNotice: 0.5,
             availability: {type: onoff, on: exponential(mean=2h), off: exponential(mean=1h)}}
        server: {permanentConnectionCap: 50, outages: [{start: 12h, duration: 30m}]}
        tasks:
          - {name: t, every: 30m, randomizedDelay: 1m}
        """

    @Test("same seed, same results; another replication differs")
    func determinism() throws {
        let (a, sa) = try Self.run(Self.small)
        let (b, sb) = try Self.run(Self.small)
        // Compared as CSV text: unknown values are NaN, which is never equal to itself.
        #expect(CSVFormat.standard.line(a.fields) == CSVFormat.standard.line(b.fields))
        #expect(
            sa.deliveries.map { CSVFormat.standard.line($0.fields) }
                == sb.deliveries.map { CSVFormat.standard.line($0.fields) })
        let (c, _) = try Self.run(Self.small, replication: 2)
        #expect(c.seed != a.seed && c.deliveredLatencyMean != a.deliveredLatencyMean)
    }

    @Test("every (task, device) pair launched after the warm-up is delivered or counted undelivered")
    func conservation() throws {
        let (s, sink) = try Self.run(Self.small)
        let launchedAfterWarmup = s.tasksLaunched * 300
        #expect(s.deliveries + s.undelivered == launchedAfterWarmup)
        #expect(s.viaPush + s.viaWake + s.viaSync + s.viaStartup == s.deliveries)
        let delivered = sink.deliveries.filter { $0.path != nil }
        #expect(delivered.filter { $0.launched >= 7200 }.count == s.deliveries)
        #expect(sink.deliveries.filter { $0.path == nil }.count == s.undelivered)
        #expect(delivered.allSatisfy { $0.latency >= 0 && $0.delivered - $0.launched == $0.latency })
        #expect(s.pairs == s.deliveries + s.undelivered)
        #expect(s.permInUseMax <= 50 && s.permRequestsRefused > 0)
    }

    @Test("Keep connection under the cap: every task is pushed in RTT/2 + push cost")
    func pushUnderCap() throws {
        let (s, _) = try Self.run(
            """
            name: push
            horizon: 6h
            warmup: 1h
            server: {pushCost: 5ms}
            classes:
              - {name: a, devices: 100, keepConnection: 1, rtt: 40ms}
            tasks:
              - {name: t, every: 1h, start: 90m}
            """)
        #expect(s.deliveries == 500 && s.viaPush == 500 && s.undelivered == 0)
        #expect(abs(s.latencyMean - 0.025) < 1e-9 && s.latencyMax < 0.0251)
        #expect(s.permRequestsRefused == 0 && s.permInUseMax == 100)
    }

    @Test("cap 0: nobody is pushed; the refused share is 1")
    func capZero() throws {
        let (s, _) = try Self.run(
            """
            name: cap0
            horizon: 3h
            server: {permanentConnectionCap: 0}
            classes:
              - {name: a, devices: 50, keepConnection: 1}
            tasks:
              - {name: t, every: 1h, start: 30m}
            """)
        #expect(s.viaPush == 0 && s.permRequestRefusedShare == 1 && s.permRequests > 0)
    }

    @Test("a push server takes the listed class off the 300 slots")
    func pushServer() throws {
        let (s, _) = try Self.run(
            """
            name: ps
            horizon: 3h
            warmup: 1h
            server: {permanentConnectionCap: 10}
            pushServers: {count: 1, capacity: 1000, classes: [a]}
            classes:
              - {name: a, devices: 200, keepConnection: 1}
            tasks:
              - {name: t, at: [2h]}
            """)
        #expect(s.viaPush == 200 && s.permRequests == 0)
    }

    @Test("during an outage syncs are refused and permanent connections drop; tasks wait for its end")
    func outage() throws {
        let (s, sink) = try Self.run(
            """
            name: outage
            horizon: 4h
            warmup: 1h
            server: {outages: [{start: 2h, duration: 30m}]}
            classes:
              - {name: a, devices: 100, keepConnection: 1}
            tasks:
              - {name: t, at: [2h10m]}
            """.replacingOccurrences(of: "2h10m", with: "130m"))
        #expect(s.connectionsRefused > 0)
        #expect(s.deliveries == 100)
        // Launched at 130 min, inside the outage: nothing arrives before it ends at 150 min.
        #expect(sink.deliveries.allSatisfy { $0.delivered >= 9000 })
        #expect(s.viaPush == 0)
    }

    @Test("without shutdown notices the server's view of a device goes stale for longer")
    func staleness() throws {
        let base = """
            name: st
            horizon: 2d
            warmup: 6h
            classes:
              - {name: a, devices: 300, availability: {type: onoff, on: exponential(mean=3h), off: exponential(mean=3h)}, shutdownNotice: NOTICE}
            tasks:
              - {name: t, every: 1h, start: 7h}
            """
        let (with, _) = try Self.run(base.replacingOccurrences(of: "NOTICE", with: "1"))
        let (without, _) = try Self.run(base.replacingOccurrences(of: "NOTICE", with: "0"))
        #expect(with.statusStaleMean < 0.1)
        #expect(without.statusStaleMean > 600)
        #expect(without.wakeToOffline > with.wakeToOffline)
    }

    @Test("weekly schedule: nobody online at the weekend; Monday brings startup syncs")
    func weekly() throws {
        let (s, sink) = try Self.run(
            """
            name: wk
            horizon: 7d
            classes:
              - {name: o, devices: 50, availability: {type: weekly, days: mon-fri, start: "08:00", startSpread: 1h, end: "17:00"}}
            tasks:
              - {name: t, every: 1h}
            """, step: 3600)
        let weekend = sink.samples.filter { $0.time >= 5 * 86400 + 1 }
        #expect(!weekend.isEmpty && weekend.allSatisfy { $0.online == 0 })
        let mondayNine = try #require(sink.samples.first { $0.time == 9 * 3600 })
        #expect(mondayNine.online == 50)
        #expect(s.viaStartup > 0 && s.undelivered > 0)
    }

    @Test("an overloaded server refuses connections beyond the backlog")
    func overload() throws {
        let (s, _) = try Self.run(
            """
            name: ov
            horizon: 1h
            server: {syncWorkers: 1, syncService: 1s, backlog: 10}
            classes:
              - {name: a, devices: 2000, syncInterval: 15m}
            """)
        #expect(s.connectionsRefused > 0 && s.serverUtilization > 0.95)
    }
}
