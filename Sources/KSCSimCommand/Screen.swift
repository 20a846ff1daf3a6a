import ArgumentParser
import Foundation
import KSCExperiments
import KSCScenario
import KSCSupport

/// `kscsim screen`: which keys the answers depend on (Morris elementary effects).
struct Screen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Screen scenario keys for influence: Morris elementary effects, mu* with a bootstrap interval.",
        discussion: """
            Each --factor moves one key over a range; a Morris design (Morris 1991; mu* of Campolongo 2007; \
            starting points from GSL's Sobol sequence) of r (k + 1) points is run as a sweep, and DIR/screening.csv \
            ranks the factors per metric. The folder resumes and shards as a sweep's.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(
        name: .customLong("factor"),
        help: ArgumentHelp(
            "A key and its range: key=LOW..HIGH (numbers or durations), key=[a, b, c], or key=TEXT{LOW..HIGH}TEXT, e.g. server.syncService=\"exponential(mean={100ms..400ms})\" (repeatable, 2 to 40).",
            valueName: "key=range"))
    var factors: [String] = []

    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp(
            "A summary.csv column, or a class's figure such as latency_p95_s[laptops], to screen (repeatable; default: delivered_latency_mean_s, within_900s, server_utilization, sync_wait_mean_s, perm_without_share, undelivered_share).",
            valueName: "column"))
    var metrics: [String] = []

    @Option(help: "Trajectories r: elementary effects per factor (default: the screen section's, else 10).")
    var trajectories: Int?

    @Option(help: "Grid levels p, even (default: the screen section's, else 4).")
    var levels: Int?

    @OptionGroup var folder: OutputFolderOption<ScreenFolder>

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var csv: CSVOptions<ScreenFolder>

    @OptionGroup var discard: ForceOption<ScreenFolder>

    func validate() throws {
        for factor in factors { _ = try Screening.Factor(parsing: factor) }
        if let trajectories, !(2...1000).contains(trajectories) {
            throw ValidationError("--trajectories must be from 2 to 1000 (got \(trajectories))")
        }
        if let levels, !(levels >= 2 && levels % 2 == 0 && levels <= 100) {
            throw ValidationError("--levels must be even, from 2 to 100 (got \(levels))")
        }
    }

    func run() throws {
        let document = try scenario.document()
        var design = try Screening.Settings(document)
        if !factors.isEmpty {
            design.factors = try factors.map(Screening.Factor.init(parsing:))
            design.factorsOrigin = "--factor"
        }
        if !metrics.isEmpty { design.metrics = metrics }
        if let trajectories { design.trajectories = trajectories }
        if let levels { design.levels = levels }
        guard (2...40).contains(design.factors.count) else {
            throw ValidationError(
                "give 2 to 40 factors, with --factor key=range or in the scenario's screen section (got \(design.factors.count))"
            )
        }
        let parsed = design.factors
        let metrics = design.metrics
        let trajectories = design.trajectories
        let resolved = try document.scenario()
        let (plan, morris) = try Screening.plan(
            document, factors: parsed, trajectories: trajectories, levels: design.levels,
            replications: resolved.replications, origin: design.factorsOrigin)
        try Screening.checkMetrics(metrics, plan: plan)
        let folder = self.folder.out ?? "out/screen-\(resolved.name)"
        Console.error(
            "screen: \(parsed.count) factors, \(trajectories) trajectories: \(plan.points.count) design points x \(plan.replications) replications"
        )
        try SweepSession(plan: plan, out: folder, jobs: parallel.jobs, shard: parallel.shard, force: discard.force)
            .run()
        let directory = SweepDirectory(path: folder)
        guard
            let (rows, path) = try Screening.write(
                directory, plan: plan, design: morris, factors: parsed, metrics: metrics, csv: csv.output())
        else { return }
        let widths = [28, 40, 6, 14, 24]
        print(Console.columns(["metric", "factor", "rank", "mu*", "95% interval"], widths: widths))
        for row in rows.sorted(by: { ($0.metric, $0.rank) < ($1.metric, $1.rank) }) {
            print(
                Console.columns(
                    [
                        row.metric, row.factor, "\(row.rank)", Console.number(row.effects?.muStar ?? .nan),
                        "\(Console.number(row.effects?.muStarLower ?? .nan)) .. \(Console.number(row.effects?.muStarUpper ?? .nan))",
                    ], widths: widths))
        }
        print("wrote \(path)")
    }
}
