import Foundation
import TestSupport
import Testing

/// A sweep folder verifies itself: its plan against its resolved scenario, every run file
/// against its index, seed, sweep and checksum; two sweeps on one folder share the work.
@Suite("Sweep folders", .serialized)
struct SweepFolderTests {
    static let scenario = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path

    static func sweep(_ dir: URL, jobs: Int = 2, extra: [String] = []) throws -> (Int32, String, String) {
        try KSCSimBinary.run(["sweep", scenario, "--out", dir.path, "--jobs", "\(jobs)"] + extra)
    }

    @Test("a cut plan.csv is reported by status and merge, and rewritten by the next sweep")
    func cutPlan() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.sweep(dir).0 == 0)
        let plan = dir.appendingPathComponent("plan.csv")
        let text = try String(contentsOf: plan, encoding: .utf8)
        try String(text.dropLast(30)).write(to: plan, atomically: true, encoding: .utf8)
        let (status, out, err) = try KSCSimBinary.run(["sweep", "status", dir.path])
        #expect(status != 0 && (out + err).contains("plan.csv: does not match scenario.resolved.yaml (cut or edited)"))
        let (merge, _, mergeErr) = try KSCSimBinary.run(["merge", dir.path])
        #expect(merge != 0 && mergeErr.contains("plan.csv"))
        #expect(try Self.sweep(dir).0 == 0)
        #expect(try String(contentsOf: plan, encoding: .utf8) == text)
        #expect(try KSCSimBinary.run(["merge", dir.path]).0 == 0)
    }

    @Test("an edited run file, or one replaced by text, is named and computed again; merge never takes it")
    func editedRun() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.sweep(dir).0 == 0)
        #expect(try KSCSimBinary.run(["merge", dir.path]).0 == 0)
        let reference = try Data(contentsOf: dir.appendingPathComponent("sweep.csv"))
        let run3 = dir.appendingPathComponent("runs/3.csv")
        let run5 = dir.appendingPathComponent("runs/5.csv")
        let original = try String(contentsOf: run3, encoding: .utf8)
        // One digit changed in a number.
        var lines = original.components(separatedBy: "\r\n")
        let fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var edited = fields
        edited[6] = String((Int(fields[6]) ?? 0) + 1)
        lines[1] = edited.joined(separator: ",")
        try lines.joined(separator: "\r\n").write(to: run3, atomically: true, encoding: .utf8)
        // A value replaced by text, same column count.
        let text5 = try String(contentsOf: run5, encoding: .utf8)
        var lines5 = text5.components(separatedBy: "\r\n")
        var fields5 = lines5[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields5[8] = "oops"
        lines5[1] = fields5.joined(separator: ",")
        try lines5.joined(separator: "\r\n").write(to: run5, atomically: true, encoding: .utf8)
        let (status, out, _) = try KSCSimBinary.run(["sweep", "status", dir.path])
        #expect(
            status == 1 && out.contains("2 damaged") && out.contains("run 3 damaged") && out.contains("run 5 damaged"),
            "\(out)")
        let (merge, _, err) = try KSCSimBinary.run(["merge", dir.path])
        #expect(merge == 1 && err.contains("2 of 12 runs are not done (3, 5)"), "\(err)")
        #expect(try Self.sweep(dir).0 == 0)
        #expect(try String(contentsOf: run3, encoding: .utf8) == original)
        #expect(try KSCSimBinary.run(["merge", dir.path]).0 == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("sweep.csv")) == reference)
    }

    @Test(
        "with scenario.resolved.yaml deleted and the scenario changed, the old runs are not merged as the new sweep's")
    func missingResolved() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.sweep(dir).0 == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("scenario.resolved.yaml"))
        let (status, _, _) = try KSCSimBinary.run(["sweep", "status", dir.path])
        #expect(status != 0)
        // Prepare the changed sweep without running it: every old run is foreign to it.
        let (slurm, _, _) = try KSCSimBinary.run(["slurm", Self.scenario, "--out", dir.path, "--set", "horizon=7h"])
        #expect(slurm == 0)
        let (_, out, _) = try KSCSimBinary.run(["sweep", "status", dir.path])
        #expect(
            out.contains("0 done") && out.contains("12 damaged") && out.contains("belongs to another sweep"), "\(out)")
        #expect(try KSCSimBinary.run(["merge", dir.path]).0 == 1)
    }

    @Test("two sweeps on one folder at once share the runs: none is computed twice, same bytes")
    func concurrentSweeps() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fresh = dir.appendingPathComponent("fresh")
        let shared = dir.appendingPathComponent("shared")
        #expect(try Self.sweep(fresh, jobs: 1, extra: ["--set", "sweep.replications=6"]).0 == 0)
        #expect(try KSCSimBinary.run(["merge", fresh.path]).0 == 0)
        // Prepare first so that both processes see the same folder.
        #expect(
            try KSCSimBinary.run(["slurm", Self.scenario, "--out", shared.path, "--set", "sweep.replications=6"]).0 == 0
        )
        var processes: [Process] = []
        let logs = (0..<2).map { dir.appendingPathComponent("log\($0).txt") }
        for log in logs {
            let p = Process()
            p.executableURL = KSCSimBinary.url
            p.arguments = [
                "sweep", Self.scenario, "--out", shared.path, "--jobs", "1", "--set", "sweep.replications=6",
            ]
            FileManager.default.createFile(atPath: log.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: log)
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            processes.append(p)
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let done = try logs.map { try String(contentsOf: $0, encoding: .utf8) }.map { text -> Int in
            guard let line = text.split(separator: "\n").last(where: { $0.contains("runs done now") }),
                let n = Int(line.split(separator: " ")[1])
            else { return -1 }
            return n
        }
        #expect(done.reduce(0, +) == 24, "runs computed by the two sweeps: \(done)")
        #expect(try KSCSimBinary.run(["merge", shared.path]).0 == 0)
        for name in ["sweep.csv", "aggregate.csv", "nodes.csv"] {
            #expect(
                try Data(contentsOf: shared.appendingPathComponent(name))
                    == Data(contentsOf: fresh.appendingPathComponent(name)))
        }
    }
}

