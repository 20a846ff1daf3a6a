import Foundation
import KSCSupport
import TestSupport
import Testing

/// Never a silent answer from a saturated server: the overloaded case (40,000 office devices
/// every 5 minutes on 16 workers, Tests/Scenarios/overloaded.yaml) is flagged by describe,
/// run, select and report; the light case (every 15 minutes) by none of them.
@Suite("Saturation is said", .serialized)
struct SaturationTests {
    static let scenarios = KSCSimBinary.packageRoot.appendingPathComponent("Tests/Scenarios")
    static func path(_ name: String) -> String { scenarios.appendingPathComponent("\(name).yaml").path }

    /// Monday 00:00–10:00: two working hours, enough to saturate the overloaded server, and a
    /// run of seconds.
    static let short = ["--set", "horizon=10h", "--set", "drain=1h"]

    static func summary(_ dir: URL) throws -> [String: String] {
        let lines = try CSVReader.rows(
            try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8), file: "summary.csv")
        return Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
    }

    @Test("describe flags the peak hour of the overloaded case, not of the light one; both print the weekly mean")
    func describeFlagsThePeak() throws {
        let (status, out, err) = try KSCSimBinary.run(["describe", Self.path("overloaded")])
        #expect(status == 0)
        #expect(err.contains("server server is overloaded at its peak: utilization 1.67 on Mon 09:00–10:00"))
        #expect(out.contains("weekly mean 0.45"))
        let (_, lightOut, lightErr) = try KSCSimBinary.run(["describe", Self.path("light")])
        #expect(!lightErr.contains("overloaded"))
        #expect(lightOut.contains("peak 0.56 on Mon 09:00–10:00, weekly mean 0.15"))
    }

    @Test("run and report flag the overloaded case, and neither flags the light one")
    func runAndReport() throws {
        for (name, saturated) in [("overloaded", true), ("light", false)] {
            let dir = try KSCSimBinary.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (status, _, err) = try KSCSimBinary.run(["run", Self.path(name), "--out", dir.path] + Self.short)
            #expect(status == 0, "\(err)")
            #expect(
                err.contains("warning: saturated in 1 of 1 replications: server server spent") == saturated, "\(err)")
            let row = try Self.summary(dir)
            #expect(row["saturated"] == (saturated ? "1" : "0"))
            let share = Double(row["time_saturated_share"] ?? "") ?? .nan
            #expect(saturated ? share > 0.1 : share == 0)
            #expect(saturated ? (Int(row["refused_backlog_full"] ?? "") ?? 0) > 0 : row["connections_refused"] == "0")
            let (reported, _, reportErr) = try KSCSimBinary.run(["report", dir.path])
            #expect(reported == 0, "\(reportErr)")
            let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(html.contains("The system was overloaded") == saturated)
        }
    }

    @Test("select says beside a saturated candidate's verdict that it was saturated, and may exclude it")
    func selectFlagsSaturatedCandidates() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("select").path
        let scenario = dir.appendingPathComponent("overloaded-select.yaml")
        let base = try String(contentsOfFile: Self.path("overloaded"), encoding: .utf8)
        try (base + "sweep:\n  replications: 2\n  vary: {server.syncWorkers: [16, 64]}\n")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let (status, _, err) = try KSCSimBinary.run(
            [
                "select", scenario.path, "--out", folder, "--minimize", "server.syncWorkers",
                "--constraint", "latency_p95_s <= 7200 ± 60", "--first-stage", "2", "--max-replications", "2",
            ] + Self.short)
        #expect(status == 0, "\(err)")
        let md = try String(contentsOfFile: folder + "/selection.md", encoding: .utf8)
        #expect(md.contains("**Point 0 ("), "\(md)")
        #expect(md.contains("was saturated** in 2 of 2 replications"))
        #expect(!md.contains("**Point 1 ("))
    }
}
