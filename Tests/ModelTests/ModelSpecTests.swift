import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// The answers of docs/model.md ("The questions this page settles"), each observed through a
/// scenario file: every test would fail under the other answer.
@Suite("Model specification")
struct ModelSpecTests {
    static func run(_ yaml: String, replication: Int = 1) throws -> (SummaryRecord, MemorySink) {
        let scenario = try Scenario.parse(yaml: yaml, origin: "spec.yaml")
        var sink = MemorySink()
        let result = try scenario.runReplication(replication, sink: &sink, timeseriesStep: nil)
        return (result.summary, sink)
    }

    @Test("a push into a dead connection is lost and counted; the task waits for the next sync")
    func pushIntoDeadConnection() throws {
        // Devices hold connections; every shutdown is abrupt, and the server keeps the dead
        // connection for 10 h, so launches find offline devices still holding.
        let yaml = """
            horizon: 2d
            drain: 6h
            server: {deadConnectionTimeout: 10h}
            classes:
              - {name: a, devices: 200, keepConnection: 1, abruptOff: 1, wakeReachable: 1,
                 availability: {type: onoff, on: exponential(mean=2h), off: exponential(mean=1h)}}
            tasks: [{name: t, every: 1h}]
            """
        for replication in 1...3 {
            let (s, sink) = try Self.run(yaml, replication: replication)
            #expect(s.pushLost > 0)
            // No pair is pushed to an offline device and none is lost for good: each lost
            // push is delivered later by a sync (startup or periodic), never by a wake packet
            // (the server believes the device holds its connection).
            #expect(s.undelivered == 0)
            let late = sink.deliveries.filter { $0.path == .startup || $0.path == .sync }.count
            #expect(late >= s.pushLost)
        }
        // Clean shutdowns drop the connection at once: nothing is pushed into a dead one.
        let (clean, _) = try Self.run(yaml.replacingOccurrences(of: "abruptOff: 1", with: "abruptOff: 0"))
        #expect(clean.pushLost == 0)
    }

    @Test("the missed-syncs mark applies to online devices")
    func missedSyncsMarkOnlineDevices() throws {
        // Always-on devices syncing hourly; a 3-hour outage fails their syncs. The task launched
        // during the outage is launched at its end; by then their last completed sync is more
        // than 1 interval old, so with offlineAfterMissedSyncs 1 the server believes them off
        // and sends no wake packet; with 5 it sends one to each.
        func yaml(_ missed: Int) -> String {
            """
            horizon: 8h
            server: {offlineAfterMissedSyncs: \(missed), outages: [{start: 1h, duration: 3h}]}
            classes: [{name: a, devices: 50, syncInterval: 1h, wakeReachable: 1}]
            tasks: [{name: t, at: [2h]}]
            """
        }
        let (marked, _) = try Self.run(yaml(1))
        let (unmarked, _) = try Self.run(yaml(5))
        #expect(marked.wakeSent == 0)
        #expect(unmarked.wakeSent == 50)
    }

    @Test("a wake delivery takes RTT/2 (packet) + RTT/2 (connection) + service + RTT/2 (answer)")
    func wakeTiming() throws {
        // One device, constant times: the packet leaves at the launch, travels 0.05 s, the
        // connection 0.05 s, the session 2 s and the answer 0.05 s: latency 2.15 s exactly.
        let (s, sink) = try Self.run(
            """
            horizon: 1d
            server: {syncService: 2s}
            classes: [{name: a, devices: 1, syncInterval: 1d, rtt: 100ms, wakeReachable: 1}]
            tasks: [{name: t, at: [1h]}]
            """)
        #expect(s.viaWake == 1)
        let d = try #require(sink.deliveries.first)
        #expect(abs(d.latency - 2.15) < 1e-9)
    }

    @Test("a device waiting to retry has its sync under way: timers start no new sync")
    func retryIsASyncUnderWay() throws {
        // 20 devices syncing every minute; a 1-hour outage refuses them and they retry every
        // 10 minutes. With the retry counted as a sync under way each device is refused about
        // 6 times; if every timer started a new connection it would be about 60 times.
        let (s, _) = try Self.run(
            """
            horizon: 3h
            server: {retryAfter: 10m, outages: [{start: 1h, duration: 1h}]}
            classes: [{name: a, devices: 20, syncInterval: 1m}]
            """)
        #expect(s.connectionsRefused >= 20 * 5 && s.connectionsRefused <= 20 * 8)
    }

    @Test("the periodic timer keeps its own phase: syncs started by wake packets do not move it")
    func timerPhase() throws {
        // One always-on device, interval 1 h, a task every hour at the half hour woken at once.
        // Own phase: 10 periodic + about 10 wake syncs in 10 h. Had each sync restarted the
        // timer, the half-hourly wake syncs would keep pushing it back and the device would
        // make about 10 syncs in all.
        let (s, _) = try Self.run(
            """
            horizon: 10h
            classes: [{name: a, devices: 1, syncInterval: 1h, wakeReachable: 1}]
            tasks: [{name: t, every: 1h, start: 30m}]
            """)
        #expect(s.syncs >= 18 && s.syncs <= 21)
        #expect(s.viaWake >= 8)
    }

