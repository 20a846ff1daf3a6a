import ArgumentParser
import Foundation
import KSCExperiments
import KSCRandom
import KSCScenario
import KSCSupport

/// `kscsim warmup`: MSER-5 on a few replications' time series.
struct Warmup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Suggest a warm-up: MSER-5 (White 1997) on the time series of a few replications.",
        discussion: """
            Runs the scenario's replications (at least 5 unless --replications says otherwise) with a time \
            series and applies MSER-5 to the mean, over \
            replications, of queue_length, busy_workers, perm_in_use, perm_without and undelivered; prints \
            the suggested warmup and writes DIR/warmup.csv. Warns when the horizon is too short to tell. \
            The folder resumes and shards as a sweep's.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Sampling step of the time series (default: the horizon / 400).", valueName: "step"))
    var step: String?

    @OptionGroup var folder: OutputFolderOption<WarmupFolder>

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var discard: ForceOption<WarmupFolder>

    func validate() throws {
        if let step {
            guard let s = try? DurationText.seconds(step), s >= Limits.minimumPeriod else {
                throw ValidationError("--step \"\(step)\" must be a duration of at least 1ms, e.g. 1m")
            }
        }
    }

    func run() throws {
        let document = try scenario.document()
        var resolved = try document.scenario()
        if scenario.replications == nil && resolved.replications < 5 {
            resolved.replications = 5
            Console.error("warmup: 5 replications (--replications to change)")
        }
        let plan = try WarmupDetection.plan(
            document, replications: resolved.replications, step: try step.map(DurationText.seconds))
        let folder = self.folder.out ?? "out/warmup-\(resolved.name)"
        try SweepSession(plan: plan, out: folder, jobs: parallel.jobs, shard: parallel.shard, force: discard.force)
            .run()
        let directory = SweepDirectory(path: folder)
        guard let (findings, path) = try WarmupDetection.write(directory, plan: plan) else { return }
        let widths = [16, 16, 10]
        print(Console.columns(["column", "settles after", "settled"], widths: widths))
        for f in findings {
            print(
                Console.columns(
                    [f.column, DurationText.format(f.truncation), f.settled ? "yes" : "NO"], widths: widths))
        }
        let (warmup, settled) = WarmupDetection.suggestion(findings)
        if let why = WarmupDetection.unsuitability(resolved) {
            Console.error(
                "warmup: note: MSER-5 assumes the run tends to a steady state, and this scenario has none: \(why); read the figures with care"
            )
        }
        if !settled {
            Console.error(
                "warmup: warning: \(findings.filter { !$0.settled }.map(\.column).joined(separator: ", ")) did not settle within the horizon (\(DurationText.format(resolved.horizon))): lengthen it and run again"
            )
        }
        print(
            "suggested warmup: \(DurationText.format(warmup)) (scenario has \(DurationText.format(resolved.warmup)); \(plan.runCount) replications, step \(DurationText.format(plan.timeseriesStep ?? 0)))"
        )
        print("wrote \(path)")
    }
}
