import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// The bytes of sync sessions (issue 22, part 1): each completed session counts the bytes of
/// its kind (KSC's traffic table), and the summary turns the servers' egress into GB per day.
@Suite("Sync traffic")
struct TrafficTests {
    static func run(_ yaml: String) throws -> SummaryRecord {
        try Scenario.parse(yaml: yaml, origin: "t.yaml").runReplication(1).summary
    }

    static let fleet = """
        name: t
        horizon: 1d
        warmup: 2h
        classes:
          - {name: a, devices: 300, syncInterval: 15m, wakeReachable: 0}

        """

    @Test("no task: every session is a heartbeat, 12.0 KB up and 6.7 KB down; egress per day and per 30 days")
    func heartbeats() throws {
        let s = try Self.run(Self.fleet)
        #expect(s.syncs > 0 && s.realSyncs == 0)
        #expect(s.syncBytesIn == Double(s.syncs) * 12_000 && s.syncBytesOut == Double(s.syncs) * 6_700)
        let perDay = s.syncBytesOut / (22 * 3600) * 86400 / 1e9
        #expect(abs(s.egressGBPerDay - perDay) < 1e-12 && abs(s.egressGBPer30d - 30 * perDay) < 1e-12)
    }

    @Test(
        "tasks without wake packets: heartbeats and full syncs by their own sizes; with wake packets, forced ones too")
    func kinds() throws {
        let tasks = "tasks: [{name: t, every: 1h}]\n"
        let s = try Self.run(Self.fleet + tasks)
        #expect(s.realSyncs > 0)
        #expect(s.syncBytesOut == Double(s.syncs - s.realSyncs) * 6_700 + Double(s.realSyncs) * 11_700)
        #expect(s.syncBytesIn == Double(s.syncs - s.realSyncs) * 12_000 + Double(s.realSyncs) * 11_300)
        // Sizes that encode the kind (fewer than 10^5 sessions of each): 1 B a heartbeat,
        // 100 KB a full sync, 10 GB a forced one.
        let coded =
            "traffic: {heartbeat: {up: 0B, down: 1B}, fullSync: {up: 0B, down: 100KB}, forcedSync: {up: 0B, down: 10GB}}\n"
        let woken = try Self.run(
            Self.fleet.replacingOccurrences(of: "wakeReachable: 0", with: "wakeReachable: 1, udpLoss: 0") + tasks
                + coded)
        let forced = (woken.syncBytesOut / 1e10).rounded(.down)
        let full = ((woken.syncBytesOut - forced * 1e10) / 1e5).rounded(.down)
        let heartbeats = woken.syncBytesOut - forced * 1e10 - full * 1e5
        #expect(forced > 0 && forced + full + heartbeats == Double(woken.syncs), "\(forced) \(full) \(heartbeats)")
        let quiet = try Self.run(Self.fleet + tasks + coded)
        #expect(quiet.syncBytesOut < 1e10, "no wake packet, no forced sync")
    }

    @Test("sizes read with their unit and written back; a bad size names the key")
    func sizes() throws {
        #expect(TrafficConfig.bytes("6.7KB") == 6_700 && TrafficConfig.bytes("4.47MB") == 4_470_000)
        #expect(TrafficConfig.bytes("2GB") == 2e9 && TrafficConfig.bytes("300") == 300)
        #expect(TrafficConfig.bytes("6.7 kb") == nil && TrafficConfig.bytes("-1KB") == nil)
        let scenario = try Scenario.parse(
            yaml: Self.fleet + "traffic: {fullSync: {down: 4.47MB}}\n", origin: "t.yaml")
        #expect(scenario.traffic.fullSync == SessionBytes(up: 11_300, down: 4_470_000))
        #expect(try Scenario.parse(yaml: scenario.resolvedYAML, origin: "r") == scenario)
        do {
            _ = try Scenario.parse(yaml: Self.fleet + "traffic: {heartbeat: {down: 6.7kb}}\n", origin: "t.yaml")
            Issue.record("accepted")
        } catch let error as InputError {
            #expect(error.message.contains("traffic.heartbeat.down: \"6.7kb\" is not a size"), "\(error.message)")
        }
    }
}
