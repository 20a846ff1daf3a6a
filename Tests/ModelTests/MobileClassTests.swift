import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// Mobile classes (issue 24, part 1, without roaming): a scheduled sync every 6 hours by
/// default, postponed by power saving, no UDP 15000 and no Keep connection.
@Suite("Mobile classes")
struct MobileClassTests {
    static let fleet = """
        name: m
        horizon: 2d
        warmup: 6h
        drain: 12h
        seed: 3
        classes:
          - {name: pcs, devices: 200, wakeReachable: 1, udpLoss: 0}
          - {name: phones, kind: mobile, devices: 300, postponement: "uniform(min=0s, max=30m)"}
        tasks:
          - {name: t, every: 5h}

        """

    @Test("a mobile class syncs every 6 hours by default and its resolved file reads back the same")
    func defaults() throws {
        let scenario = try Scenario.parse(yaml: Self.fleet, origin: "m.yaml")
        let phones = scenario.classes[1]
        #expect(phones.kind == .mobile && phones.platform == .android)
        #expect(phones.syncInterval == .constant(21_600))
        #expect(scenario.classes[0].syncInterval == .constant(900))
        let resolved = scenario.resolvedYAML
        let again = try Scenario.parse(yaml: resolved, origin: "resolved")
        #expect(again.resolvedYAML == resolved)
        #expect(resolved.contains("kind: mobile") && resolved.contains("platform: android"))
        // A computer class's resolved text has no mobile key; a mobile one no computer key.
        let classes = resolved.components(separatedBy: "  - name: ")
        #expect(!classes[1].contains("kind:") && classes[1].contains("wakeReachable"))
        #expect(!classes[2].contains("wakeReachable") && !classes[2].contains("keepConnection"))
    }

    @Test("the server sends no wake packet to a phone; phones get their tasks at their scheduled syncs")
    func noWakeForPhones() throws {
        let scenario = try Scenario.parse(yaml: Self.fleet, origin: "m.yaml")
        var sink = MemorySink()
        let result = try scenario.runReplication(1, sink: &sink, timeseriesStep: nil)
        let phones = result.latency.first { $0.deviceClass == "phones" && $0.path == "wake" }
        let pcs = result.latency.first { $0.deviceClass == "pcs" && $0.path == "wake" }
        #expect(phones?.deliveries == 0)
        #expect((pcs?.deliveries ?? 0) > 0)
        // Every wake packet went to a computer: at most one per computer and launch.
        #expect(result.summary.wakeSent <= 200 * result.summary.tasksLaunched)
        let phoneAll = try #require(result.latency.first { $0.deviceClass == "phones" && $0.path == "all" })
        #expect(phoneAll.p50 > 3600 && phoneAll.p50 < 4 * 3600, "\(phoneAll.p50)")
    }

    @Test(
        "keys that do not apply are refused naming the key",
        arguments: [
            ("{name: p, kind: mobile, devices: 1, wakeReachable: 0.5}", "classes.p.wakeReachable: does not apply"),
            ("{name: p, kind: mobile, devices: 1, keepConnection: 1}", "classes.p.keepConnection: does not apply"),
            ("{name: p, kind: mobile, devices: 1, udpLoss: 0}", "classes.p.udpLoss: does not apply"),
            ("{name: p, kind: mobile, devices: 1, gateway: g}", "classes.p.gateway: does not apply"),
            ("{name: p, devices: 1, platform: ios}", "classes.p.platform: applies to a mobile class only"),
            ("{name: p, devices: 1, postponement: 1m}", "classes.p.postponement: applies to a mobile class only"),
            (
                "{name: p, kind: tablet, devices: 1}",
                "classes.p.kind: \"tablet\" is not a kind; allowed: computer, mobile"
            ),
            ("{name: p, kind: mobile, platform: symbian, devices: 1}", "\"symbian\" is not a platform"),
        ])
    func refusals(_ text: String, _ message: String) throws {
        let yaml = "name: m\ngateways: [{name: g}]\nclasses:\n  - \(text)\n"
        do {
            _ = try Scenario.parse(yaml: yaml, origin: "m.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("a mobile class listed under pushServers is refused")
    func noPushServer() throws {
        let yaml = Self.fleet + "pushServers: {count: 1, classes: [phones]}\n"
        do {
            _ = try Scenario.parse(yaml: yaml, origin: "m.yaml")
            Issue.record("accepted")
        } catch let error as InputError {
            #expect(error.message.contains("pushServers.classes: \"phones\" is a mobile class"), "\(error.message)")
        }
    }

    static func syncs(_ roaming: String, seed: Int = 1) throws -> SummaryRecord {
        let yaml = """
            name: r
            horizon: 30d
            warmup: 1d
            seed: \(seed)
            classes:
              - {name: phones, kind: mobile, devices: 500, syncInterval: 1h\(roaming)}

            """
        let scenario = try Scenario.parse(yaml: yaml, origin: "r.yaml")
        var sink = DiscardingSink()
        return try scenario.runReplication(1, sink: &sink, timeseriesStep: nil).summary
    }

    @Test("a roaming device does not sync: with trips as long as stays at home, half the syncs; a share of 0.3, 85%")
    func roamingHalvesSyncs() throws {
        let home = try Self.syncs("")
        let trips = ", roaming: {share: 1, away: exponential(mean=1d), home: exponential(mean=1d)}"
        let all = try Self.syncs(trips)
        let some = try Self.syncs(trips.replacingOccurrences(of: "share: 1", with: "share: 0.3"))
        let half = Double(all.syncs) / Double(home.syncs)
        let most = Double(some.syncs) / Double(home.syncs)
        #expect(abs(half - 0.5) < 0.03, "\(half)")
        #expect(abs(most - 0.85) < 0.03, "\(most)")
        // Syncing while roaming (the product's option) gives every figure of no roaming.
        let allowed = try Self.syncs(trips + ", syncWhileRoaming: true")
        var a = home
        var b = allowed
        (a.scenario, b.scenario) = ("", "")
        #expect(CSVFormat.standard.line(a.fields) == CSVFormat.standard.line(b.fields))
    }

    @Test(
        "roaming keys are refused where they do not apply",
        arguments: [
            (
                "{name: p, devices: 1, roaming: {share: 1, away: 1d, home: 1d}}",
                "classes.p.roaming: applies to a mobile class only"
            ),
            (
                "{name: p, kind: mobile, devices: 1, roaming: {share: 1, away: 1d}}",
                "classes.p.roaming: give share, away and home"
            ),
            (
                "{name: p, devices: 1, syncWhileRoaming: true}",
                "classes.p.syncWhileRoaming: applies to a mobile class only"
            ),
            ("{name: p, kind: mobile, devices: 1, syncWhileRoaming: yes}", "\"yes\" must be true or false"),
            ("{name: p, kind: mobile, devices: 1, roaming: {share: 2, away: 1d, home: 1d}}", "classes.p.roaming.share"),
        ])
    func roamingRefusals(_ text: String, _ message: String) throws {
        do {
            _ = try Scenario.parse(yaml: "name: m\nclasses:\n  - \(text)\n", origin: "m.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
