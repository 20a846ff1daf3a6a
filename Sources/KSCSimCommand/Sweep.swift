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

    @Argument(
        help: ArgumentHelp("Scenario file with a sweep section.", valueName: "scenario.yaml"),
        completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @OptionGroup var folder: SweepFolderOption<SweepFolder>

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var discard: ForceOption<SweepFolder>

    @OptionGroup var precision: PrecisionOptions

    @Option(help: "For a sequential sweep (precision or select): stop after this many rounds (a Slurm task runs one).")
    var rounds: Int?

    func validate() throws {
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1 (got \(rounds))") }
    }

    func run() throws {
        let plan: SweepPlan
        do {
            plan = try SweepPlan.load(path: scenario, overrides: set.overrides + (try precision.overrides()))
        } catch let error as InputError {
            throw ProcedureOverrides.namingFlags(error)
        }
        var session = SweepSession(
            plan: plan, out: folder.out, jobs: parallel.jobs, shard: parallel.shard, force: discard.force)
        session.maxRounds = rounds
        try session.run()
    }
}

/// `--precision` and its companions, shared by `run` and `sweep run`.
struct PrecisionOptions: ParsableArguments {
    @Option(
        name: .customLong("precision"),
        help: ArgumentHelp(
            "Run replications until METRIC's confidence interval has at most this half-width: 5% of the mean, or a value in the metric's unit (repeatable; a summary.csv column, or a class's figure such as latency_p95_s[laptops]).",
            valueName: "metric=half-width"))
    var targets: [String] = []

    @Option(help: "Confidence level of --precision's intervals (default 0.95).")
    var confidence: Double?

    @Option(help: "With --precision: replications before the first check (default 10).")
    var minReplications: Int?

    @Option(help: "With --precision: the most replications per point (default 100).")
    var maxReplications: Int?

    func validate() throws {
        if targets.isEmpty && (confidence != nil || minReplications != nil || maxReplications != nil) {
            throw ValidationError(
                "--confidence, --min-replications and --max-replications go with --precision METRIC=HALF-WIDTH")
        }
        if let confidence, !(confidence > 0 && confidence < 1) {
            throw ValidationError("--confidence must be in (0, 1), e.g. 0.95 (got \(confidence))")
        }
        if let minReplications, minReplications < 2 {
            throw ValidationError("--min-replications must be at least 2 (got \(minReplications))")
        }
        if let maxReplications, maxReplications < (minReplications ?? 2) {
            throw ValidationError(
                "--max-replications must be at least --min-replications (\(minReplications ?? 2)) (got \(maxReplications))"
            )
        }
    }

    /// The overrides that put the target into the sweep section (none without --precision).
    func overrides() throws -> [String] {
        guard !targets.isEmpty else { return [] }
        let maximum = maxReplications ?? Swift.max(100, minReplications ?? 10)
        return try ProcedureOverrides.precision(
            targets: targets, confidence: confidence,
            minimum: minReplications.map { Swift.min($0, maximum) } ?? Swift.min(10, maximum),
            maximum: maximum, roundSize: nil)
    }
}

/// Runs a sweep plan into a folder: all its runs, or round after round for a sequential one.
struct SweepSession {
    let plan: SweepPlan
    let out: String
    let jobs: Int?
    let shard: String?
    let force: Bool
    /// Stop a sequential sweep after this many rounds.
    var maxRounds: Int? = nil

    init(plan: SweepPlan, out: String, jobs: Int?, shard: String?, force: Bool) {
        self.plan = plan
        self.out = out
        self.jobs = jobs
        self.shard = shard
        self.force = force
    }

    func run() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // Runs go in parallel: the largest point's memory, times the runs at once, must fit.
        if let largest = plan.points.map({
            RunEstimate($0, timeseriesStep: plan.timeseriesStep, keepsSeries: true)
        }).max(by: { $0.bytes < $1.bytes }),
            let refusal = largest.refusal(runs: Swift.max(1, Swift.min(jobs, plan.runCount)))
        {
            throw InputError(
                "--jobs \(jobs): the largest point of the sweep, run \(jobs) at a time: \(refusal) (or fewer --jobs)")
        }
        let directory = SweepDirectory(path: out)
        try directory.prepare(plan, force: force)
        let runner = SweepRunner(
            plan: plan, directory: directory, jobs: jobs,
            shard: try shard.map(SweepRunner.Shard.init(parsing:)) ?? .init(index: 0, count: 1))
        let failure: @Sendable (Int, String) -> Void = { index, message in
            Console.error("sweep: run \(index) failed: \(message)")
        }
        guard plan.procedure.isSequential else {
            let progress = Progress(total: plan.runCount)
            let outcome = Interrupts.guarded { runner.execute(progress: progress.update, failure: failure) }
            progress.finish()
            var line =
                "sweep: \(outcome.computed - outcome.failed) runs done now, \(outcome.skipped) already done, \(outcome.failed) failed"
            if outcome.claimedElsewhere > 0 {
                line += ", \(outcome.claimedElsewhere) done by another process on this folder"
            }
            Console.error(line + " (\(plan.runCount) in the plan)")
            if outcome.failed > 0 { throw ExitCode(1) }
            return
        }
        let progress = RoundProgress()
        let outcome = try Interrupts.guarded {
            try runner.executeRounds(
                maxRounds: maxRounds, roundStarted: progress.start, progress: progress.update, failure: failure)
        }
        progress.finish()
        if outcome.runs.failed > 0 {
            Console.error(
                "sweep: \(outcome.runs.failed) runs failed; fix the cause and rerun the same command (runs done are kept)"
            )
            throw ExitCode(1)
        }
        switch outcome.state {
        case .running(let round, let runs):
            Console.error(
                "sweep: round \(round) has \(runs.count) runs not done here (other shards or processes, or --rounds); rerun the same command without --shard to go on"
            )
        case .finished(let rounds, let used, _):
            let files = try directory.merge()
            Console.error(
                "sweep: \(plan.procedure.name) finished after \(rounds) rounds, \(used.reduce(0, +)) replications (\(used.min() ?? 0) to \(used.max() ?? 0) per point)"
            )
            print("wrote \(files.joined(separator: ", "))")
        }
    }
}

/// Progress of a sequential sweep: one line per round.
final class RoundProgress: @unchecked Sendable {
    private var current: Progress?
    private let lock = NSLock()

    func start(_ round: Int, _ runs: Int) {
        lock.withLock {
            current?.finish()
            Console.error("round \(round): \(runs) runs")
            current = Progress(total: runs)
        }
    }

    func update(_ done: Int, _ total: Int) { lock.withLock { current }?.update(done: done, todo: total) }

    func finish() {
        lock.withLock {
            current?.finish()
            current = nil
        }
    }
}
