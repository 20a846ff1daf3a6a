import Foundation
import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCSupport

@Suite("SweepRunner", .serialized)
struct SweepRunnerTests {
    static let yaml = """
        name: det
        horizon: 3h
        warmup: 30m
        classes:
          - {name: a, devices: 60, keepConnection: 0.3, wakeReachable: 0.3,
             availability: {type: onoff, on: "exponential(mean=1h)", off: "exponential(mean=30m)"}}
        server: {permanentConnectionCap: 5}
        tasks:
          - {name: t, every: 20m}
        sweep:
          replications: 3
          vary:
            "classes.a.wakeReachable": [0, 1]
            "classes.a.syncInterval": [5m, 15m]
        """

    static func sweep(jobs: Int, shards: Int) throws -> (String, String) {
        let plan = try SweepPlan.parse(yaml: yaml, origin: "det.yaml")
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = SweepDirectory(path: dir.path)
        try directory.prepare(plan, force: false)
        for shard in 0..<shards {
            let outcome = SweepRunner(
                plan: plan, directory: directory, jobs: jobs, shard: .init(index: shard, count: shards)
            ).execute()
            #expect(outcome.failed == 0)
        }
        _ = try directory.merge()
        return (
            try String(contentsOf: dir.appendingPathComponent("sweep.csv"), encoding: .utf8),
            try String(contentsOf: dir.appendingPathComponent("aggregate.csv"), encoding: .utf8)
        )
    }

    @Test("--jobs 1, --jobs 2 and 3 shards give byte-identical sweep.csv and aggregate.csv")
    func determinism() throws {
        let one = try Self.sweep(jobs: 1, shards: 1)
        let two = try Self.sweep(jobs: 2, shards: 1)
        let sharded = try Self.sweep(jobs: 1, shards: 3)
        #expect(one.0 == two.0 && one.1 == two.1)
        #expect(one.0 == sharded.0 && one.1 == sharded.1)
        let lines = one.0.split(separator: "\r\n")
        #expect(lines.count == 1 + 12)
        #expect(
            lines[0].hasPrefix(
                "index,point,classes.a.wakeReachable,classes.a.syncInterval,classes.a.syncInterval_s,scenario,replication,seed,"
            ))
        #expect(lines[1].hasPrefix("0,0,0,5m,300,det,1,"))
        #expect(one.1.split(separator: "\r\n").count == 1 + 4)
    }

    @Test("merge refuses a sweep with runs missing, naming them")
    func mergeIncomplete() throws {
        let plan = try SweepPlan.parse(yaml: Self.yaml, origin: "det.yaml")
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = SweepDirectory(path: dir.path)
        try directory.prepare(plan, force: false)
        _ = SweepRunner(plan: plan, directory: directory, jobs: 1, shard: .init(index: 0, count: 2)).execute()
        let status = directory.status(plan: plan)
        #expect(status.done == 6 && status.missing == 6 && status.notDone == [1, 3, 5, 7, 9, 11])
        let error = #expect(throws: InputError.self) { try directory.merge() }
        #expect(error?.message.contains("6 of 12 runs are not done (1, 3, 5, 7, 9, 11)") == true)
    }

    @Test("a changed scenario in an existing folder is refused unless forced")
    func changedScenario() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = SweepDirectory(path: dir.path)
        try directory.prepare(try SweepPlan.parse(yaml: Self.yaml, origin: "det.yaml"), force: false)
        let changed = try SweepPlan.parse(yaml: Self.yaml, origin: "det.yaml", overrides: ["horizon=4h"])
        let error = #expect(throws: InputError.self) { try directory.prepare(changed, force: false) }
        #expect(
            error?.message.contains(
                "holds results of a different sweep (scenario.resolved.yaml differs from line 6); use --force") == true,
            "\(error?.message ?? "")")
        try directory.prepare(changed, force: true)
    }

    @Test("a folder made by another kscsim build is refused with a message saying so")
    func otherBuild() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = SweepDirectory(path: dir.path)
        let plan = try SweepPlan.parse(yaml: Self.yaml, origin: "det.yaml")
        try directory.prepare(plan, force: false)
        let file = dir.appendingPathComponent("scenario.resolved.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacing(/(?m)^kscsimBuild: .*$/, with: "kscsimBuild: 000000000000").write(
            toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) { try directory.prepare(plan, force: false) }
        #expect(
            error?.message.contains("holds results made by another kscsim build (kscsimBuild: 000000000000; this is")
                == true, "\(error?.message ?? "")")
    }

    @Test("shards parse as I/N", arguments: ["0/1", "2/3"])
    func shards(text: String) throws {
        _ = try SweepRunner.Shard(parsing: text)
    }

    @Test("bad shards are refused", arguments: ["3/3", "-1/2", "1", "a/b", "0/0"])
    func badShards(text: String) {
        #expect(throws: InputError.self) { try SweepRunner.Shard(parsing: text) }
    }

    @Test(
        "a sweep killed part-way and rerun gives the same bytes and never a partial run file",
        arguments: [SIGINT, SIGKILL])
    func resume(signal: Int32) throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml")
        // Larger runs so that the kill lands part-way.
        try Self.yaml.replacingOccurrences(of: "devices: 60", with: "devices: 800")
            .replacingOccurrences(of: "horizon: 3h", with: "horizon: 1d")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = KSCSimBinary.url
        process.arguments = ["sweep", scenario.path, "--out", out.path, "--jobs", "2"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let runs = out.appendingPathComponent("runs")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline,
            ((try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []).filter({
                $0.hasSuffix(".csv") && !$0.hasPrefix(".")
            }).count < 2
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let afterKill = try FileManager.default.contentsOfDirectory(atPath: runs.path).filter {
            !$0.hasPrefix(".") && $0.hasSuffix(".csv")
        }
        #expect(afterKill.count >= 2 && afterKill.count < 12, "killed too late or too early: \(afterKill.count) runs")
        let plan = try SweepPlan.load(path: scenario.path)
        let directory = SweepDirectory(path: out.path)
        for name in afterKill {
            #expect(directory.state(of: Int(name.dropLast(4))!, plan: plan) == .done, "partial run file \(name)")
        }
        let (status, _, _) = try KSCSimBinary.run(["sweep", scenario.path, "--out", out.path, "--jobs", "2"])
        #expect(status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: runs.path).filter {
            $0.contains(".tmp-") || $0.hasSuffix(".claim")
        }
        #expect(leftovers.isEmpty, "left after the rerun: \(leftovers)")
        let (merged, _, _) = try KSCSimBinary.run(["merge", out.path])
        #expect(merged == 0)
        let fresh = dir.appendingPathComponent("fresh")
        _ = try KSCSimBinary.run(["sweep", scenario.path, "--out", fresh.path, "--jobs", "1"])
        _ = try KSCSimBinary.run(["merge", fresh.path])
        for name in ["sweep.csv", "aggregate.csv", "nodes.csv"] {
            let resumed = try Data(contentsOf: out.appendingPathComponent(name))
            let uninterrupted = try Data(contentsOf: fresh.appendingPathComponent(name))
            #expect(resumed == uninterrupted, "\(name) differs after resume")
        }
    }
}
