import Foundation
import KSCExperiments
import KSCModel
import KSCRecords
import KSCScenario
import KSCSupport
import TestSupport
import Testing

/// The reference's key and column tables and the commands' help are generated from their one
/// declaration; this test checks them wherever they are in the documentation
/// (KSCSIM_UPDATE_GOLDEN=1 rewrites them), and that the documentation's links resolve.
@Suite("Documentation")
struct ReadmeTablesTests {
    static var generated: [(String, String)] {
        Scenario.keyTables.map { ("keys.\($0.section)", $0.table) } + [
            ("columns.summary", SummaryRecord.markdownTable), ("columns.latency", LatencyRecord.markdownTable),
            ("columns.reach", ReachRecord.markdownTable),
            ("columns.class", markdownColumnTable(ClassFigures.figures.map { ("\($0.name)[CLASS]", $0.unit, $0.doc) })),
            ("columns.nodes", NodeRecord.markdownTable),
            ("columns.metrics", markdownColumnTable(MetricsTable.columnDocs)),
            (
                "columns.deliveries",
                markdownColumnTable(DeliveryRecord.completionColumns.map { ($0.name, $0.unit, $0.doc) })
            ),
            ("columns.links", LinkRecord.markdownTable),
            ("columns.linkseries", LinkSampleRecord.markdownTable),
            ("columns.timeseries", TimeseriesRecord.markdownTable),
            ("columns.selection", SelectionReport.markdownTable),
            ("columns.compare", PairedComparison.Row.markdownTable),
            ("columns.warmup", WarmupDetection.Finding.markdownTable),
            ("columns.screening", Screening.Row.markdownTable),
        ]
    }

    /// The help of each subcommand, as the golden files hold it (CommandTests checks those
    /// against the binary): the blocks of docs/reference/commands.md.
    static var helpBlocks: [(String, String)] {
        get throws {
            let names = [
                "", "run", "describe", "validate", "sweep", "sweep-run", "sweep-status", "merge", "slurm", "report",
                "select", "compare", "warmup", "screen",
            ]
            return try names.map { name in
                let file = KSCSimBinary.golden.appendingPathComponent(name.isEmpty ? "help.txt" : "help-\(name).txt")
                let text = try String(contentsOf: file, encoding: .utf8)
                return ("help.\(name.isEmpty ? "kscsim" : name)", "```text\n" + text + "```\n")
            }
        }
    }

    /// The documentation files: the README, every markdown file under docs/, Benchmarks/README.md.
    static var documents: [URL] {
        let root = KSCSimBinary.packageRoot
        let docs = root.appendingPathComponent("docs")
        let under =
            FileManager.default.enumerator(atPath: docs.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".md")
            }.sorted() ?? []
        return [root.appendingPathComponent("README.md"), root.appendingPathComponent("Benchmarks/README.md")]
            + under.map { docs.appendingPathComponent($0) }
    }

    @Test("every generated block of the documentation matches its declaration, once")
    func tables() throws {
        let update = ProcessInfo.processInfo.environment["KSCSIM_UPDATE_GOLDEN"] == "1"
        var texts = try Self.documents.map { try String(contentsOf: $0, encoding: .utf8) }
        for (name, table) in try Self.generated + Self.helpBlocks {
            let begin = "<!-- BEGIN generated: \(name) -->\n"
            let end = "<!-- END generated -->"
            let holders = texts.indices.filter { texts[$0].contains(begin) }
            guard holders.count == 1, let i = holders.first else {
                Issue.record("block \(name) is in \(holders.count) documents; it must be in one")
                continue
            }
            guard let b = texts[i].range(of: begin),
                let e = texts[i].range(of: end, range: b.upperBound..<texts[i].endIndex)
            else { continue }
            if update {
                texts[i].replaceSubrange(b.upperBound..<e.lowerBound, with: table)
            } else {
                #expect(
                    String(texts[i][b.upperBound..<e.lowerBound]) == table,
                    "block \(name) of \(Self.documents[i].lastPathComponent) differs from the declarations")
            }
        }
        if update {
            for (url, text) in zip(Self.documents, texts) { try text.write(to: url, atomically: true, encoding: .utf8) }
        }
    }

    @Test("every relative link of the documentation names a file that exists, and the README stays short")
    func links() throws {
        let link = /\]\(([^)\s#]+)(#[^)\s]*)?\)/
        for url in Self.documents {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: link) {
                let target = String(match.output.1)
                if target.hasPrefix("http:") || target.hasPrefix("https:") || target.hasPrefix("mailto:") { continue }
                let resolved = url.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(
                    FileManager.default.fileExists(atPath: resolved.path),
                    "\(url.lastPathComponent): the link \(target) names no file")
            }
        }
        let readme = try Data(contentsOf: KSCSimBinary.packageRoot.appendingPathComponent("README.md"))
        #expect(readme.count <= 12 * 1024, "README.md is \(readme.count) bytes; the details belong in docs/")
    }

    @Test("no Swift file under Sources is longer than 300 lines")
    func fileLength() throws {
        let sources = KSCSimBinary.packageRoot.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".swift")
            } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let lines = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false
            ).count
            #expect(lines <= 300, "\(file) has \(lines) lines")
        }
    }
}
