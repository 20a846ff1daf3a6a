import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's sweep (points x replications) on local threads, resumably.",
        discussion: """
            Each finished run is written atomically to DIR/runs/<index>.csv; rerunning the same command \
            skips runs already done. With --status DIR, print which runs are done, failed or missing.
            """)

    @Argument(help: ArgumentHelp("Scenario file with a sweep section.", valueName: "scenario.yaml"))
    var scenario: String?

    @OptionGroup var set: OverrideOptions

    @Option(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var out: String?

    @Option(help: "Runs in parallel (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Run only the runs with index % N == I.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Discard the results of a different sweep in the folder.")
    var force = false

    @Option(help: ArgumentHelp("Print the state of the sweep in DIR and exit (0 when every run is done).", valueName: "dir"))
    var status: String?

    @Flag(help: "With --status: print nothing, only set the exit status.")
    var quiet = false

    func validate() throws {
        if status != nil { return }
        guard scenario != nil else { throw ValidationError("give a scenario file with a sweep section (or --status DIR)") }
        guard out != nil else { throw ValidationError("--out DIR is required: the folder that holds the runs") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let shard { _ = try SweepRunner.Shard(parsing: shard) }
    }

    func run() throws {
        if let status { return try SweepStatus.report(SweepDirectory(path: status), quiet: quiet) }
        let plan = try SweepPlan.load(path: scenario!, overrides: set.overrides)
        let directory = SweepDirectory(path: out!)
        try directory.prepare(plan, force: force)
        let runner = SweepRunner(plan: plan, directory: directory, jobs: jobs,
                                 shard: try shard.map(SweepRunner.Shard.init(parsing:)) ?? .init(index: 0, count: 1))
        let progress = Progress(total: plan.runCount)
        let outcome = Interrupts.guarded { runner.execute(progress: progress.update) }
        progress.finish()
        Console.error("sweep: \(outcome.planned - outcome.skipped) runs done now, \(outcome.skipped) already done, \(outcome.failed) failed (\(plan.runCount) in the plan)")
        if outcome.failed > 0 { throw ExitCode(1) }
    }
}
