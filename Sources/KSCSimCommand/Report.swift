import ArgumentParser
import Foundation
import KSCExperiments
import KSCReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write DIR/report.html: the results of a run or a merged sweep as one self-contained page.",
        discussion: """
            The page holds the scenario's question, the headline figures with 95% intervals, figures \
            drawn as SVG (share of the fleet reached after a launch by path and by class, permanent \
            connections, the server's queue and utilization; for sweeps each metric against the varied \
            keys) and every key of the resolved scenario marked documented, assumed or input. No \
            script and no external file: it opens offline and can be sent as is.
            """)

    @Argument(
        help: ArgumentHelp(
            "Result folder: the --out of kscsim run, or of a sweep, compare, screen or warmup (merged first when it has not been).",
            valueName: "dir"),
        completion: .directory)
    var directory: String

    @Option(
        help: ArgumentHelp("Where to write the page (default: DIR/report.html).", valueName: "file"),
        completion: .file(extensions: ["html"]))
    var out: String?

    func validate() throws {
        if let out, !out.hasSuffix(".html") && !out.hasSuffix(".htm") {
            throw ValidationError("--out \(out): the report is an HTML page; give a file name ending in .html")
        }
    }

    func run() throws {
        // A finished sweep folder not merged yet (a sweep, compare, screen or warmup): merge it first.
        let file = { (name: String) in (directory as NSString).appendingPathComponent(name) }
        let fm = FileManager.default
        if fm.fileExists(atPath: file("plan.csv")), !fm.fileExists(atPath: file("aggregate.csv")) {
            let written = try SweepDirectory(path: directory).merge()
            Console.error("report: merged the sweep first: wrote \(written.joined(separator: ", "))")
        }
        print("wrote \(try FolderReport.write(folder: directory, output: out))")
    }
}
