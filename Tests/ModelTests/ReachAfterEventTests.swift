import Foundation
import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// Times after an event: after a launch until shares of its devices had the task, after an
/// outage until shares of the devices online at its end had synced.
@Suite("Times after an event")
struct ReachAfterEventTests {
    static func run(_ yaml: String) throws -> SummaryRecord {
        let scenario = try Scenario.parse(yaml: yaml, origin: "after.yaml")
        var sink = DiscardingSink()
        return try scenario.runReplication(1, sink: &sink, timeseriesStep: nil).summary
    }

    @Test("periodic syncs only: the time until X% of a launch's devices have the task is X × the interval")
    func launchReach() throws {
        // 2,000 always-on devices syncing every hour at uniform phases, 20 launches: each
        // device gets the task at its next sync, a uniform residual of the hour, so the X-share
        // is reached after X hours (the order statistic; its sd over 20 launches is about 10 s).
        let s = try Self.run(
            """
            horizon: 22h
            warmup: 1h
            drain: 1h
            classes: [{name: a, devices: 2000, syncInterval: 1h}]
            tasks: [{name: t, every: 1h, start: 30m}]
            """)
        for (measured, share) in [(s.launchReachP50, 0.5), (s.launchReachP90, 0.9), (s.launchReachP99, 0.99)] {
            #expect(abs(measured - share * 3600) < 60, "p\(Int(share * 100)): \(measured)")
        }
        #expect(s.launchReachP50 < s.launchReachP90 && s.launchReachP90 <= s.launchReachP95)
        #expect(s.outagesEnded == 0 && s.outageRecoveryP50.isNaN)
    }

    @Test("a launch whose devices are not all reached by the horizon leaves its shares unknown")
    func unknownWhenNotReached() throws {
        let s = try Self.run(
            """
            horizon: 3h
            classes: [{name: a, devices: 100, syncInterval: 1d}]
            tasks: [{name: t, at: [1h]}]
            """)
        #expect(s.launchReachP50.isNaN && s.launchReachP99.isNaN)
    }

    @Test("after an outage every device is retrying: the devices online at its end sync within one retry")
    func outageRecovery() throws {
        // Refused devices retry every uniform(30 s, 2 min); at the end of the outage the next
        // retry comes after the residual of that cycle (mean 42 s), so every device has synced
        // within 2 minutes (plus its trip and session).
        let s = try Self.run(
            """
            horizon: 6h
            warmup: 1h
            server: {outages: [{start: 2h, duration: 1h}]}
            classes: [{name: a, devices: 1000, syncInterval: 30m}]
            """)
        #expect(s.outagesEnded == 1)
        #expect(s.outageRecoveryP50 > 20 && s.outageRecoveryP50 < 60, "\(s.outageRecoveryP50)")
        #expect(s.outageRecoveryP99 > s.outageRecoveryP50 && s.outageRecoveryP99 < 125, "\(s.outageRecoveryP99)")
    }

    @Test("after a short outage the idle devices are reached at their next periodic sync: X% after X × the interval")
    func recoveryOfIdleDevices() throws {
        // A 10-second outage with an hourly sync: almost every device online at its end is idle
        // (its timer not due), so it is reached at its next timer, a uniform residual of the
        // hour. (A device's flag "awaiting recovery" once shared bits with the sync's reason and
        // was cleared when its next sync started: then these shares were never reached.)
        let s = try Self.run(
            """
            horizon: 5h
            warmup: 1h
            server: {outages: [{start: 2h, duration: 10s}]}
            classes: [{name: a, devices: 4000, syncInterval: 1h}]
            """)
        #expect(s.outagesEnded == 1)
        #expect(abs(s.outageRecoveryP50 - 1800) < 120, "\(s.outageRecoveryP50)")
        #expect(abs(s.outageRecoveryP90 - 3240) < 120, "\(s.outageRecoveryP90)")
    }
}
