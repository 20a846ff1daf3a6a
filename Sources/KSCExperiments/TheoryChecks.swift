import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// The model's limiting cases against closed-form theory (docs/domain.md): each
/// check runs a small scenario over replications and compares the 99 % confidence
/// interval of a metric with the theoretical value.
public struct TheoryCheck: Sendable {
    /// Short name.
    public let name: String
    /// What is compared, in words.
    public let claim: String
    /// The scenario (YAML) of the check.
    public let yaml: String
    /// Replications to run.
    public let replications: Int
    /// The metric of one replication.
    public let metric: @Sendable (SummaryRecord, Scenario) -> Double
    /// The theoretical value.
    public let theory: @Sendable (Scenario) -> Double
    /// A deterministic case: every replication gives the value, so it must equal the theory
    /// up to rounding (1e-9 relative) rather than lie in an interval of width 0.
    public var exact = false

    /// Runs the check.
    /// - Throws: `InputError` or `GSLError` (a broken built-in scenario is a bug).
    public func run() throws -> TheoryCheckResult {
        let scenario = try Scenario.parse(yaml: yaml, origin: "validate:\(name)")
        var values: [Double] = []
        for r in 1...replications {
            var sink = DiscardingSink()
            let result = try scenario.runReplication(r, sink: &sink)
            values.append(metric(result.summary, scenario))
        }
        return TheoryCheckResult(
            check: name, claim: claim, interval: ConfidenceInterval(values, level: 0.99), theory: theory(scenario),
            exact: exact)
    }

    /// Every check `kscsim validate` runs.
    public static let all: [TheoryCheck] = [
        periodicSync, erlangBExponential, erlangBLognormal, erlangC, wakeShare,
        steadyStartSync, steadyStartPush, residualJitter, mmckRefused, mmckWait, pollaczekKhinchine,
        erlangCHeartbeats, mobileSchedule, mh21, psLink, psLinkTwoSizes, maxMinLinks, cacheOncePerSite,
    ]

    /// Periodic sync: a task launched at a random moment waits Uniform(0, T): mean T/2.
    public static let periodicSync = TheoryCheck(
        name: "periodic-sync",
        claim: "mean sync-path latency = T/2 + service (T = 15m, service 1ms)",
        yaml: """
            name: check-periodic-sync
            horizon: 1d
            warmup: 1h
            server: {syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: fleet, devices: 2000, syncInterval: 15m, rtt: 0s, udpLoss: 0}
            tasks:
              - {name: t, every: 1h, start: 30m}
            """,
        replications: 10,
        metric: { s, _ in s.latencyMean },
        theory: { sc in sc.classes[0].syncInterval.mean / 2 + sc.server.syncService.mean })

    /// Permanent connections as a loss system: blocking = Erlang B(c, A).
    static func erlangB(name: String, on: String) -> TheoryCheck {
        TheoryCheck(
            name: name,
            claim: "permanent-connection blocking = Erlang B(c = 200, A), on-time \(on)",
            yaml: """
                name: check-\(name)
                horizon: 400h
                warmup: 20h
                server: {syncWorkers: 100000, syncService: 1ms, permanentConnectionCap: 200}
                classes:
                  - name: fleet
                    devices: 100000
                    syncInterval: 10000d
                    rtt: 0s
                    keepConnection: 1
                    availability: {type: onoff, on: "\(on)", off: exponential(mean=500h)}
                """,
            replications: 10,
            metric: { s, _ in s.permRequestRefusedShare },
            theory: { sc in
                guard case .onOff(let on, let off) = sc.classes[0].availability else { return .nan }
                let rate = Double(sc.classes[0].devices) / (on.mean + off.mean)
                let holding = on.mean - sc.server.syncService.mean
                return QueueingTheory.erlangB(servers: sc.server.permanentConnectionCap, load: rate * holding)
            })
    }

    public static let erlangBExponential = erlangB(name: "erlang-b-exponential", on: "exponential(mean=1h)")
    public static let erlangBLognormal = erlangB(name: "erlang-b-lognormal", on: "lognormal(mean=1h, sd=2h)")

