import Foundation
import KSCSupport
import TestSupport
import Testing

/// `compare` and `warmup` through the binary: their figures, and the same bytes whatever the
/// threads, shards or interruptions.
@Suite("Compare and warm-up", .serialized)
struct DecisionCommandTests {
    static let cluster = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path

    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try CSVReader.rows(try String(contentsOf: url, encoding: .utf8), file: url.path)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// The mean over replications of `column` in a sweep's time-series run files, by time (s).
    static func meanSeries(_ runs: URL, column: String) throws -> [Double: Double] {
        var sums: [Double: (Double, Int)] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: runs.path) where file.hasSuffix(".series") {
            for row in try rows(runs.appendingPathComponent(file)) {
                let t = Double(row["time_s"] ?? "") ?? .nan
                let v = Double(row[column] ?? "") ?? .nan
                sums[t, default: (0, 0)].0 += v
                sums[t, default: (0, 0)].1 += 1
            }
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }

    @Test(
        "compare: with common random numbers the paired interval of B − A is narrower than the unpaired one, and both are written"
    )
    func pairedNarrower() throws {
        let one = try KSCSimBinary.temporaryDirectory()
        let sharded = try KSCSimBinary.temporaryDirectory()
        defer { for d in [one, sharded] { try? FileManager.default.removeItem(at: d) } }
        // B syncs every 17 minutes instead of 15: both share each device's phase and every
        // availability draw, so their latencies move together from one replication to the next.
        let args = [
            "compare", Self.cluster, "--set-b", "classes.lan.syncInterval=17m", "--set-b",
            "classes.roam.syncInterval=17m", "--replications", "8",
        ]
        var (status, out, err) = try KSCSimBinary.run(args + ["--out", one.path, "--jobs", "2"])
        #expect(status == 0, "\(err)")
        #expect(err.contains("B differs from A in classes.lan.syncInterval, classes.roam.syncInterval"), "\(err)")
        #expect(out.contains("paired ±") && out.contains("unpaired ±"))
        let table = try Self.rows(one.appendingPathComponent("compare.csv"))
        let latency = try #require(table.first { $0["metric"] == "delivered_latency_mean_s" })
        let paired = Double(latency["paired_half_width"] ?? "") ?? .nan
        let unpaired = Double(latency["unpaired_half_width"] ?? "") ?? .nan
        #expect(paired < unpaired, "paired ±\(paired), unpaired ±\(unpaired)")
        let syncs = try #require(table.first { $0["metric"] == "syncs" })
        #expect((Double(syncs["paired_high"] ?? "") ?? .nan) < 0, "fewer syncs at 17 minutes: \(syncs)")
        // Shards, then a resume after a lost run file: the same bytes.
        (status, _, err) = try KSCSimBinary.run(args + ["--out", sharded.path, "--jobs", "1", "--shard", "0/2"])
        #expect(status == 0, "\(err)")
        #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("compare.csv").path))
        (status, _, err) = try KSCSimBinary.run(args + ["--out", sharded.path, "--jobs", "1", "--shard", "1/2"])
        #expect(status == 0, "\(err)")
        try FileManager.default.removeItem(at: sharded.appendingPathComponent("runs/3.csv"))
        (status, out, err) = try KSCSimBinary.run(args + ["--out", sharded.path, "--jobs", "2"])
        #expect(status == 0, "\(err)")
        #expect(
            try Data(contentsOf: sharded.appendingPathComponent("compare.csv"))
                == Data(contentsOf: one.appendingPathComponent("compare.csv")))
    }

    /// A server that comes up after 30 minutes with all 3,000 agents retrying: 4 workers of
    /// 0.5 s (8 sessions/s) against 5 syncs/s. The backlog of about 3,000 sessions drains in
    /// between 3000 x 0.5 / 4 = 375 s (no new arrivals) and 3000 / (8 - 5) = 1,000 s (new
    /// arrivals at the full rate) after the restart.
    static let backlog = """
        name: backlog-start
        horizon: 4h
        seed: 11
        server:
          syncWorkers: 4
          syncService: 500ms
          outages: [{start: 0s, duration: 30m}]
        classes:
          - {name: all, devices: 3000, syncInterval: 10m}

        """

    @Test(
        "warmup: MSER-5 truncates after the earliest drain of a full backlog and keeps only the steady state; kscsim run warns"
    )
    func backlogTransient() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        let again = try KSCSimBinary.temporaryDirectory()
        defer { for d in [dir, again] { try? FileManager.default.removeItem(at: d) } }
        let file = dir.appendingPathComponent("backlog.yaml")
        try Self.backlog.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("check")
        var (status, stdout, err) = try KSCSimBinary.run(["warmup", file.path, "--step", "1m", "--out", out.path])
        #expect(status == 0, "\(err)")
        let findings = try Self.rows(out.appendingPathComponent("warmup.csv"))
        let queue = try #require(findings.first { $0["column"] == "queue_length" })
        let truncation = Double(queue["truncation_s"] ?? "") ?? .nan
        // Not before the earliest drain (less one MSER batch of 5 one-minute samples): the
        // backlog cannot be gone then, and the averaged series shows it is not.
        let mean = try Self.meanSeries(out.appendingPathComponent("runs"), column: "queue_length")
        #expect(truncation >= 1800 + 375 - 300, "queue_length settles at \(truncation) s")
        #expect((mean[1800 + 300] ?? 0) > 500, "the backlog 5 minutes after the restart")
        // After it, the queue is at its steady-state level (M/D/4 at load 0.625: a fraction
        // of a session; below 1 with margin), never thousands. MSER can pick any point of
        // that flat stretch, so no upper bound tighter than it is a property of MSER.
        let after = mean.filter { $0.key >= truncation }.map(\.value)
        #expect(
            !after.isEmpty && after.reduce(0, +) / Double(after.count) < 1,
            "queue after \(truncation) s: \(after.prefix(10))")
        #expect(queue["settled"] == "1")
        #expect(stdout.contains("suggested warmup: "))
        // Same bytes with one thread, after a lost run.
        try FileManager.default.removeItem(at: out.appendingPathComponent("runs/2.csv"))
        (status, _, err) = try KSCSimBinary.run(["warmup", file.path, "--step", "1m", "--out", out.path, "--jobs", "1"])
        #expect(status == 0, "\(err)")
        #expect(try Self.rows(out.appendingPathComponent("warmup.csv")) == findings)
        // kscsim run warns without a warm-up, and not with one past the transient.
        (status, _, err) = try KSCSimBinary.run(["run", file.path, "--out", again.path])
        #expect(
            status == 0 && err.contains("warning: warmup 0s is clearly shorter than the start-up transient"), "\(err)")
        (status, _, err) = try KSCSimBinary.run(["run", file.path, "--out", again.path, "--set", "warmup=1h"])
        #expect(status == 0 && !err.contains("start-up transient"), "\(err)")
        // Too short a horizon: the columns do not settle, and warmup says so.
        (status, _, err) = try KSCSimBinary.run([
            "warmup", file.path, "--set", "horizon=40m", "--step", "30s", "--out",
            dir.appendingPathComponent("short").path,
        ])
        #expect(status == 0 && err.contains("did not settle within the horizon"), "\(err)")
    }

    @Test(
        "screen: the workers rank above the permanent-connection cap for the sync wait; the same bytes with shards and a resume"
    )
    func screening() throws {
        let one = try KSCSimBinary.temporaryDirectory()
        let sharded = try KSCSimBinary.temporaryDirectory()
        defer { for d in [one, sharded] { try? FileManager.default.removeItem(at: d) } }
        let args = [
            "screen", Self.cluster, "--factor", "server.syncWorkers=1..16", "--factor",
            "server.syncService=lognormal(mean={50ms..2s}, sd=50ms)",
            "--factor", "server.permanentConnectionCap=[10, 40, 200]", "--metric", "sync_wait_mean_s", "--metric",
            "perm_request_refused_share",
            "--trajectories", "6",
        ]
        var (status, out, err) = try KSCSimBinary.run(args + ["--out", one.path, "--jobs", "2"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("mu*"))
        let rows = try Self.rows(one.appendingPathComponent("screening.csv"))
        #expect(rows.count == 6)
        func rank(_ metric: String, _ factor: String) -> Int {
            Int(rows.first { $0["metric"] == metric && $0["factor"] == factor }?["rank"] ?? "") ?? 0
        }
        #expect(
            rank("sync_wait_mean_s", "server.syncWorkers") < rank("sync_wait_mean_s", "server.permanentConnectionCap"))
        #expect(rank("perm_request_refused_share", "server.permanentConnectionCap") == 1)
        (status, _, err) = try KSCSimBinary.run(args + ["--out", sharded.path, "--jobs", "1", "--shard", "0/3"])
        #expect(status == 0, "\(err)")
        try? FileManager.default.removeItem(at: sharded.appendingPathComponent("runs/0.csv"))
        (status, out, err) = try KSCSimBinary.run(args + ["--out", sharded.path, "--jobs", "2"])
        #expect(status == 0, "\(err)")
        #expect(
            try Data(contentsOf: sharded.appendingPathComponent("screening.csv"))
                == Data(contentsOf: one.appendingPathComponent("screening.csv")))
        (status, _, err) = try KSCSimBinary.run([
            "screen", Self.cluster, "--factor", "server.syncWorkers=16..1", "--factor", "seed=[1, 2]", "--out",
            sharded.path,
        ])
        #expect(status != 0 && err.contains("LOW must be below HIGH"), "\(err)")
    }
}
