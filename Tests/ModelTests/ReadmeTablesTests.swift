import Foundation
import KSCExperiments
import KSCModel
import KSCRecords
import KSCScenario
import KSCSupport
import TestSupport
import Testing

/// The README's key and column tables are generated from the one declaration of each
/// key and column; this test checks them (KSCSIM_UPDATE_GOLDEN=1 rewrites them).
@Suite("README tables")
struct ReadmeTablesTests {
    static var generated: [(String, String)] {
        Scenario.keyTables.map { ("keys.\($0.section)", $0.table) } + [
            ("columns.summary", SummaryRecord.markdownTable), ("columns.latency", LatencyRecord.markdownTable),
            ("columns.reach", ReachRecord.markdownTable),
            ("columns.class", markdownColumnTable(ClassFigures.columns.map { ("\($0.name)[CLASS]", $0.unit, $0.doc) })),
            ("columns.nodes", NodeRecord.markdownTable),
            ("columns.deliveries", DeliveryRecord.markdownTable),
            ("columns.timeseries", TimeseriesRecord.markdownTable),
            ("columns.selection", SelectionReport.markdownTable),
            ("columns.compare", PairedComparison.Row.markdownTable),
            ("columns.warmup", WarmupDetection.Finding.markdownTable),
            ("columns.screening", Screening.Row.markdownTable),
        ]
    }

    @Test("every key and column table in the README matches its declaration")
    func tables() throws {
        let url = KSCSimBinary.packageRoot.appendingPathComponent("README.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        for (name, table) in Self.generated {
            let begin = "<!-- BEGIN generated: \(name) -->\n"
            let end = "<!-- END generated -->"
            guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else {
                Issue.record("README.md has no block \(name)")
                continue
            }
            if ProcessInfo.processInfo.environment["KSCSIM_UPDATE_GOLDEN"] == "1" {
                text.replaceSubrange(b.upperBound..<e.lowerBound, with: table)
            } else {
                #expect(
                    String(text[b.upperBound..<e.lowerBound]) == table,
                    "README block \(name) differs from the declarations")
            }
        }
        if ProcessInfo.processInfo.environment["KSCSIM_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
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