    /// Sync sessions with Poisson arrivals and exponential service: mean wait = Erlang C.
    public static let erlangC = TheoryCheck(
        name: "erlang-c",
        claim: "mean sync wait = Erlang C Wq (k = 8, exponential intervals and service)",
        yaml: """
            name: check-erlang-c
            horizon: 4h
            warmup: 30m
            server: {syncWorkers: 8, syncService: exponential(mean=500ms), backlog: 100000}
            classes:
              - {name: fleet, devices: 10000, syncInterval: exponential(mean=15m), rtt: 0s}
            """,
        replications: 10,
        metric: { s, _ in s.syncWaitMean },
        theory: { sc in erlangCWait(sc, serviceMean: sc.server.syncService.mean) })

    /// Erlang C's mean wait for the first class's devices syncing at exponential intervals on
    /// the server's workers, with exponential service of mean `serviceMean`.
    static func erlangCWait(_ sc: Scenario, serviceMean: Double) -> Double {
        let lambda = Double(sc.classes[0].devices) / sc.classes[0].syncInterval.mean
        return QueueingTheory.mmcMeanWait(
            servers: sc.server.syncWorkers, arrivalRate: lambda, serviceRate: 1 / serviceMean)
    }

    /// Wake packets: the share of devices a task reaches by wake = wakeReachable x (1 - udpLoss).
    /// One task only: with several, a later wake packet also delivers the tasks an
    /// earlier lost packet left pending, which raises the share above the formula.
    public static let wakeShare = TheoryCheck(
        name: "wake-share",
        claim: "share of devices reached by wake = wakeReachable x (1 - udpLoss) = 0.6 x 0.95 (one task)",
        yaml: """
            name: check-wake-share
            horizon: 3h
            warmup: 1h
            server: {syncWorkers: 64, syncService: 10ms, wakeSendRate: 100000}
            classes:
              - {name: fleet, devices: 20000, syncInterval: 1d, wakeReachable: 0.6, udpLoss: 0.05}
            tasks:
              - {name: t, at: [2h]}
            """,
        replications: 10,
        metric: { s, _ in Double(s.viaWake) / Double(s.pairs) },
        theory: { sc in sc.classes[0].wakeReachable * (1 - sc.classes[0].udpLoss) })
}

extension TheoryCheck {
    /// Steady start: a task launched at time 0 waits the equilibrium residual of the
    /// sync interval (E[T²] / 2E[T] = 15 min for exponential(mean=15m)), as later.
    public static let steadyStartSync = TheoryCheck(
        name: "steady-start-sync",
        claim: "a task at time 0 waits E[T²]/2E[T] + service = 15m (T exponential, mean 15m; no warm-up)",
        yaml: """
            name: check-steady-start-sync
            horizon: 6h
            server: {syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: fleet, devices: 5000, syncInterval: exponential(mean=15m), rtt: 0s, udpLoss: 0}
            tasks:
              - {name: t, at: [0s]}
            """,
        replications: 10,
        metric: { s, _ in s.latencyMean },
        theory: { sc in
            sc.classes[0].syncInterval.secondMoment / (2 * sc.classes[0].syncInterval.mean) + sc.server.syncService.mean
        })

    /// Steady start: Keep-connection devices under the cap already hold their connection
    /// at time 0, so a task at time 0 is pushed to every one of them.
    public static let steadyStartPush = TheoryCheck(
        name: "steady-start-push",
        claim: "share of a task at time 0 pushed to 200 always-on Keep-connection devices under a cap of 300 = 1",
        yaml: """
            name: check-steady-start-push
            horizon: 2h
            classes:
              - {name: fleet, devices: 200, keepConnection: 1}
            tasks:
              - {name: t, at: [0s]}
            """,
        replications: 10,
        metric: { s, _ in Double(s.viaPush) / Double(s.pairs) },
        theory: { _ in 1 })

