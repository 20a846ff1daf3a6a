import Foundation
import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// Refusals by cause: each cause alone in a scenario made for it, their sum everywhere, and
/// the connect timeout.
@Suite("Refusal causes")
struct RefusalCauseTests {
    static func run(_ yaml: String) throws -> SummaryRecord {
        let scenario = try Scenario.parse(yaml: yaml, origin: "causes.yaml")
        var sink = DiscardingSink()
        return try scenario.runReplication(1, sink: &sink, timeseriesStep: nil).summary
    }

    /// The four sync-connection causes, in summary order.
    static func causes(_ s: SummaryRecord) -> [Int] {
        [s.refusedServerDown, s.refusedBacklogFull, s.refusedGateway, s.refusedConnectTimeout]
    }

    static let base = """
        horizon: 1d
        warmup: 1h
        """

    @Test(
        "each cause occurs alone where only it can",
        arguments: [
            // An outage, light load: only the server being down refuses.
            ("server: {outages: [{start: 6h, duration: 30m}]}\nclasses: [{name: a, devices: 500}]", 0),
            // One worker, a short backlog, 2,000 devices every 15 minutes (2.2 syncs/s offered,
            // 2 served): only the full backlog refuses.
            ("server: {syncWorkers: 1, syncService: 500ms, backlog: 5}\nclasses: [{name: a, devices: 2000}]", 1),
            // A gateway of 2 connections for 400 devices: only the gateway refuses.
            (
                "gateways: [{name: g, capacity: 2}]\nclasses: [{name: a, devices: 400, gateway: g}]", 2
            ),
            // The same overload with a backlog that never fills and a 20-second timeout.
            (
                "server: {syncWorkers: 1, syncService: 500ms, backlog: 100000, connectTimeout: 20s}\n"
                    + "classes: [{name: a, devices: 2000}]", 3
            ),
        ])
    func aloneWhereOnlyItCan(_ scenario: String, cause: Int) throws {
        let s = try Self.run(Self.base + "\n" + scenario)
        let counts = Self.causes(s)
        #expect(counts[cause] > 0, "\(counts)")
        #expect(counts.enumerated().allSatisfy { $0.offset == cause || $0.element == 0 }, "\(counts)")
        #expect(counts.reduce(0, +) == s.connectionsRefused)
        #expect(s.permRequestsRefused == 0 && s.pushRequestsRefused == 0)
    }

    @Test("held-connection refusals are counted apart: the cap, the push servers")
    func heldConnectionRefusals() throws {
        let cap = try Self.run(
            Self.base + "\nserver: {permanentConnectionCap: 10}\nclasses: [{name: a, devices: 100, keepConnection: 1}]")
        #expect(cap.permRequestsRefused > 0 && cap.connectionsRefused == 0)
        #expect(cap.permRequestRefusedShare == Double(cap.permRequestsRefused) / Double(cap.permRequests))
        let push = try Self.run(
            Self.base + "\npushServers: {count: 1, capacity: 10, classes: [a]}\nclasses: [{name: a, devices: 100}]")
        #expect(push.pushRequestsRefused > 0 && push.connectionsRefused == 0)
        #expect(push.pushRequestRefusedShare == Double(push.pushRequestsRefused) / Double(push.pushRequests))
    }

    @Test("the causes add up to connections_refused in the golden scenario and the topology studies")
    func causesAddUp() throws {
        let root = KSCSimBinary.packageRoot
        for path in ["Tests/Golden/small.yaml", "Models/remote-offices.yaml", "Models/server-outage.yaml"] {
            let scenario = try Scenario.load(path: root.appendingPathComponent(path).path)
            var sink = DiscardingSink()
            let s = try scenario.runReplication(1, sink: &sink, timeseriesStep: nil).summary
            #expect(Self.causes(s).reduce(0, +) == s.connectionsRefused, "\(path)")
            #expect(s.refusedServerDown <= s.serverArrivals && s.refusedBacklogFull <= s.serverArrivals)
        }
    }

    @Test("with a connect timeout no session waits longer than it; without one they wait for minutes")
    func connectTimeoutBoundsTheWait() throws {
        let overload = """
            horizon: 6h
            warmup: 1h
            server: {syncWorkers: 1, syncService: exponential(mean=500ms), backlog: 100000, connectTimeout: TIMEOUT}
            classes: [{name: a, devices: 2000}]
            """
        let bounded = try Self.run(overload.replacingOccurrences(of: "TIMEOUT", with: "20s"))
        let unbounded = try Self.run(overload.replacingOccurrences(of: "TIMEOUT", with: "0s"))
        // The p99 of the waits of sessions that started (HdrHistogram: within 0.1%).
        #expect(bounded.syncWaitP99 <= 20 * 1.001)
        #expect(unbounded.syncWaitP99 > 120)
        #expect(unbounded.refusedConnectTimeout == 0 && bounded.refusedConnectTimeout > 0)
        #expect(bounded.refusedConnectTimeoutShare > 0 && bounded.refusedConnectTimeoutShare < 1)
        #expect(bounded.queueLengthMax < unbounded.queueLengthMax)
    }
}
