import Foundation
import TestSupport
import Testing

/// Sequential sweeps (precision targets, select) run in rounds, with the same bytes whatever
/// the threads, shards or interruptions.
@Suite("Sequential sweeps", .serialized)
struct SequentialSweepTests {
    static let cluster = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path
    static let precision = [
        "--precision", "within_900s=0.01", "--precision", "delivered_latency_mean_s=5%",
        "--min-replications", "3", "--max-replications", "40",
    ]

    static func read(_ dir: URL, _ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    /// Rows of a CSV file as dictionaries.
    static func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test(
        "a precision target is met at every point, the replications used are reported, and the bytes do not depend on jobs, shards or resume"
    )
    func precisionSweep() throws {
        let one = try KSCSimBinary.temporaryDirectory()
        let two = try KSCSimBinary.temporaryDirectory()
        let sharded = try KSCSimBinary.temporaryDirectory()
        defer { for d in [one, two, sharded] { try? FileManager.default.removeItem(at: d) } }
        var (status, _, err) = try KSCSimBinary.run(
            ["sweep", Self.cluster, "--out", one.path, "--jobs", "1"] + Self.precision)
        #expect(status == 0, "\(err)")
        let aggregate = Self.rows(try Self.read(one, "aggregate.csv"))
        #expect(aggregate.count == 4)
        var used: [Int] = []
        for row in aggregate {
            #expect(row["precision_met"] == "1")
            let n = Int(row["replications"] ?? "") ?? 0
            used.append(n)
            #expect(n >= 3 && n < 40)
            let within = Double(row["within_900s_ci95"] ?? "") ?? .nan
            #expect(within <= 0.01, "within_900s half-width \(within)")
            let mean = Double(row["delivered_latency_mean_s_mean"] ?? "") ?? .nan
            let half = Double(row["delivered_latency_mean_s_ci95"] ?? "") ?? .nan
            #expect(half <= 0.05 / 1.05 * mean, "delivered_latency_mean_s \(mean) ± \(half)")
        }
        #expect(Set(used).count > 1, "points needed different replications: \(used)")
        let sweepRows = Self.rows(try Self.read(one, "sweep.csv"))
        #expect(sweepRows.count == used.reduce(0, +))
        // Two threads; then two shards in turn (the second finishes the rounds), then a resume.
        (status, _, err) = try KSCSimBinary.run(
            ["sweep", Self.cluster, "--out", two.path, "--jobs", "2"] + Self.precision)
        #expect(status == 0, "\(err)")
        (status, _, err) = try KSCSimBinary.run(
            ["sweep", Self.cluster, "--out", sharded.path, "--jobs", "1", "--shard", "0/2"] + Self.precision)
        #expect(status == 0 && err.contains("rerun the same command without --shard"), "\(err)")
        (status, _, err) = try KSCSimBinary.run(
            ["sweep", Self.cluster, "--out", sharded.path, "--jobs", "1", "--shard", "1/2", "--rounds", "1"]
                + Self.precision)
        #expect(status == 0, "\(err)")
        let (statusCode, statusOut, _) = try KSCSimBinary.run(["sweep", "status", sharded.path])
        #expect(statusCode == 1 && statusOut.contains("procedure is at round"), "\(statusOut)")
        // Lose a run file of round 1: it is computed again.
        try FileManager.default.removeItem(at: sharded.appendingPathComponent("runs/1.csv"))
        (status, _, err) = try KSCSimBinary.run(
            ["sweep", Self.cluster, "--out", sharded.path, "--jobs", "2"] + Self.precision)
        #expect(status == 0, "\(err)")
        for name in ["sweep.csv", "aggregate.csv", "nodes.csv"] {
            let reference = try Self.read(one, name)
            #expect(try Self.read(two, name) == reference, "\(name) with 2 jobs")
            #expect(try Self.read(sharded, name) == reference, "\(name) with shards and a resume")
        }
        #expect(try KSCSimBinary.run(["sweep", "status", sharded.path]).0 == 0)
    }

    static let candidates = """
        name: select-folder
        horizon: 3h
        drain: 30m
        seed: 5
        server: {syncWorkers: 16, syncService: 100ms}
        classes:
          - {name: all, devices: 20, syncInterval: 10m, rtt: 60ms}
        tasks:
          - {name: t, every: 10m}
        sweep:
          replications: 1
          vary: {classes.all.syncInterval: [5m, 10m, 15m, 20m]}

        """

    @Test("select writes its answer and the same bytes with one or two threads, shards and a resume")
    func selectFolder() throws {
        let scenario = try KSCSimBinary.temporaryDirectory()
        let one = try KSCSimBinary.temporaryDirectory()
        let sharded = try KSCSimBinary.temporaryDirectory()
        defer { for d in [scenario, one, sharded] { try? FileManager.default.removeItem(at: d) } }
        let file = scenario.appendingPathComponent("candidates.yaml")
        try Self.candidates.write(to: file, atomically: true, encoding: .utf8)
        let options = [
            "--constraint", "latency_mean_s <= 420 +- 20", "--minimize", "latency_mean_s ± 30", "--first-stage", "5",
        ]
        var (status, out, err) = try KSCSimBinary.run(
            ["select", file.path, "--out", one.path, "--jobs", "2"] + options)
        #expect(status == 0, "\(err)")
        #expect(out.contains("**Chosen: point 0** (classes.all.syncInterval = 5m)"), "\(out)")
        let table = Self.rows(try Self.read(one, "selection.csv"))
        #expect(table.map { $0["status"] ?? "" } == ["chosen", "eliminated", "infeasible", "infeasible"])
        (status, _, err) = try KSCSimBinary.run(
            ["select", file.path, "--out", sharded.path, "--jobs", "1", "--shard", "1/3"] + options)
        #expect(status == 0, "\(err)")
        try? FileManager.default.removeItem(at: sharded.appendingPathComponent("runs/0.csv"))
        (status, _, err) = try KSCSimBinary.run(["select", file.path, "--out", sharded.path, "--jobs", "1"] + options)
        #expect(status == 0, "\(err)")
        for name in ["selection.csv", "selection.md", "sweep.csv", "aggregate.csv"] {
            #expect(try Self.read(sharded, name) == Self.read(one, name), "\(name)")
        }
        // A constraint that is not one: one clear error naming the flag's text.
        (status, _, err) = try KSCSimBinary.run([
            "select", file.path, "--out", one.path, "--constraint", "latency_mean <= 400", "--minimize",
            "latency_mean_s ± 30",
        ])
        #expect(status != 0 && err.contains("latency_mean <= 400") && err.contains("tolerance"), "\(err)")
        (status, _, err) = try KSCSimBinary.run([
            "select", file.path, "--out", one.path, "--constraint", "latency_mean <= 400 ± 5", "--minimize",
            "latency_mean_s ± 30",
        ])
        #expect(
            status != 0 && err.contains("unknown metric \"latency_mean\"") && err.contains("did you mean"), "\(err)")
    }
}
