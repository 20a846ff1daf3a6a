import Testing

@testable import KSCExperiments
@testable import KSCScenario

@Suite("RunEstimate")
struct RunEstimateTests {
    static func scenario(devices: Int) throws -> Scenario {
        try Scenario.parse(
            yaml:
                "name: e\nhorizon: 1d\nclasses: [{name: a, devices: \(devices), syncInterval: 15m}]\ntasks: [{name: t, every: 1h}]\n",
            origin: "e")
    }

    @Test(
        "events and memory grow with the fleet; a run that cannot fit in 80% of the memory is refused, saying what would"
    )
    func estimate() throws {
        let small = RunEstimate(try Self.scenario(devices: 1000))
        let large = RunEstimate(try Self.scenario(devices: 50_000_000))
        // 1,000 devices x 96 syncs x 3 events, plus 24 launches x 1,000 pairs x 2.
        #expect(abs(small.events - (1000 * 96 * 3 + 24 + 24 * 1000 * 2)) < 1)
        #expect(large.bytes > 50_000_000 * 100 && large.bytes < 50_000_000 * 400)
        #expect(small.refusal(machineBytes: 8 * 1_073_741_824) == nil)
        let refusal = try #require(large.refusal(machineBytes: 8 * 1_073_741_824))
        #expect(
            refusal.contains("needs about") && refusal.contains("this machine has 8.0 GiB")
                && refusal.contains("fewer devices"))
        #expect(large.note != nil && small.note == nil)
    }
}
