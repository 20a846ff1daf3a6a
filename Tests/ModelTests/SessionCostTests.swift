import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// What a session costs the server (issue 24, part 3): `sessionCost: by-kind` draws a
/// heartbeat's or a full sync's time, times `forcedSyncFactor` for a woken session.
@Suite("Session cost")
struct SessionCostTests {
    static func run(_ yaml: String, replication: Int = 1) throws -> SummaryRecord {
        let scenario = try Scenario.parse(yaml: yaml, origin: "cost.yaml")
        var sink = DiscardingSink()
        return try scenario.runReplication(replication, sink: &sink, timeseriesStep: nil).summary
    }

    static let fleet = """
        name: cost
        horizon: 12h
        warmup: 1h
        drain: 2h
        seed: 5
        classes:
          - {name: a, devices: 400, syncInterval: 15m, wakeReachable: 0.5, keepConnection: 0.1}
          - {name: b, devices: 300, availability: {type: onoff, on: exponential(mean=3h), off: exponential(mean=1h)}}
        tasks:
          - {name: t, every: 1h}

        """

    @Test("by-kind with both kinds as syncService and factor 1 gives every figure of single")
    func degenerateIsSingle() throws {
        for replication in 1...3 {
            let single = try Self.run(Self.fleet, replication: replication)
            let split = try Self.run(
                Self.fleet
                    + "server: {sessionCost: by-kind, heartbeatService: \"lognormal(mean=200ms, sd=100ms)\", fullSyncService: \"lognormal(mean=200ms, sd=100ms)\", forcedSyncFactor: 1}\n",
                replication: replication)
            var a = single
            var b = split
            (a.scenario, b.scenario) = ("", "")
            // As written (NaN, an unknown figure, is not equal to itself as a number).
            #expect(
                CSVFormat.standard.line(a.fields) == CSVFormat.standard.line(b.fields), "replication \(replication)")
            #expect(single.realSyncs > 0 && single.realSyncs < single.syncs)
        }
    }

    @Test("with constant times, the workers' busy time is 0.1 s a heartbeat, 1 s a full sync, 3 s a woken one")
    func constantTimesAddUp() throws {
        // Every device always on with wakes, no warm-up: busy time = sum of the session times.
        let yaml = """
            name: cost
            horizon: 10h
            warmup: 0s
            drain: 2h
            seed: 9
            server: {syncWorkers: 50, sessionCost: by-kind, heartbeatService: 100ms, fullSyncService: 1s, forcedSyncFactor: 3, backlog: 100000}
            classes:
              - {name: a, devices: 600, syncInterval: 15m, wakeReachable: 0.4, udpLoss: 0}
            tasks:
              - {name: t, every: 1h}
            """
        let s = try Self.run(yaml)
        // A woken session carries the task that woke it: a full sync, times 3.
        let woken = Double(s.viaWake)
        let full = Double(s.realSyncs) - woken
        let heartbeats = Double(s.syncs - s.realSyncs)
        let expected = 0.1 * heartbeats + 1 * full + 3 * woken
        let busy = s.serverUtilization * 50 * 10 * 3600
        #expect(woken > 100 && full > 100 && heartbeats > 1000, "\(woken) \(full) \(heartbeats)")
        // Sessions still in service at the horizon are busy time without a completed sync.
        #expect(abs(busy - expected) < 0.002 * expected, "busy \(busy) against \(expected)")
    }

    @Test("the server's counters: heartbeats received and rejected, real syncs")
    func counters() throws {
        let s = try Self.run(
            Self.fleet + "server: {syncWorkers: 1, syncService: 400ms, backlog: 3, connectTimeout: 5s}\n")
        #expect(s.heartbeatsReceived == s.serverArrivals)
        #expect(s.heartbeatsRejected == s.refusedBacklogFull + s.refusedConnectTimeout)
        #expect(s.heartbeatsRejected > 0)
        // Every delivery by a sync or a startup is one real sync; a real sync may carry several.
        #expect(s.realSyncs <= s.viaSync + s.viaStartup + s.viaWake && s.realSyncs > 0)
    }

    @Test("the resolved file shows the cost keys with their tags; wrong values are refused naming the key")
    func keys() throws {
        let scenario = try Scenario.parse(yaml: Self.fleet, origin: "cost.yaml")
        let resolved = scenario.resolvedYAML
        #expect(resolved.contains("sessionCost: single"))
        #expect(resolved.contains("forcedSyncFactor: 9.47"))
        let basis = ServerConfig.schema.keys.first { $0.name == "forcedSyncFactor" }?.basis
        #expect(basis == .derived)
        #expect(ServerConfig.schema.keys.first { $0.name == "heartbeatService" }?.basis == .assumed)
        for (text, message) in [
            ("server: {sessionCost: split}", "\"split\" is not a session cost; allowed: single, by-kind"),
            ("server: {forcedSyncFactor: -1}", "forcedSyncFactor"),
        ] {
            #expect(throws: InputError.self) { try Scenario.parse(yaml: Self.fleet + text + "\n", origin: "c.yaml") }
            do {
                _ = try Scenario.parse(yaml: Self.fleet + text + "\n", origin: "c.yaml")
            } catch let error as InputError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        // A heartbeat's time defaults to syncService's.
        let changed = try Scenario.parse(
            yaml: Self.fleet + "server: {syncService: exponential(mean=1s)}\n", origin: "c.yaml")
        #expect(changed.server.heartbeatService == changed.server.syncService)
        #expect(changed.server.fullSyncService == changed.server.syncService)
    }

    @Test("a size tier sets syncWorkers and syncService; explicit keys override it; the rated fleet is half busy")
    func sizeTiers() throws {
        let base = "name: z\nclasses: [{name: a, devices: 100000}]\n"
        let tier = try Scenario.parse(yaml: base + "server: {size: 100k-separate-dbms}\n", origin: "z.yaml")
        #expect(tier.server.syncWorkers == 16)
        #expect(abs(tier.server.syncService.mean - 0.072) < 1e-12)
        // 100,000 devices every 15 minutes on the tier rated for them: utilization 0.5.
        let load = Double(100_000) / 900 * tier.server.syncService.mean / Double(tier.server.syncWorkers)
        #expect(abs(load - 0.5) < 1e-12)
        // The resolved file reads back to the same scenario.
        let again = try Scenario.parse(yaml: tier.resolvedYAML, origin: "resolved")
        #expect(again.resolvedYAML == tier.resolvedYAML && again.server.size == .separateDBMS100k)
        let explicit = try Scenario.parse(
            yaml: base + "server: {size: 50k-shared-dbms, syncWorkers: 3}\n", origin: "z.yaml")
        #expect(explicit.server.syncWorkers == 3)
        #expect(abs(explicit.server.syncService.mean - 0.072) < 1e-12)
        // The heartbeat and full-sync times follow the tier's service time.
        #expect(explicit.server.heartbeatService == explicit.server.syncService)
        do {
            _ = try Scenario.parse(yaml: base + "server: {size: huge}\n", origin: "z.yaml")
            Issue.record("size: huge was accepted")
        } catch let error as InputError {
            #expect(error.message.contains("z.yaml:3: server.size: \"huge\" is not a tier; allowed: custom"))
        }
    }
}
