import ArgumentParser
import Foundation
import KSCExperiments
import KSCScenario
import KSCSupport

/// `kscsim compare`: B − A with common random numbers.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Compare two variants with common random numbers: each metric's B − A with a paired confidence interval.",
        discussion: """
            A and B are two scenario files, or one file and its --set-b variant. Replication r of A and of B \
            share a seed, so noise common to both cancels from B − A. Writes DIR/compare.csv (paired and, for \
            reference, unpaired Welch half-widths) beside the sweep files of the two variants; rerunning resumes.
            """)

    @Argument(help: ArgumentHelp("Scenario A.", valueName: "a.yaml"), completion: .file(extensions: ["yaml", "yml"]))
    var a: String

    @Argument(
        help: ArgumentHelp("Scenario B (default: A, changed by --set-b).", valueName: "b.yaml"),
        completion: .file(extensions: ["yaml", "yml"]))
    var b: String?

    @OptionGroup var set: OverrideOptions

    @Option(
        name: .customLong("set-a"),
        help: ArgumentHelp("Override a key of A only (repeatable).", valueName: "key.path=value"))
    var setA: [String] = []

    @Option(
        name: .customLong("set-b"),
        help: ArgumentHelp("Override a key of B only (repeatable).", valueName: "key.path=value"))
    var setB: [String] = []

    @Option(help: "Replications of each variant (default 10).")
    var replications: Int = 10

    @Option(help: "Confidence level of the intervals (default 0.95).")
    var confidence: Double = 0.95

    @OptionGroup var folder: OutputFolderOption<CompareFolder>

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var csv: CSVOptions<CompareFolder>

    @OptionGroup var discard: ForceOption<CompareFolder>

    func validate() throws {
        guard replications >= 2 else {
            throw ValidationError("--replications must be at least 2 for an interval (got \(replications))")
        }
        guard confidence > 0 && confidence < 1 else {
            throw ValidationError("--confidence must be in (0, 1), e.g. 0.95 (got \(confidence))")
        }
        if b == nil && setB.isEmpty && setA.isEmpty {
            throw ValidationError("give B: a second scenario file, or --set-b key=value")
        }
    }

    func run() throws {
        let docA = try ScenarioDocument.load(path: a, overrides: set.overrides + setA)
        let docB = try ScenarioDocument.load(path: b ?? a, overrides: set.overrides + setB)
        let (plan, differences) = try PairedComparison.plan(a: docA, b: docB, replications: replications)
        Console.error("compare: B differs from A in \(differences.joined(separator: ", "))")
        let folder = self.folder.out ?? "out/compare-\(plan.points[0].name)"
        try SweepSession(plan: plan, out: folder, jobs: parallel.jobs, shard: parallel.shard, force: discard.force)
            .run()
        let directory = SweepDirectory(path: folder)
        guard
            let (rows, path) = try PairedComparison.write(
                directory, plan: plan, level: confidence, csv: csv.output())
        else { return }
        let widths = [28, 14, 14, 14, 14, 14]
        print(Console.columns(["metric", "A", "B", "B - A", "paired ±", "unpaired ±"], widths: widths))
        for row in rows where row.meanA.isFinite && row.meanB.isFinite && !(row.meanA == 0 && row.meanB == 0) {
            print(
                Console.columns(
                    [
                        row.metric, Console.number(row.meanA), Console.number(row.meanB),
                        Console.number(row.difference) + (row.isSignificant ? " *" : ""),
                        Console.number(row.pairedHalfWidth), Console.number(row.unpairedHalfWidth),
                    ], widths: widths))
        }
        print(
            "\(replications) replications each, \(confidence.shortText) intervals; * the paired interval excludes 0 (the difference is not noise)"
        )
        print("wrote \(path)")
    }
}
