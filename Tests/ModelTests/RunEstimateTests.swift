import Foundation
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
        let machine = MemoryBudget(bytes: 8 * 1_073_741_824, source: "this machine's memory")
        #expect(small.refusal(budget: machine) == nil)
        let refusal = try #require(large.refusal(budget: machine))
        #expect(
            refusal.contains("needs about") && refusal.contains("may use 8.0 GiB, this machine's memory")
                && refusal.contains("fewer devices"))
        #expect(large.note != nil && small.note == nil)
    }

    @Test("the estimate counts pairs waiting for their wake packet and the samples a sweep run keeps")
    func whatGrows() throws {
        // 2,000 devices always on, a task every 1 ms for 2 hours: 7.2 million launches of 2,000
        // wakes each against 500 packets/s: the wakes of one sync interval (1 h) wait.
        let waiting = RunEstimate(
            try Scenario.parse(
                yaml:
                    "name: w\nhorizon: 2h\nclasses: [{name: a, devices: 2000, syncInterval: 1h}]\ntasks: [{name: t, every: 1ms}]\n",
                origin: "w"))
        let withinInterval = 3_600_000.0 * 2000
        #expect(abs(waiting.waitingPairs - withinInterval) < 1e4, "\(waiting.waitingPairs)")
        #expect(waiting.bytes > withinInterval * 20)
        let refusal = try #require(waiting.refusal(budget: MemoryBudget(bytes: 24 * 1_073_741_824, source: "m")))
        #expect(refusal.contains("pairs waiting for their wake packet"), "\(refusal)")
        // A slow task: one launch's burst waits, no more.
        let slow = RunEstimate(try Self.scenario(devices: 1000))
        #expect(slow.waitingPairs == 1000)
        // A sweep run keeps its samples until it ends; kscsim run streams them.
        let scenario = try Self.scenario(devices: 1000)
        let kept = RunEstimate(scenario, timeseriesStep: 1, keepsSeries: true)
        let streamed = RunEstimate(scenario, timeseriesStep: 1)
        #expect(kept.keptSamples == 86_401 && streamed.keptSamples == 0)
        #expect(abs(kept.bytes - streamed.bytes - 86_401 * RunEstimate.bytesPerKeptSample) < 1)
    }

    @Test("the budget is the least of the machine, ulimit -v, the control group and Slurm's --mem")
    func budget() {
        #expect(MemoryBudget.slurmLimit(["SLURM_MEM_PER_NODE": "2048"])?.bytes == 2048.0 * 1_048_576)
        #expect(
            MemoryBudget.slurmLimit(["SLURM_MEM_PER_CPU": "1000", "SLURM_CPUS_ON_NODE": "4"])?.bytes
                == 4000.0 * 1_048_576)
        #expect(MemoryBudget.slurmLimit([:]) == nil)
        let current = MemoryBudget.current
        #expect(current.bytes > 0 && current.bytes <= Double(ProcessInfo.processInfo.physicalMemory))
        // Under an address-space limit, the process's own reservations count too.
        let space = MemoryBudget(bytes: 4e9, source: "ulimit -v", addressSpace: true)
        #expect(
            space.needed(bytes: 1e9, runs: 2)
                == 2e9 + MemoryBudget.baseAddressSpace + 2 * MemoryBudget.threadAddressSpace)
        #expect(MemoryBudget(bytes: 4e9, source: "m").needed(bytes: 1e9, runs: 2) == 2e9)
    }
}