    /// Residual life with jittered intervals: mean wait E[T²] / 2E[T] with T = interval + jitter.
    public static let residualJitter = TheoryCheck(
        name: "residual-jitter",
        claim: "mean sync-path latency = E[T²]/2E[T] + service, T = uniform(10m, 20m) + uniform(0s, 5m)",
        yaml: """
            name: check-residual-jitter
            horizon: 1d
            warmup: 1h
            server: {syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: fleet, devices: 2000, syncInterval: "uniform(min=10m, max=20m)", syncJitter: "uniform(min=0s, max=5m)", rtt: 0s}
            tasks:
              - {name: t, every: 1h, start: 90m}
            """,
        replications: 10,
        metric: { s, _ in s.latencyMean },
        theory: { sc in
            let x = sc.classes[0].syncInterval
            let y = sc.classes[0].syncJitter
            let mean = x.mean + y.mean
            let second = x.variance + y.variance + mean * mean
            return second / (2 * mean) + sc.server.syncService.mean
        })

    /// The bounded backlog as M/M/c/K: Poisson syncs (exponential intervals, and a
    /// refused agent retries after an exponential delay of the same mean, so its
    /// attempts stay Poisson), exponential service, c = 2 workers, room for 3 waiting.
    static func mmck(
        name: String, claim: String, metric: @escaping @Sendable (SummaryRecord) -> Double,
        theory: @escaping @Sendable ((refused: Double, meanWaitTimesMu: Double), Double) -> Double
    ) -> TheoryCheck {
        TheoryCheck(
            name: name,
            claim: claim,
            yaml: """
                name: check-\(name)
                horizon: 6h
                warmup: 30m
                server: {syncWorkers: 2, syncService: exponential(mean=1s), backlog: 3, retryAfter: "exponential(mean=11111s)"}
                classes:
                  - {name: fleet, devices: 20000, syncInterval: exponential(mean=11111s), rtt: 0s}
                """,
            replications: 10,
            metric: { s, _ in metric(s) },
            theory: { sc in
                let mu = 1 / sc.server.syncService.mean
                let lambda = Double(sc.classes[0].devices) / sc.classes[0].syncInterval.mean
                let c = sc.server.syncWorkers
                return theory(QueueingTheory.mmcK(servers: c, capacity: c + sc.server.backlog, load: lambda / mu), mu)
            })
    }

    public static let mmckRefused = mmck(
        name: "mmck-refused", claim: "refused share of sync connections = M/M/c/K blocking (c = 2, K = 5, load 1.8)",
        metric: { Double($0.connectionsRefused) / Double($0.connectionsRefused + $0.syncs) },
        theory: { t, _ in t.refused })

    public static let mmckWait = mmck(
        name: "mmck-wait", claim: "mean wait of admitted sync sessions = M/M/c/K Wq (c = 2, K = 5, load 1.8)",
        metric: { $0.syncWaitMean }, theory: { t, mu in t.meanWaitTimesMu / mu })

    /// One worker with log-normal service: mean wait from Pollaczek-Khinchine,
    /// Wq = lambda E[S²] / (2 (1 - rho)).
    public static let pollaczekKhinchine = TheoryCheck(
        name: "pollaczek-khinchine",
        claim: "mean sync wait = lambda E[S²] / 2(1 - rho) (one worker, lognormal(mean=1s, sd=1s) service, rho = 0.6)",
        yaml: """
            name: check-pollaczek-khinchine
            horizon: 12h
            warmup: 1h
            server: {syncWorkers: 1, syncService: "lognormal(mean=1s, sd=1s)", backlog: 1000000}
            classes:
              - {name: fleet, devices: 20000, syncInterval: exponential(mean=33333.333333s), rtt: 0s}
            """,
        replications: 10,
        metric: { s, _ in s.syncWaitMean },
        theory: { sc in
            let lambda = Double(sc.classes[0].devices) / sc.classes[0].syncInterval.mean
            let service = sc.server.syncService
            return lambda * service.secondMoment / (2 * (1 - lambda * service.mean))
        })
}

/// The outcome of one theory check.
public struct TheoryCheckResult: Sendable {
    public let check: String
    public let claim: String
    /// 99 % Student-t interval of the metric over replications.
    public let interval: ConfidenceInterval
    public let theory: Double
    /// A deterministic check (`TheoryCheck.exact`).
    public var exact = false
    /// True when the theoretical value lies inside the interval (equals the value, when exact).
    public var passed: Bool {
        exact ? abs(interval.mean - theory) <= 1e-9 * Swift.max(1, abs(theory)) : interval.contains(theory)
    }
}
