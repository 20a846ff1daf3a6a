import Foundation
import KSCExperiments
import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// describe's offered load per hour of the week against the weekly figure and the simulation.
@Suite("Hourly load")
struct HourlyLoadTests {
    static func scenario(_ name: String) throws -> Scenario {
        try Scenario.load(path: KSCSimBinary.packageRoot.appendingPathComponent(name).path)
    }

    @Test("the mean over the week of the hourly utilization is the weekly utilization")
    func weeklyMean() throws {
        for name in ["Models/default.yaml", "Tests/Scenarios/overloaded.yaml", "Models/monday-storm.yaml"] {
            let scenario = try Self.scenario(name)
            let load = OfferedLoad(scenario)
            let hourly = load.hourly.nodes[0].utilization
            let mean = hourly.reduce(0, +) / Double(hourly.count)
            #expect(abs(mean - load.utilization) <= 1e-3 * load.utilization, "\(name): \(mean) vs \(load.utilization)")
        }
    }

    @Test("an always-on fleet offers the same load every hour")
    func constantLoad() throws {
        let scenario = try Scenario.parse(yaml: "classes: [{name: a, devices: 1000}]", origin: "a.yaml")
        let hourly = HourlyLoad(scenario).nodes[0].utilization
        #expect(Set(hourly).count == 1)
        #expect(HourlyLoad(scenario).lines[0].contains("(the same every hour)"))
    }

    @Test("the hourly prediction matches the simulated busy workers of the working hours")
    func matchesSimulation() throws {
        // The light case (no queueing to speak of): busy workers / 16 sampled every 5 seconds from
        // Monday 10:00 to 13:00 against the predicted utilization of those hours.
        var scenario = try Self.scenario("Tests/Scenarios/light.yaml")
        scenario.horizon = 13 * 3600
        scenario.drain = 3600
        let predicted = (10..<13).map { HourlyLoad(scenario).nodes[0].utilization[$0] }.reduce(0, +) / 3
        var sink = MemorySink()
        _ = try scenario.runReplication(1, sink: &sink, timeseriesStep: 5)
        let busy = sink.samples.filter { $0.time > 10 * 3600 && $0.time <= 13 * 3600 }.map { Double($0.busyWorkers) }
        let simulated = busy.reduce(0, +) / Double(busy.count) / 16
        #expect(abs(simulated - predicted) <= 0.05 * predicted, "simulated \(simulated), predicted \(predicted)")
    }
}
