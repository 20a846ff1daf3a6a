import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge a finished sweep into DIR/sweep.csv, DIR/aggregate.csv and DIR/metrics.csv.",
        discussion:
            "The output is byte-identical whatever the thread count, shard count or order in which runs finished.")

    @Argument(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var directory: String

    @OptionGroup var csv: CSVOptions<SweepFolder>
    @OptionGroup var aggregate: AggregateOptions

    func run() throws {
        let files = try SweepDirectory(path: directory).merge(csv: csv.output(allColumns: aggregate.allColumns))
        print("wrote \(files.joined(separator: ", "))")
    }
}
