import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// FCM forced sync of Android classes (issue 24, part 2): limiting cases whose answer is known
/// without the model, and the refusals of keys that do not apply.
@Suite("FCM forced sync")
struct FCMTests {
    /// Always-on phones, a server that answers at once, no round trip: a pushed task's latency
    /// is the push's delay alone. The schedule is 30 days, so no scheduled sync interferes.
    static func fleet(fcm: String, classFCM: String = "high", tasks: String = "[{name: t, every: 12h}]") -> String {
        """
        name: f
        horizon: 3d
        warmup: 12h
        drain: 12h
        seed: 5
        server: {syncWorkers: 100000, syncService: 0s}
        fcm: \(fcm)
        classes:
          - {name: phones, kind: mobile, devices: 2000, fcm: \(classFCM), syncInterval: 30d, rtt: 0s}
        tasks: \(tasks)

        """
    }

    static func run(_ yaml: String) throws -> ReplicationResult {
        try Scenario.parse(yaml: yaml, origin: "f.yaml").runReplication(1)
    }

    @Test("high priority, no loss, a constant delay: every task arrives by FCM exactly that delay after its launch")
    func constantDelay() throws {
        let r = try Self.run(Self.fleet(fcm: "{delay: 5s, loss: 0}"))
        let s = r.summary
        #expect(s.pairs == 2000 * 4 && s.undelivered == 0)
        #expect(s.viaFCM == s.pairs && s.fcmSent == s.pairs && s.fcmLost == 0 && s.fcmExpired == 0)
        #expect(abs(s.latencyP50 - 5) < 1e-6 && abs(s.latencyMax - 5) < 1e-6, "\(s.latencyP50) \(s.latencyMax)")
        #expect(r.latency.contains { $0.path == "fcm" && $0.deviceClass == "phones" && $0.deliveries == s.pairs })
        #expect(r.nodes.contains { $0.kind == "fcm" && $0.devices == 2000 && $0.utilization == 1 })
    }

    @Test("normal priority: the mean latency is delay + dozeShare × mean maintenance wait; high ignores Doze")
    func doze() throws {
        // 1 s + 0.3 × 1200 s = 361 s. The sd of one latency is about 857 s, so over 8,000 pairs
        // the mean's standard error is about 10 s: 40 s is 4 of them.
        let fcm = "{delay: 1s, loss: 0, dozeShare: 0.3, maintenanceWait: \"exponential(mean=20m)\"}"
        let normal = try Self.run(Self.fleet(fcm: fcm, classFCM: "normal")).summary
        #expect(normal.undelivered == 0 && normal.viaFCM == normal.pairs)
        #expect(abs(normal.latencyMean - 361) < 40, "\(normal.latencyMean)")
        // Within a minute: the 70% not dozing, and the dozing ones whose wait is under 59 s.
        let within = 0.7 + 0.3 * (1 - exp(-59.0 / 1200))
        #expect(abs(normal.within60 - within) < 0.02, "\(normal.within60) vs \(within)")
        let high = try Self.run(Self.fleet(fcm: fcm, classFCM: "high")).summary
        #expect(abs(high.latencyMax - 1) < 1e-6, "\(high.latencyMax)")
    }

    @Test("a push lost, or refused by FCM down all along, changes nothing else: every figure of FCM off")
    func lostOrRefusedIsOff() throws {
        let tasks = "[{name: t, every: 5h}]"
        func phones(_ fcm: String, _ classFCM: String) -> String {
            Self.fleet(fcm: fcm, classFCM: classFCM, tasks: tasks).replacingOccurrences(
                of: "syncInterval: 30d", with: "syncInterval: 6h")
        }
        let off = try Self.run(phones("{}", "off"))
        let lost = try Self.run(phones("{loss: 1}", "high"))
        let down = try Self.run(phones("{outages: [{start: 0s, duration: 4d}]}", "high"))
        #expect(off.summary.deliveries > 0 && off.summary.viaSync > 0)
        for other in [lost, down] {
            #expect(other.summary.viaFCM == 0)
            // NaN figures (paths with no delivery) compare by their text.
            #expect(other.latency.filter { $0.path != "fcm" }.map { "\($0)" } == off.latency.map { "\($0)" })
            #expect(other.summary.latencyP95 == off.summary.latencyP95 && other.summary.syncs == off.summary.syncs)
        }
        #expect(lost.summary.fcmSent == lost.summary.pairs && lost.summary.fcmLost == lost.summary.pairs)
        #expect(down.summary.fcmRefused == down.summary.pairs && down.summary.fcmSent == 0)
        #expect(down.nodes.first { $0.kind == "fcm" }?.utilization == 0)
    }

