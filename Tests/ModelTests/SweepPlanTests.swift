import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCScenario
@testable import KSCSupport

@Suite("SweepPlan")
struct SweepPlanTests {
    static let base = """
        name: sp
        horizon: 2h
        seed: 9
        classes:
          - {name: a, devices: 20}
          - {name: b, devices: 10}
        tasks:
          - {name: t, every: 30m}

        """

    @Test("vary is a full factorial, last key fastest; zip rows move together")
    func expansion() throws {
        let plan = try SweepPlan.parse(
            yaml: Self.base + """
                sweep:
                  replications: 2
                  vary:
                    "classes.a.wakeReachable": [0, 1]
                    "classes.a.syncInterval": [5m, "uniform(min=1m, max=2m)", 30m]
                  zip:
                    "server.permanentConnectionCap": [10, 20]
                    "classes.b.devices": [5, 50]
                """, origin: "s.yaml")
        #expect(
            plan.columns == [
                "classes.a.wakeReachable", "classes.a.syncInterval", "server.permanentConnectionCap",
                "classes.b.devices",
            ])
        #expect(plan.points.count == 2 * 3 * 2 && plan.runCount == 24)
        #expect(plan.pointLabels[0] == ["0", "5m", "10", "5"])
        #expect(plan.pointLabels[1] == ["0", "5m", "20", "50"])
        #expect(plan.pointLabels[2] == ["0", "uniform(min=1m, max=2m)", "10", "5"])
        #expect(plan.pointLabels[11] == ["1", "30m", "20", "50"])
        #expect(
            plan.points[11].classes[0].wakeReachable == 1 && plan.points[11].classes[0].syncInterval == .constant(1800))
        #expect(plan.points[11].server.permanentConnectionCap == 20 && plan.points[11].classes[1].devices == 50)
        #expect(plan.points[2].classes[0].syncInterval == .uniform(min: 60, max: 120))
        let run = plan.run(23)
        #expect(run.point == 11 && run.replication == 2)
    }

    @Test("zip rows can be labelled: label is a column of the outputs and changes no scenario")
    func labels() throws {
        let plan = try SweepPlan.parse(
            yaml: Self.base + """
                sweep:
                  zip:
                    label: [small, "a bigger one"]
                    "classes.b.devices": [5, 50]
                """, origin: "s.yaml")
        #expect(plan.columns == ["label", "classes.b.devices"])
        #expect(plan.pointLabels == [["small", "5"], ["a bigger one", "50"]])
        let unlabelled = try SweepPlan.parse(
            yaml: Self.base + "sweep: {zip: {\"classes.b.devices\": [5, 50]}}\n", origin: "s.yaml")
        #expect(plan.points == unlabelled.points)
    }

    @Test("common random numbers: replication r has the same seed at every point")
    func crnSeeds() throws {
        let plan = try SweepPlan.parse(
            yaml: Self.base + "sweep: {replications: 3, vary: {\"classes.a.devices\": [1, 2, 3]}}\n", origin: "s.yaml")
        for r in 0..<3 {
            let seeds = Set((0..<3).map { plan.run($0 * 3 + r).seed })
            #expect(seeds == [Scenario.runSeed(base: 9, replication: r + 1)])
        }
        #expect(Set((0..<3).map { plan.run($0).seed }).count == 3)
    }

    @Test(
        "bad sweeps are refused with the place and what is allowed",
        arguments: [
            (
                "sweep: {vary: {\"classes.a.wakeReachble\": [0, 1]}}",
                "s.yaml:9: unknown key \"classes.a.wakeReachble\"; did you mean \"wakeReachable\"?"
            ),
            (
                "sweep: {vary: {\"classes.a.wakeReachable\": [0, 2]}}",
                "s.yaml:9: classes.a.wakeReachable: \"2\" must be a fraction from 0 to 1"
            ),
            (
                "sweep: {vary: {\"classes.a.wakeReachable\": []}}",
                "s.yaml:9: sweep.vary.classes.a.wakeReachable: the list of values is empty"
            ),
            (
                "sweep: {vary: {\"classes.c.devices\": [1]}}",
                "s.yaml:9: classes.c.devices: no element named \"c\"; names: a, b"
            ),
            (
                "sweep: {zip: {\"classes.a.devices\": [1, 2], \"classes.b.devices\": [1]}}",
                "s.yaml:9: sweep.zip.classes.b.devices: 1 values, but sweep.zip.classes.a.devices has 2"
            ),
            ("sweep: {replications: 2}", "s.yaml:9: sweep.vary: a sweep needs at least one key in vary or zip"),
            (
                "sweep: {vary: {label: [a, b]}}",
                "s.yaml:9: sweep.vary.label: label names the points of zip rows; put it under zip"
            ),
            (
                "sweep: {zip: {label: [a, a], \"classes.a.devices\": [1, 2]}}",
                "s.yaml:9: sweep.zip.label: each point needs its own label, a non-empty text (got a)"
            ),
            (
                "sweep: {zip: {label: [a, b]}}",
                "s.yaml:9: sweep.zip.label: label names zip rows; zip needs a key to vary too"
            ),
            (
                "sweep: {vary: {\"classes.a.devices\": 5}}",
                "s.yaml:9: sweep.vary.classes.a.devices: expected a list of values"
            ),
            ("sweep: {varry: {}}", "s.yaml:9: unknown key \"sweep.varry\"; did you mean \"vary\"?"),
        ])
    func errors(sweep: String, message: String) {
        let error = #expect(throws: InputError.self) {
            try SweepPlan.parse(yaml: Self.base + sweep + "\n", origin: "s.yaml")
        }
        #expect(error?.message.hasPrefix(message) == true, "got: \(error?.message ?? "no error")")
    }

    @Test("a scenario without a sweep section is refused")
    func noSweep() {
        let error = #expect(throws: InputError.self) { try SweepPlan.parse(yaml: Self.base, origin: "s.yaml") }
        #expect(error?.message.contains("has no sweep section") == true)
    }

    @Test("the resolved text reads back to the same plan")
    func resolvedIsStable() throws {
        let plan = try SweepPlan.parse(
            yaml: Self.base
                + "sweep: {replications: 2, vary: {\"classes.a.syncInterval\": [5m, \"lognormal(mean=1m, sd=10s)\"]}}\n",
            origin: "s.yaml")
        let again = try SweepPlan.parse(yaml: plan.resolvedText, origin: "r.yaml")
        #expect(again.resolvedText == plan.resolvedText)
        #expect(again.points == plan.points)
    }
}
