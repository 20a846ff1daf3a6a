import Foundation
import TestSupport
import Testing

/// Every run file verifies itself (issue 26, item 5): `runs/K.nodes` and `runs/K.series` end
/// with their row count and a checksum, so a file cut at a row boundary, cut mid-row, with a
/// row repeated or dropped, is a damaged run: `status` says so, `merge` refuses it, and the
/// next `sweep` computes the run again, to the same bytes.
@Suite("Run rows files", .serialized)
struct RunRowsFileTests {
    static let scenario = """
        name: rows
        horizon: 6h
        seed: 3
        classes:
          - {name: office, devices: 100, syncInterval: 15m}
        tasks:
          - {name: hourly, every: 1h}
        sweep:
          replications: 2
          vary: {server.syncWorkers: [2, 4]}
          timeseries: 30m

        """

    /// Ways a file of rows is damaged: each takes its lines (CRLF ends removed) and returns the text.
    static let damages: [(String, @Sendable ([String]) -> String)] = [
        ("cut at a row boundary", { lines in lines.dropLast(2).joined(separator: "\r\n") + "\r\n" }),
        ("cut mid-row", { lines in String(lines.joined(separator: "\r\n").dropLast(40)) }),
        (
            "a row repeated",
            { lines in (lines.prefix(2) + [lines[1]] + lines.dropFirst(2)).joined(separator: "\r\n") + "\r\n" }
        ),
        ("a row dropped", { lines in ([lines[0]] + lines.dropFirst(2)).joined(separator: "\r\n") + "\r\n" }),
        ("the row count line dropped", { lines in lines.dropLast().joined(separator: "\r\n") + "\r\n" }),
    ]

    @Test("a damaged nodes or series file makes its run damaged, refused by merge and computed again")
    func damagedRows() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rows.yaml")
        try Self.scenario.write(to: path, atomically: true, encoding: .utf8)
        let folder = dir.appendingPathComponent("out")
        #expect(try KSCSimBinary.run(["sweep", "run", path.path, "--out", folder.path]).0 == 0)
        #expect(try KSCSimBinary.run(["merge", folder.path]).0 == 0)
        let merged = ["sweep.csv", "nodes.csv", "timeseries.csv"]
        let reference = try merged.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        var checked = 0
        for file in ["runs/1.nodes", "runs/2.series"] {
            let url = folder.appendingPathComponent(file)
            let original = try String(contentsOf: url, encoding: .utf8)
            let lines = Array(original.components(separatedBy: "\r\n").dropLast())
            for (name, damage) in Self.damages {
                try damage(lines).write(to: url, atomically: true, encoding: .utf8)
                let (status, out, _) = try KSCSimBinary.run(["sweep", "status", folder.path])
                #expect(status != 0 && out.contains("1 damaged") && out.contains(file), "\(file) \(name): \(out)")
                let (merge, _, err) = try KSCSimBinary.run(["merge", folder.path])
                #expect(
                    merge != 0 && err.contains(file) && err.contains("is damaged: kscsim sweep run"),
                    "\(file) \(name): \(err)")
                let (again, _, againErr) = try KSCSimBinary.run(["sweep", "run", path.path, "--out", folder.path])
                #expect(again == 0 && againErr.contains("1 runs done now"), "\(file) \(name): \(againErr)")
                #expect(try String(contentsOf: url, encoding: .utf8) == original, "\(file) \(name)")
                #expect(try KSCSimBinary.run(["merge", folder.path]).0 == 0)
                let now = try merged.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
                #expect(now == reference, "\(file) \(name)")
                checked += 1
            }
        }
        #expect(checked == 10)
    }
}
