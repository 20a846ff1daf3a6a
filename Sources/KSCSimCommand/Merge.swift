import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge a finished sweep into DIR/sweep.csv and DIR/aggregate.csv.",
        discussion:
            "The output is byte-identical whatever the thread count, shard count or order in which runs finished.")

    @Argument(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var directory: String

    @OptionGroup var csv: CSVOptions<SweepFolder>

    func run() throws {
        let files = try SweepDirectory(path: directory).merge(format: csv.csvLocale, byteOrderMark: csv.bom)
        print("wrote \(files.joined(separator: ", "))")
    }
}
