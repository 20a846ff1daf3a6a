import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCModel
@testable import KSCScenario

/// The eleven faults of the "honest numbers" issue, each through a user-facing scenario.
@Suite("What every figure counts")
struct FigureRulesTests {
    static func run(_ yaml: String, replication: Int = 1) throws -> (SummaryRecord, MemorySink, [LatencyRecord]) {
        let scenario = try Scenario.parse(yaml: yaml, origin: "test.yaml")
        var sink = MemorySink()
        let result = try scenario.runReplication(replication, sink: &sink)
        return (result.summary, sink, result.latency)
    }

    @Test("undelivered pairs count in every latency figure; a quantile among them is unknown")
    func undeliveredCount() throws {
        // Half the fleet is off from Monday 18:00 until the next Monday: a task on Tuesday
        // reaches only the always-on half before the horizon.
        let (s, _, rows) = try Self.run(
            """
            name: u
            horizon: 2d
            warmup: 20h
            classes:
              - {name: on, devices: 100, wakeReachable: 1, udpLoss: 0}
              - {name: off, devices: 100, availability: {type: weekly, days: mon, start: "08:00", end: "18:00"}}
            tasks:
              - {name: t, at: [30h]}
            """)
        #expect(s.pairs == 200 && s.deliveries == 100 && s.undelivered == 100)
        #expect(s.undeliveredShare == 0.5)
        #expect(s.within3600 <= 0.5 && s.within3600 > 0.45)
        #expect(s.latencyP50.isFinite && s.latencyP50 < 60)
        #expect(s.latencyP90.isNaN && s.latencyP99.isNaN && s.latencyMean.isNaN)
        #expect(s.deliveredLatencyMean < 60)
        let all = try #require(rows.first { $0.deviceClass == "off" && $0.path == "all" })
        #expect(all.pairs == 100 && all.undelivered == 100 && all.p50.isNaN)
    }

    @Test("a quantile beyond the shortest censored wait is unknown, below it exact")
    func censoring() throws {
        // Tasks until 1 minute before the horizon: the last launch's pairs are cut off
        // after 60 s, so a p99 of ~15 minutes cannot be known; with a 1-hour drain it is.
        let base = """
            name: c
            horizon: 1d
            warmup: 1h
            DRAIN
            classes:
              - {name: a, devices: 500, syncInterval: 15m}
            tasks:
              - {name: t, every: 1h, start: 59m}
            """
        let (cut, _, _) = try Self.run(base.replacingOccurrences(of: "DRAIN", with: ""))
        #expect(cut.undelivered > 0 && cut.censoredAfter == 60)
        #expect(cut.latencyP99.isNaN)
        let (drained, _, _) = try Self.run(base.replacingOccurrences(of: "DRAIN", with: "drain: 1h"))
        #expect(drained.undelivered == 0 && drained.censoredAfter.isNaN)
        #expect(drained.latencyP99 > 800 && drained.latencyP99 < 901)
    }

    @Test(
        "the cap is counted per device: the share of wanting devices' online time without a slot does not move with the sync interval",
        arguments: ["5m", "60m"])
    func capPerDevice(interval: String) throws {
        let (s, _, _) = try Self.run(
            """
            name: cap
            horizon: 6h
            warmup: 1h
            server: {permanentConnectionCap: 300}
            classes:
              - {name: a, devices: 1000, syncInterval: \(interval), keepConnection: 1}
            """)
        #expect(abs(s.permWantingMean - 1000) < 1e-9)
        #expect(abs(s.permWithoutMean - 700) < 1e-9)
        #expect(abs(s.permWithoutShare - 0.7) < 1e-9)
        #expect(s.permRequestRefusedShare == 1)
    }

