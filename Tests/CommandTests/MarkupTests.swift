import Foundation
import KSCSupport
import TestSupport
import Testing

/// Reports escape everything they copy (issue 26, item 7): every text cell of every file a
/// report reads (each CSV, selection.md, the names of the resolved scenario) is filled with
/// markup, and the page must hold none of it unescaped.
@Suite("Reports escape every input", .serialized)
struct MarkupTests {
    /// Names with markup, quotes and ampersands: they reach every CSV as text cells.
    static let scenario = """
        name: "<x-s>&'\\""
        question: "<x-q> & \\"?\\""
        horizon: 1d
        warmup: 2h
        drain: 6h
        server: {syncWorkers: 4}
        classes:
          - {name: "<x-c1>", devices: 100, wakeReachable: 0.5, keepConnection: 0.2}
          - {name: "c2<x-c2>'&", devices: 60}
        tasks:
          - {name: "<x-t>", every: 1h}

        """

    /// A payload per cell: markup that must never reach the page unescaped.
    static func payload(_ k: Int) -> String { "<x-p\(k) onload=\"1\">&amp;'" }

    /// Fills every text cell (a cell that is not a number) of every CSV in `folder` with markup,
    /// keeping the file's dialect, and puts markup into every line of selection.md.
    static func inject(_ folder: String) throws -> Int {
        var cells = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let path = folder + "/" + name
            if name.hasSuffix(".csv") {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let separator: Character = text.prefix { $0 != "\r\n" && $0 != "\n" }.contains(";") ? ";" : ","
                let rows = try CSVReader.rows(text, file: path, separator: separator)
                let format = separator == ";" ? CSVFormat.french : CSVFormat.standard
                var out = format.header(rows[0])
                for row in rows.dropFirst() where !(row.count == 1 && row[0].isEmpty) {
                    out += format.line(
                        row.map { cell in
                            if cell.isEmpty || Double(cell.replacingOccurrences(of: ",", with: ".")) != nil {
                                return .text(cell)
                            }
                            cells += 1
                            return .text(payload(cells))
                        })
                }
                try out.write(toFile: path, atomically: true, encoding: .utf8)
            } else if name.hasSuffix(".md") {
                let lines = try String(contentsOfFile: path, encoding: .utf8).split(
                    separator: "\n", omittingEmptySubsequences: false)
                try lines.enumerated().map { "\($0.element) \(payload(1000 + $0.offset)) `\(payload(2000))`" }
                    .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                cells += lines.count
            }
        }
        return cells
    }

    @Test("run, sweep with select, compare, screen and warmup folders: no markup from any input reaches the page")
    func everyFolder() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try Self.scenario.write(toFile: path, atomically: true, encoding: .utf8)
        let sweep = dir.appendingPathComponent("sweep.yaml").path
        try (Self.scenario + "sweep:\n  replications: 2\n  vary: {server.syncWorkers: [2, 4]}\n")
            .write(toFile: sweep, atomically: true, encoding: .utf8)
        let folders: [(String, [String])] = [
            ("run", ["run", path, "--replications", "2", "--timeseries", "1h", "--csv-locale", "fr"]),
            (
                "select",
                [
                    "select", sweep, "--minimize", "server.syncWorkers", "--constraint",
                    "latency_p95_s[<x-c1>] <= 2h ± 1m", "--first-stage", "2", "--max-replications", "2",
                ]
            ),
            ("compare", ["compare", path, "--set-b", "server.syncWorkers=8", "--replications", "2"]),
            (
                "screen",
                [
                    "screen", path, "--factor", "server.syncWorkers=2..8", "--factor",
                    "classes.<x-c1>.wakeReachable=0..1", "--trajectories", "2",
                ]
            ),
            ("warmup", ["warmup", path, "--replications", "2"]),
        ]
        for (name, arguments) in folders {
            let out = dir.appendingPathComponent(name).path
            let (status, _, err) = try KSCSimBinary.run(arguments + ["--out", out])
            #expect(status == 0, "\(name): \(err)")
            if name == "select" || name == "compare" || name == "screen" {
                _ = try KSCSimBinary.run(["merge", out])
            }
            let cells = try Self.inject(out)
            #expect(cells > 5, "\(name): \(cells) cells")
            let (reported, _, reportErr) = try KSCSimBinary.run(["report", out])
            // A folder made unreadable may be refused, with one line; never a page with markup.
            #expect(reported == 0 || (reported == 1 && reportErr.split(separator: "\n").count == 1), "\(reportErr)")
            guard reported == 0 else { continue }
            let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
            #expect(!html.contains("<x-"), "\(name): \(html.ranges(of: "<x-").count) unescaped")
            #expect(html.contains("&lt;x-"), "\(name)")
        }
    }
}
