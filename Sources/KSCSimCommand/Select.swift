import ArgumentParser
import Foundation
import KSCExperiments
import KSCScenario
import KSCSupport

/// `kscsim select`: the best feasible point of a sweep, with a stated confidence.
struct Select: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the best point of a sweep that meets constraints, with a stated confidence.",
        discussion: """
            The points of the scenario's sweep are the candidates. Replications are added in rounds \
            (Batur & Kim 2010 feasibility, Kim & Nelson 2001 selection, as in Andradóttir & Kim 2010) \
            until every candidate is decided; writes DIR/selection.csv and DIR/selection.md beside the \
            sweep's files. Rerunning resumes; --shard and kscsim slurm DIR/scenario.resolved.yaml work \
            on the folder as for any sweep.
            """)

    @Argument(
        help: ArgumentHelp("Scenario file whose sweep section lists the candidates.", valueName: "scenario.yaml"),
        completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @Option(
        name: .customLong("constraint"),
        help: ArgumentHelp(
            "A constraint on the mean of a summary metric or of a class's figure: \"latency_p95_s <= 600 ± 30\", \"latency_p95_s[laptops] <= 15m ± 1m\" (>= too; ± or +-: the tolerance) (repeatable).",
            valueName: "constraint"))
    var constraints: [String] = []

    @Option(
        help: ArgumentHelp(
            "Minimise a metric with its indifference zone (\"latency_mean_s ± 30\") or a cost of scenario keys (\"server.syncWorkers + 10*pushServers.count\").",
            valueName: "goal"))
    var minimize: String?

    @Option(help: ArgumentHelp("Maximise, as --minimize.", valueName: "goal"))
    var maximize: String?

    @Option(help: "Probability that the answer is right (default 0.95).")
    var confidence: Double?

    @Option(help: "First-stage replications of every candidate (default 10).")
    var firstStage: Int?

    @Option(help: "The most replications of a candidate (default: 10 x the first stage).")
    var maxReplications: Int?

    @OptionGroup var folder: SweepFolderOption<SweepFolder>

    @OptionGroup var parallel: ParallelOptions

    @Flag(help: "Only prepare the folder (for kscsim slurm DIR/scenario.resolved.yaml --out DIR).")
    var prepareOnly = false

    @OptionGroup var discard: ForceOption<SweepFolder>

    func validate() throws {
        guard (minimize == nil) != (maximize == nil) else {
            throw ValidationError("give one of --minimize or --maximize")
        }
        if let confidence, !(confidence >= 0.5 && confidence < 1) {
            throw ValidationError("--confidence must be in [0.5, 1), e.g. 0.95 (got \(confidence))")
        }
        if let firstStage, firstStage < 2 {
            throw ValidationError("--first-stage must be at least 2 (got \(firstStage))")
        }
        if let maxReplications, maxReplications < (firstStage ?? 10) {
            throw ValidationError(
                "--max-replications must be at least the first stage (\(firstStage ?? 10)) (got \(maxReplications))")
        }
    }

    func run() throws {
        let out = folder.out
        let stage = firstStage ?? 10
        let overrides = ProcedureOverrides.select(
            constraints: constraints, minimize: minimize, maximize: maximize, confidence: confidence,
            firstStage: stage, maximum: maxReplications ?? 10 * stage, roundSize: nil)
        let plan: SweepPlan
        do {
            plan = try SweepPlan.load(path: scenario, overrides: set.overrides + overrides)
        } catch let error as InputError {
            throw ProcedureOverrides.namingFlags(error)
        }
        if prepareOnly {
            try SweepDirectory(path: out).prepare(plan, force: discard.force)
            print(
                "prepared \(out); run it with: kscsim sweep \(out)/scenario.resolved.yaml --out \(out)  (or kscsim slurm … --out \(out))"
            )
            return
        }
        try SweepSession(plan: plan, out: out, jobs: parallel.jobs, shard: parallel.shard, force: discard.force).run()
        let answer = (out as NSString).appendingPathComponent("selection.md")
        if let text = FileManager.default.contents(atPath: answer).flatMap({ String(data: $0, encoding: .utf8) }) {
            print(text, terminator: "")
        }
    }
}