    @Test("a shutdown notice takes RTT/2 and the server believes the device off at once")
    func shutdownNotice() throws {
        let (s, _) = try Self.run(
            """
            horizon: 2d
            classes:
              - {name: a, devices: 100, rtt: 300ms, shutdownNotice: 1, abruptOff: 0,
                 availability: {type: onoff, on: exponential(mean=2h), off: exponential(mean=1h)}}
            """)
        #expect(abs(s.statusStaleMean - 0.15) < 1e-9)
    }

    @Test("a slot is held from the end of service, not from the answer's arrival")
    func slotFromServiceEnd() throws {
        // One weekly device comes online at 08:00 and makes its startup sync: the connection
        // travels 500 s, the session takes 1 s; the slot is granted at 08:00 + 501 s (the
        // answer would arrive 500 s later). Mean slots in use over 9 h = (3600 − 501) / 32400.
        let (s, _) = try Self.run(
            """
            horizon: 9h
            server: {syncService: 1s}
            classes:
              - {name: a, devices: 1, keepConnection: 1, rtt: 1000s, syncInterval: 1d,
                 availability: {type: weekly, days: mon-fri, start: "08:00", startSpread: 0s, end: "18:00",
                                endSpread: 0s}}
            """)
        #expect(abs(s.permInUseMean - (3600 - 501) / 32400) < 1e-9)
    }

    @Test("a device back before the dead-connection timeout keeps its slot and asks for no other")
    func backBeforeTimeout() throws {
        func yaml(_ timeout: String) -> String {
            """
            horizon: 1d
            server: {deadConnectionTimeout: \(timeout)}
            classes:
              - {name: a, devices: 50, keepConnection: 1, abruptOff: 1,
                 availability: {type: onoff, on: exponential(mean=1h), off: constant(1m)}}
            """
        }
        // Offline for 1 minute, the slot waits 1 hour: every device takes its slot over, and
        // no request is made after time 0.
        let (kept, _) = try Self.run(yaml("1h"))
        #expect(kept.permRequests == 0)
        // With a 10-second timeout the slot is freed before each return, and asked for again.
        let (freed, _) = try Self.run(yaml("10s"))
        #expect(freed.permRequests > 500)
    }

    @Test("wakeReachable is an exact count of devices, not a draw per device")
    func wakeReachableCount() throws {
        // 7 always-on devices, share 0.5: exactly round(3.5) = 4 are reachable in every
        // replication (a draw per device would vary from 0 to 7).
        for replication in 1...10 {
            let (s, _) = try Self.run(
                """
                horizon: 1d
                classes: [{name: a, devices: 7, syncInterval: 2d, wakeReachable: 0.5}]
                tasks: [{name: t, at: [1h]}]
                """, replication: replication)
            #expect(s.viaWake == 4)
        }
    }

    @Test("the static reading ticks only devices that want Keep connection")
    func staticReadingCountsTickedOnly() throws {
        // 100 always-on devices, 10 of them ticked; cap 50. Under the static reading the
        // 10 ticked devices get slots; the 90 unticked ones do not count against the cap.
        let (s, _) = try Self.run(
            """
            horizon: 1d
            server: {permanentConnectionCap: 50, permanentCapReading: static-random}
            classes: [{name: a, devices: 100, keepConnection: 0.1}]
            """)
        #expect(s.permWantingMean == 10)
        #expect(s.permInUseMax == 10)
        #expect(s.permWithoutMean == 0)
    }

    @Test("who holds the slots at time 0 is the key startHolders, not an accident of event order")
    func startHolders() throws {
        // 400 always-on servers and 400 laptops want Keep connection; the cap is 300.
        func run(_ rule: String) throws -> (perm0: Int, laptopPushes: Int, serverPushes: Int) {
            let scenario = try Scenario.parse(
                yaml: """
                    horizon: 1d
                    server: {startHolders: \(rule)}
                    classes:
                      - {name: servers, devices: 400, keepConnection: 1}
                      - {name: laptops, devices: 400, keepConnection: 1,
                         availability: {type: onoff, on: exponential(mean=8h), off: exponential(mean=1h)}}
                    tasks: [{name: t, every: 1h}]
                    """, origin: "start.yaml")
            var sink = MemorySink()
            let result = try scenario.runReplication(1, sink: &sink, timeseriesStep: 3600)
            let pushes = { (c: String) in
                result.latency.first { $0.deviceClass == c && $0.path == "push" }?.deliveries ?? -1
            }
            return (sink.samples.first { $0.time == 0 }?.permInUse ?? -1, pushes("laptops"), pushes("servers"))
        }
        let random = try run("random")
        let restarted = try run("none")
        let alwaysOnFirst = try run("always-on-first")
        #expect(random.perm0 == 300 && alwaysOnFirst.perm0 == 300 && restarted.perm0 == 0)
        // Always-on devices never give a slot back: holding all 300 from the start, they leave
        // the laptops none all day; at random the laptops hold some from the start.
        #expect(alwaysOnFirst.laptopPushes == 0 && alwaysOnFirst.serverPushes > 0)
        #expect(random.laptopPushes > 0)
    }
}
