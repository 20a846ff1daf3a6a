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
            Writes summary.csv, latency.csv, scenario.resolved.yaml and timing.csv (plus aggregate.csv \
            with 2 or more replications) into the output folder; files appear only when the run succeeded.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Output folder (default: Results/<scenario name>).", valueName: "dir"))
    var out: String?

    @Flag(help: "Also write deliveries.csv: one row per task and device.")
    var deliveries = false

    @Option(help: ArgumentHelp("Also write timeseries.csv, sampled every STEP (a duration, e.g. 5m).", valueName: "step"))
    var timeseries: String?

    @Option(help: "CSV dialect: en (',' and '.') or fr (';' and decimal commas).")
    var csvLocale: CSVFormat = .standard

    func validate() throws {
        if let timeseries {
            guard let step = try? DurationText.seconds(timeseries), step > 0 else {
                throw ValidationError("--timeseries \"\(timeseries)\" must be a duration > 0, e.g. 5m")
            }
        }
    }

    func run() throws {
        let document = try scenario.document()
        let resolved = try document.scenario()
        if let path = scenario.scenario, document.has("sweep") {
            Console.error("note: \(path) has a sweep section; kscsim run ignores it and runs the base scenario (use kscsim sweep)")
        }
        var options = RunOptions(scenario: resolved, outputDirectory: out ?? "Results/\(resolved.name)")
        options.deliveries = deliveries
        options.timeseriesStep = try timeseries.map { try DurationText.seconds($0) }
        options.csvFormat = csvLocale
        let report = try Interrupts.guarded {
            try options.execute { summary, wall in
                Console.error("replication \(summary.replication)/\(resolved.replications): \(summary.events) events in \(Console.seconds(wall))")
            }
        }
        print(Console.summaryTable(report))
        print("wrote \(report.files.joined(separator: ", "))")
    }
}
