import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

extension CSVFormat: ExpressibleByArgument {}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario and write its results as CSV files.",
        discussion: """
            Writes summary.csv, latency.csv, reach.csv, nodes.csv, metrics.csv, scenario.resolved.yaml and \
            timing.csv (plus aggregate.csv with 2 or more replications) into the output folder; files appear \
            only when the run succeeded.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @OptionGroup var folder: OutputFolderOption<RunFolder>

    @Flag(help: "Also write deliveries.csv: one row per task and device.")
    var deliveries = false

    @Option(
        help: ArgumentHelp("Also write timeseries.csv, sampled every STEP (a duration, e.g. 5m).", valueName: "step"))
    var timeseries: String?

    @OptionGroup var csv: CSVOptions<RunFolder>
    @OptionGroup var aggregate: AggregateOptions

    @OptionGroup var precision: PrecisionOptions

    func validate() throws {
        if let timeseries {
            guard let step = try? DurationText.seconds(timeseries), step >= Limits.minimumPeriod else {
                throw ValidationError("--timeseries \"\(timeseries)\" must be a duration of at least 1ms, e.g. 5m")
            }
        }
    }

    func run() throws {
        let (document, resolved) = try scenario.loadDocument()
        if let path = scenario.scenario, document.has("sweep") {
            Console.error(
                "note: \(path) has a sweep section; kscsim run ignores it and runs the base scenario (use kscsim sweep)"
            )
        }
        let step = try timeseries.map { try DurationText.seconds($0) }
        if let step, resolved.horizon / step > Double(Limits.maximumSamples) {
            throw InputError(
                "--timeseries \(timeseries ?? ""): \(Int((resolved.horizon / step).rounded())) samples over the horizon; at most \(Limits.maximumSamples) (use a longer step)"
            )
        }
        let estimate = RunEstimate(resolved, timeseriesStep: step)
        if let refusal = estimate.refusal() { throw InputError(refusal) }
        for warning in OfferedLoad(resolved).warnings { Console.error("kscsim run: warning: \(warning)") }
        if let note = estimate.note { Console.error("kscsim run: note: \(note)") }
        var options = RunOptions(scenario: resolved, outputDirectory: folder.out ?? "out/\(resolved.name)")
        options.deliveries = deliveries
        options.timeseriesStep = step
        options.csv = csv.output(allColumns: aggregate.allColumns)
        if !precision.targets.isEmpty {
            let maximum = precision.maxReplications ?? Swift.max(100, precision.minReplications ?? 10)
            options.precision = try ProcedureOverrides.precisionRule(
                targets: precision.targets, confidence: precision.confidence,
                minimum: precision.minReplications.map { Swift.min($0, maximum) } ?? Swift.min(10, maximum),
                maximum: maximum, metrics: MetricSet(resolved))
        }
        let planned = options.precision?.maximum ?? resolved.replications
        let report = try Interrupts.guarded {
            try options.execute { summary, wall in
                Console.error(
                    "replication \(summary.replication)/\(planned)\(options.precision != nil ? " at most" : ""): \(summary.events) events in \(Console.seconds(wall))"
                )
            }
        }
        if let warning = report.warmupWarning { Console.error("kscsim run: warning: \(warning)") }
        if let warning = report.saturationWarning { Console.error("kscsim run: warning: \(warning)") }
        print(Console.summaryTable(report))
        if let met = report.precisionMet, let rule = options.precision {
            let targets = rule.targets.map {
                "\($0.name) ±\($0.target.relative ? String(format: "%g%%", $0.target.halfWidth * 100) : $0.target.halfWidth.shortText)"
            }.joined(separator: ", ")
            print(
                "precision \(met ? "met" : "NOT met") after \(report.summaries.count) replications (\(targets) at \(rule.confidence.shortText); see aggregate.csv)"
            )
        }
        print("wrote \(report.files.joined(separator: ", "))")
    }
}
