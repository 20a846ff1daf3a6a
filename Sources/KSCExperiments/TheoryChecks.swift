import KSCModel
import KSCRandom
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
        return TheoryCheckResult(check: name, claim: claim, interval: ConfidenceInterval(values, level: 0.99), theory: theory(scenario))
    }

    /// Every check `kscsim validate` runs.
    public static let all: [TheoryCheck] = [periodicSync, erlangBExponential, erlangBLognormal, erlangC, wakeShare]

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
            metric: { s, _ in s.permBlocking },
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
        theory: { sc in
            let lambda = Double(sc.classes[0].devices) / sc.classes[0].syncInterval.mean
            return QueueingTheory.mmcMeanWait(servers: sc.server.syncWorkers, arrivalRate: lambda, serviceRate: 1 / sc.server.syncService.mean)
        })

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
        metric: { s, _ in Double(s.viaWake) / Double(s.deliveries + s.undelivered) },
        theory: { sc in sc.classes[0].wakeReachable * (1 - sc.classes[0].udpLoss) })
}

/// The outcome of one theory check.
public struct TheoryCheckResult: Sendable {
    public let check: String
    public let claim: String
    /// 99 % Student-t interval of the metric over replications.
    public let interval: ConfidenceInterval
    public let theory: Double
    /// True when the theoretical value lies inside the interval.
    public var passed: Bool { interval.contains(theory) }
}