/// Faults: a SIGKILL at a random moment, a full disk.
@Suite("Faults", .serialized)
struct FaultTests {
    @Test("a SIGKILLed run --deliveries leaves a temporary file that the next run removes", arguments: [0.2, 0.7, 1.5])
    func killedRun(delay: Double) throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = try KSCSimBinary.startLongRun(in: dir)
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left.allSatisfy { $0.hasPrefix(".") && $0.contains(".tmp-") }, "\(left)")
        let scenario = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        #expect(try KSCSimBinary.run(["run", scenario, "--deliveries", "--out", dir.path]).0 == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!after.contains { $0.contains(".tmp-") }, "\(after)")
    }

    @Test(
        "on a full disk a sweep's failed runs still say why, on standard error",
        .enabled(if: getuid() == 0, "needs root to mount a small tmpfs"))
    func fullDisk() throws {
        let mount = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: mount) }
        let run = { (args: [String]) -> Int32 in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/" + args[0])
            p.arguments = Array(args.dropFirst())
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        guard run(["mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", mount.path]) == 0 else {
            Issue.record("could not mount a tmpfs")
            return
        }
        defer { _ = run(["umount", mount.path]) }
        let scenario = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path
        let (status, _, err) = try KSCSimBinary.run(["sweep", scenario, "--out", mount.path + "/s", "--jobs", "1"])
        #expect(status != 0)
        #expect(err.contains("failed: cannot write") || err.contains("cannot write"), "\(err.prefix(600))")
        #expect(!err.contains("Fatal") && !err.contains("Crash"))
    }

    @Test("report merges a finished sweep folder first, and numbers its points as aggregate.csv does")
    func reportMergesFirst() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try
            "name: z\nhorizon: 6h\nclasses: [{name: a, devices: 20}]\nsweep:\n  replications: 2\n  zip: {server.syncWorkers: [1, 2, 4]}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        #expect(try KSCSimBinary.run(["sweep", "run", path, "--out", out]).0 == 0)
        #expect(!FileManager.default.fileExists(atPath: out + "/aggregate.csv"))
        let (status, _, err) = try KSCSimBinary.run(["report", out])
        #expect(status == 0 && err.contains("report: merged the sweep first"), "\(err)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        // The zip table and the charts name points 0, 1, 2, as aggregate.csv and selection.md do.
        #expect(html.contains("<td>0</td><td><code>1</code></td>"), "\(html.prefix(0))")
        #expect(!html.contains("<td>3</td>"))
        // A sweep whose runs are not all done is refused, naming what to do.
        try FileManager.default.removeItem(atPath: out + "/aggregate.csv")
        try FileManager.default.removeItem(atPath: out + "/runs/1.csv")
        let (refused, _, why) = try KSCSimBinary.run(["report", out])
        #expect(refused == 1 && why.contains("1 of 6 runs are not done"), "\(why)")
    }
}