    @Test("pushes due during an FCM outage arrive at its end; with a shorter time to live they are dropped")
    func outageAndTTL() throws {
        // Launch at 13h, delay 30m: due at 13h30, inside the outage 13h10–15h10, so every
        // phone gets its push at 15h10, 2h10m = 7,800 s after the launch.
        let tasks = "[{name: t, at: [13h]}]"
        let outage = "outages: [{start: 790m, duration: 2h}]"
        let held = try Self.run(Self.fleet(fcm: "{delay: 30m, loss: 0, \(outage)}", tasks: tasks))
        // A few phones reach their 30-day schedule meanwhile and get the task by it.
        let s = held.summary
        #expect(s.undelivered == 0 && s.viaFCM + s.viaSync == 2000 && s.viaFCM > 1900, "\(s.viaFCM)")
        let pushed = try #require(held.latency.first { $0.deviceClass == "all" && $0.path == "fcm" })
        #expect(abs(pushed.p50 - 7800) < 1e-6 && abs(pushed.max - 7800) < 1e-6, "\(pushed.max)")
        let dropped = try Self.run(Self.fleet(fcm: "{delay: 30m, loss: 0, ttl: 1h, \(outage)}", tasks: tasks)).summary
        // Until the horizon, 59 h of a 30-day schedule: about 8% get it by their scheduled sync.
        #expect(dropped.fcmExpired == 2000 && dropped.viaFCM == 0)
        #expect(dropped.undelivered + dropped.viaSync == 2000 && dropped.undelivered > 1700)
    }

    @Test("without a class using FCM there is no fcm path or node; the section is written with an Android class")
    func absentWhenUnused() throws {
        let scenario = try Scenario.parse(
            yaml: "name: n\nclasses: [{name: p, kind: mobile, devices: 10}]\ntasks: [{name: t, every: 1h}]\n",
            origin: "n.yaml")
        // An Android class writes `fcm: off` and the section (so that a variant with FCM on
        // differs from it in one key only); computers alone write neither.
        #expect(!scenario.usesFCM && scenario.resolvedYAML.contains("\nfcm:\n  availability: always"))
        let computers = try Scenario.parse(yaml: "name: c\nclasses: [{name: p, devices: 10}]\n", origin: "c.yaml")
        #expect(!computers.resolvedYAML.contains("fcm"))
        let r = try scenario.runReplication(1)
        #expect(!r.latency.contains { $0.path == "fcm" } && !r.nodes.contains { $0.kind == "fcm" })
        let used = try Scenario.parse(yaml: Self.fleet(fcm: "{}"), origin: "f.yaml")
        let resolved = used.resolvedYAML
        #expect(resolved.contains("fcm:\n  availability: always") && resolved.contains("fcm: high"))
        #expect(try Scenario.parse(yaml: resolved, origin: "resolved") == used)
    }

    @Test(
        "keys that do not apply are refused naming the key",
        arguments: [
            ("{name: p, devices: 1, fcm: high}", "classes.p.fcm: applies to a mobile class only"),
            (
                "{name: p, kind: mobile, platform: ios, devices: 1, fcm: high}",
                "classes.p.fcm: FCM forced sync applies to Android only"
            ),
            (
                "{name: p, kind: mobile, devices: 1, fcm: urgent}",
                "classes.p.fcm: \"urgent\" is not an FCM setting; allowed: off, high, normal"
            ),
        ])
    func refusals(_ text: String, _ message: String) throws {
        let yaml = "name: m\nclasses:\n  - \(text)\n"
        do {
            _ = try Scenario.parse(yaml: yaml, origin: "m.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(
        "bad fcm keys are refused naming the key",
        arguments: [
            ("{loss: 2}", "fcm.loss"),
            ("{ttl: 0s}", "fcm.ttl"),
            ("{availability: {type: weekly}}", "fcm.availability: FCM is `always` or"),
            ("{outages: [{start: 1h}]}", "fcm.outages: each outage needs start and duration"),
            ("{priority: high}", "fcm.priority"),
        ])
    func badSection(_ text: String, _ message: String) throws {
        do {
            _ = try Scenario.parse(yaml: Self.fleet(fcm: text), origin: "f.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