    @Test(
        "static reading of the cap: at most cap devices ticked, no refusal; class order ticks the first classes first"
    )
    func staticReading() throws {
        let (random, _, _) = try Self.run(
            """
            name: st
            horizon: 6h
            warmup: 1h
            server: {permanentConnectionCap: 300, permanentCapReading: static-random}
            classes:
              - {name: a, devices: 1000, keepConnection: 1}
            """)
        #expect(random.permRequestsRefused == 0 && random.permInUseMax == 300)
        #expect(abs(random.permWithoutShare - 0.7) < 1e-9)
        let (ordered, sink, _) = try Self.run(
            """
            name: st
            horizon: 3h
            warmup: 1h
            server: {permanentConnectionCap: 300, permanentCapReading: static-class-order}
            classes:
              - {name: a, devices: 200, keepConnection: 1}
              - {name: b, devices: 200, keepConnection: 1}
            tasks:
              - {name: t, at: [2h]}
            """)
        #expect(ordered.permRequestsRefused == 0)
        #expect(sink.deliveries.filter { $0.deviceClass == "a" }.allSatisfy { $0.path == .push })
        #expect(sink.deliveries.filter { $0.deviceClass == "b" && $0.path == .push }.count == 100)
        let load = OfferedLoad(
            try Scenario.parse(
                yaml:
                    "name: w\nserver: {permanentCapReading: static-random}\nclasses: [{name: a, devices: 500, keepConnection: 1}]",
                origin: "w"))
        #expect(
            load.warnings.contains {
                $0.contains(
                    "500 devices want Keep connection; under the static reading of the cap only 300 can be ticked")
            })
    }

    @Test("steady start: a task at time 0 sees the latency of a task hours later; held connections exist at time 0")
    func steadyStart() throws {
        let (_, sink, _) = try Self.run(
            """
            name: ss
            horizon: 8h
            server: {syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: a, devices: 4000, syncInterval: exponential(mean=15m), rtt: 0s}
              - {name: k, devices: 50, keepConnection: 1}
            tasks:
              - {name: t, at: [0s, 5h]}
            """)
        let early = sink.deliveries.filter { $0.deviceClass == "a" && $0.launched == 0 }.map(\.latency)
        let late = sink.deliveries.filter { $0.deviceClass == "a" && $0.launched == 18000 }.map(\.latency)
        #expect(early.count == 4000 && late.count == 4000)
        let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
        // Both are exponential residuals of mean 900 s: standard error about 14 s each.
        #expect(abs(mean(early) - 900) < 60 && abs(mean(late) - 900) < 60 && abs(mean(early) - mean(late)) < 80)
        #expect(sink.deliveries.filter { $0.deviceClass == "k" && $0.launched == 0 }.allSatisfy { $0.path == .push })
    }

    @Test("the offline window counts the jitter: the share believed online matches the renewal formula")
    func offlineWindowJitter() throws {
        // Marked off after one mean interval of interval + jitter = 15 + 5 = 20 minutes of
        // silence. At a random launch a device has been silent longer with probability
        // E[(T - 20m)+] / E[T] = 1.25 / 20 for T = 15m + U(0, 10m): the wake share is 0.9375.
        // (The window of 15 minutes, the interval's mean alone, gives 0.75.)
        let (s, _, _) = try Self.run(
            """
            name: j
            horizon: 1d
            warmup: 2h
            server: {offlineAfterMissedSyncs: 1, syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: a, devices: 3000, syncInterval: 15m, syncJitter: "uniform(min=0s, max=10m)", wakeReachable: 1, udpLoss: 0, rtt: 0s}
            tasks:
              - {name: t, every: 1h, start: 150m}
            """)
        let share = Double(s.viaWake) / Double(s.pairs)
        #expect(abs(share - 0.9375) < 0.01, "\(share)")
    }

    @Test("staleness uses the known mark time, not the horizon")
    func stalenessAtHorizon() throws {
        let (s, _, _) = try Self.run(
            """
            name: st
            horizon: 18h30m
            classes:
              - {name: a, devices: 4000, syncInterval: 15m, shutdownNotice: 0,
                 availability: {type: weekly, days: mon, start: "08:00", startSpread: 15m, end: "18:00"}}
            """.replacingOccurrences(of: "18h30m", with: "1110m"))
        // Marked off 3 x 15 min after the last sync, which is U(0, 15 min) before 18:00.
        #expect(abs(s.statusStaleMean - 2250) < 30, "\(s.statusStaleMean)")
    }

    @Test("launches deferred by an outage past the horizon count as launched and undelivered")
    func deferredPastHorizon() throws {
        let (s, _, _) = try Self.run(
            """
            name: d
            horizon: 1d
            warmup: 1h
            server: {outages: [{start: 20h, duration: 10h}]}
            classes:
              - {name: a, devices: 100}
            tasks:
              - {name: t, at: [22h]}
            """)
        #expect(s.tasksLaunched == 1 && s.pairs == 100 && s.undelivered == 100)
    }

    @Test("a wake packet during the device's own sync makes it sync again: nobody waits an interval")
    func wakeDuringSync() throws {
        let (s, _, _) = try Self.run(
            """
            name: w
            horizon: 12h
            warmup: 1h
            server: {syncWorkers: 1000, syncService: 30s}
            classes:
              - {name: a, devices: 500, syncInterval: 1h, wakeReachable: 1, udpLoss: 0}
            tasks:
              - {name: t, every: 7m, start: 61m}
            """)
        #expect(s.undelivered == 0)
        #expect(s.latencyMax < 120, "\(s.latencyMax)")
    }

    @Test("a push at the end of a sync session travels RTT/2 too")
    func pushHalfRTT() throws {
        let (_, sink, _) = try Self.run(
            """
            name: p
            horizon: 12h
            warmup: 1h
            server: {syncService: 10s, pushCost: 0s}
            classes:
              - {name: a, devices: 300, keepConnection: 1, rtt: 1s, availability: {type: onoff, on: exponential(mean=1h), off: exponential(mean=20m)}}
            tasks:
              - {name: t, every: 3m}
            """)
        let pushes = sink.deliveries.filter { $0.path == .push && $0.launched >= 3600 }
        #expect(pushes.count > 1000)
        #expect(pushes.allSatisfy { $0.latency >= 0.5 }, "\(pushes.map(\.latency).min() ?? 0)")
    }

    @Test("quantiles are resolved beyond 10^8 s (horizons up to 100 years)")
    func longQuantiles() throws {
        let (s, _, _) = try Self.run(
            """
            name: long
            horizon: 3650d
            classes:
              - {name: a, devices: 1000, syncInterval: 1d, availability: {type: onoff, on: 1d, off: 1500d}}
            tasks:
              - {name: t, at: [0s]}
            """)
        #expect(s.undelivered == 0)
        #expect(s.latencyP99 > 1.2e8 && s.latencyP99 <= s.latencyMax * 1.001)
        #expect(throws: InputError.self) {
            try Scenario.parse(yaml: "horizon: 36501d\nclasses: [{name: a}]", origin: "h")
        }
    }

    @Test("the push-server pool reports its requests, refusals and connections held")
    func pushPoolColumns() throws {
        let (s, _, _) = try Self.run(
            """
            name: ps
            horizon: 4h
            warmup: 1h
            pushServers: {count: 1, capacity: 150, classes: [a]}
            classes:
              - {name: a, devices: 200}
            """)
        #expect(s.pushInUseMax == 150 && abs(s.pushInUseMean - 150) < 1e-9)
        #expect(s.pushRequests > 0 && s.pushRequestsRefused > 0)
        #expect(SummaryRecord.columnNames.contains("push_requests_refused"))
    }
}
