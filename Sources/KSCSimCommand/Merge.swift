import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge a finished sweep into DIR/sweep.csv and DIR/aggregate.csv.",
        discussion: "The output is byte-identical whatever the thread count, shard count or order in which runs finished.")

    @Argument(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var directory: String

    @Option(help: "CSV dialect: en (',' and '.') or fr (';' and decimal commas, for spreadsheets in French).")
    var csvLocale: CSVFormat = .standard

    @Flag(help: "Start each CSV file with a UTF-8 byte-order mark (Excel then reads accents right on a double click).")
    var bom = false

    func run() throws {
        let files = try SweepDirectory(path: directory).merge(format: csvLocale, byteOrderMark: bom)
        print("wrote \(files.joined(separator: ", "))")
    }
}
