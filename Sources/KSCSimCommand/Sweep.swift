import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

/// `kscsim sweep`: runs a sweep (the default) or reports on one.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's sweep on local threads, resumably, or report on a sweep folder.",
        discussion: "kscsim sweep SCENARIO --out DIR is kscsim sweep run SCENARIO --out DIR.",
        subcommands: [SweepRun.self, SweepStatusCommand.self],
        defaultSubcommand: SweepRun.self)
}

struct SweepRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's sweep (points x replications) on local threads, resumably.",
        discussion: """
            Each finished run is written atomically to DIR/runs/<index>.csv; rerunning the same command \
            skips runs already done. `kscsim sweep status DIR` prints which runs are done, failed or missing.
            """)

    @Argument(help: ArgumentHelp("Scenario file with a sweep section.", valueName: "scenario.yaml"), completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @Option(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var out: String

    @Option(help: "Runs in parallel (default: all cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Run only the runs with index % N == I.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Discard the results of a different sweep in the folder.")
    var force = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let shard { _ = try SweepRunner.Shard(parsing: shard) }
    }

    func run() throws {
        let plan = try SweepPlan.load(path: scenario, overrides: set.overrides)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // Runs go in parallel: the largest point's memory, times the runs at once, must fit.
        if let largest = plan.points.map({ RunEstimate($0) }).max(by: { $0.bytes < $1.bytes }),
           let refusal = largest.refusal(machineBytes: RunEstimate.machineBytes / Double(Swift.max(1, Swift.min(jobs, plan.runCount)))) {
            throw InputError("--jobs \(jobs): the largest point of the sweep, run \(jobs) at a time: \(refusal) (or fewer --jobs)")
        }
        let directory = SweepDirectory(path: out)
        try directory.prepare(plan, force: force)
        let runner = SweepRunner(plan: plan, directory: directory, jobs: jobs,
                                 shard: try shard.map(SweepRunner.Shard.init(parsing:)) ?? .init(index: 0, count: 1))
        let progress = Progress(total: plan.runCount)
        let outcome = Interrupts.guarded {
            runner.execute(progress: progress.update, failure: { index, message in Console.error("sweep: run \(index) failed: \(message)") })
        }
        progress.finish()
        var line = "sweep: \(outcome.computed - outcome.failed) runs done now, \(outcome.skipped) already done, \(outcome.failed) failed"
        if outcome.claimedElsewhere > 0 { line += ", \(outcome.claimedElsewhere) done by another process on this folder" }
        Console.error(line + " (\(plan.runCount) in the plan)")
        if outcome.failed > 0 { throw ExitCode(1) }
    }
}
