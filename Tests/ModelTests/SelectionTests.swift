import Foundation
import KSCModel
import KSCStatistics
import KSCSupport
import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCScenario

/// `select` on candidates whose true means are known in closed form, over 100 independent
/// macro-replications of the whole procedure (each with its own base seed).
///
/// Periodic sync with interval T (no jitter), every device always online, constant RTT and
/// service, workers to spare: a task launched at a uniform point of a device's sync cycle waits
/// U(0, T) for the next timer, then RTT/2 up, the service S and RTT/2 down, so the mean
/// latency over all pairs is T/2 + RTT + S (drain keeps every pair delivered). Utilization is
/// (devices / T) x S / workers.
@Suite("Selection with a stated confidence")
struct SelectionTests {
    static let macroReplications = 100

    /// Runs the whole procedure in memory with base seed `seed`; returns its outcome.
    static func select(_ yaml: String, seed: Int) throws -> SequentialSelection.Outcome {
        let plan = try SweepPlan.parse(yaml: yaml, origin: "select.yaml", overrides: ["seed=\(seed)"])
        guard case .select(let rule) = plan.procedure else { throw InputError("not a select sweep") }
        let procedure = try rule.procedure(points: plan.points)
        var data: [[[Double]]] = Array(repeating: [], count: plan.points.count)
        while true {
            let outcome = procedure.replay(data)
            if outcome.finished { return outcome }
            for (p, need) in outcome.needs.enumerated() {
                guard let need else { continue }
                while data[p].count < need {
                    let result = try plan.points[p].runReplication(data[p].count + 1)
                    data[p].append(AggregateTable.values(result.summary))
                }
            }
        }
    }

    static let fleet = """
        name: closed-form
        horizon: 3h
        drain: 30m
        classes:
          - {name: all, devices: 20, syncInterval: 10m, rtt: 60ms}
        tasks:
          - {name: t, every: 10m}

        """

    @Test("feasibility with a cost: the longest interval whose mean latency T/2 + RTT + S is under the threshold")
    func costObjective() throws {
        // Means 150.16, 300.16, 450.16, 600.16 s against 420 ± 20: 10m is the answer, 15m and 20m infeasible.
        let yaml =
            Self.fleet + """
                server: {syncWorkers: 16, syncService: 100ms}
                sweep:
                  replications: 200
                  vary: {classes.all.syncInterval: [5m, 10m, 15m, 20m]}
                  select: {constraints: ["latency_mean_s <= 420 ± 20"], maximize: classes.all.syncInterval, firstStage: 10}
                """
        var right = 0
        var infeasibleFound = 0
        for m in 0..<Self.macroReplications {
            let outcome = try Self.select(yaml, seed: 10_000 + m)
            if outcome.chosen == 1 { right += 1 }
            if outcome.status[2] == .infeasible && outcome.status[3] == .infeasible { infeasibleFound += 1 }
            #expect(outcome.guaranteed)
        }
        #expect(right >= 95, "chose 10m in \(right) of \(Self.macroReplications)")
        #expect(
            infeasibleFound >= 95, "declared 15m and 20m infeasible in \(infeasibleFound) of \(Self.macroReplications)")
    }

    @Test(
        "selection among the feasible: least mean latency under a utilization limit, best by exactly the indifference zone"
    )
    func metricObjective() throws {
        // S = 9 s, 20 devices. Utilization: 4m/1 worker 0.75 (infeasible: the lowest latency, but not allowed),
        // 5m/2 0.30, 6m/2 0.25, 7m/1 0.43 against 0.5 ± 0.05. Latency means about 159, 189, 219 s:
        // 5m/2 is the answer, 6m/2 exactly δ = 30 s behind.
        let yaml =
            Self.fleet + """
                server: {syncService: 9s}
                sweep:
                  replications: 200
                  zip:
                    classes.all.syncInterval: [4m, 5m, 6m, 7m]
                    server.syncWorkers: [1, 2, 2, 1]
                  select: {constraints: ["server_utilization <= 0.5 ± 0.05"], minimize: "latency_mean_s ± 30", firstStage: 10}
                """
        var right = 0
        var infeasibleFound = 0
        for m in 0..<Self.macroReplications {
            let outcome = try Self.select(yaml, seed: 20_000 + m)
            if outcome.chosen == 1 { right += 1 }
            if outcome.status[0] == .infeasible { infeasibleFound += 1 }
            #expect(outcome.guaranteed)
        }
        #expect(right >= 95, "chose 5m with 2 workers in \(right) of \(Self.macroReplications)")
        #expect(
            infeasibleFound >= 95,
            "declared 4m with 1 worker infeasible in \(infeasibleFound) of \(Self.macroReplications)")
    }

    @Test("the closed form itself: the mean latency of periodic sync is T/2 + RTT + S")
    func closedForm() throws {
        let scenario = try Scenario.parse(
            yaml: Self.fleet + "server: {syncWorkers: 16, syncService: 100ms}\nreplications: 40\n", origin: "cf.yaml")
        let values = try (1...40).map { try scenario.runReplication($0).summary.latencyMean }
        let ci = ConfidenceInterval(values, level: 0.99)
        #expect(ci.contains(300 + 0.06 + 0.1), "mean latency \(ci.mean) ± \(ci.halfWidth), expected 300.16")
    }
}
