import Foundation
import TestSupport
import Testing

@Suite("kscsim command", .serialized)
struct CommandTests {
    @Test(
        "help texts match the golden files",
        arguments: [
            [], ["run"], ["describe"], ["validate"], ["sweep"], ["sweep", "run"], ["sweep", "status"], ["merge"],
            ["slurm"], ["report"],
            ["select"], ["compare"], ["warmup"], ["screen"],
        ])
    func help(subcommand: [String]) throws {
        let (status, out, _) = try KSCSimBinary.run(subcommand + ["--help"])
        #expect(status == 0)
        try KSCSimBinary.expectGolden(out, "help\(subcommand.map { "-" + $0 }.joined()).txt")
    }

    @Test("--version and every resolved scenario name the git commit the binary was built from")
    func version() throws {
        let (status, out, _) = try KSCSimBinary.run(["--version"])
        #expect(status == 0)
        let head = Process()
        head.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        head.arguments = ["git", "-C", KSCSimBinary.packageRoot.path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        head.standardOutput = pipe
        head.standardError = FileHandle.nullDevice
        try head.run()
        head.waitUntilExit()
        let commit = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(12)
        #expect(
            out.hasPrefix("0.1.0 (commit \(commit)"),
            "\(out): built from another commit than HEAD; build with make (plain swift build keeps a stale commit, swiftlang/swift-package-manager#8202)"
        )
        #expect(out.wholeMatch(of: /0\.1\.0 \(commit [0-9a-f]{12}(-dirty)?\)\n/) != nil, "\(out)")
        let (_, described, _) = try KSCSimBinary.run(["describe"])
        #expect(described.contains("\nkscsimBuild: \(commit)"))
    }

    @Test("a fixed-seed run writes the golden CSV files, byte for byte")
    func goldenRun() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        let (status, _, err) = try KSCSimBinary.run([
            "run", scenario, "--out", dir.path, "--replications", "2", "--timeseries", "1h",
        ])
        #expect(status == 0, "\(err)")
        for name in [
            "summary.csv", "latency.csv", "reach.csv", "nodes.csv", "aggregate.csv", "metrics.csv", "timeseries.csv",
        ] {
            try KSCSimBinary.expectGolden(
                try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8), "small-\(name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(
            files == [
                "aggregate.csv", "latency.csv", "metrics.csv", "nodes.csv", "reach.csv", "scenario.resolved.yaml",
                "summary.csv", "timeseries.csv", "timing.csv",
            ])
        // The resolved scenario reproduces the run.
        let again = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: again) }
        let (status2, _, _) = try KSCSimBinary.run([
            "run", dir.appendingPathComponent("scenario.resolved.yaml").path, "--out", again.path, "--timeseries", "1h",
        ])
        #expect(status2 == 0)
        let first = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
        let second = try String(contentsOf: again.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(second == first)
    }

    @Test("--csv-locale fr writes French copies (semicolons, decimal commas) beside the English files")
    func frenchCSV() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        let (status, _, _) = try KSCSimBinary.run([
            "run", scenario, "--out", dir.path, "--csv-locale", "fr", "--deliveries", "--timeseries", "1h",
        ])
        #expect(status == 0)
        // The English files are written as always; the French copies beside them.
        let fr = try String(contentsOf: dir.appendingPathComponent("summary.fr.csv"), encoding: .utf8)
        let en = try String(
            contentsOf: KSCSimBinary.golden.appendingPathComponent("small-summary.csv"), encoding: .utf8)
        let english = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(english.split(separator: "\r\n")[1] == en.split(separator: "\r\n")[1])
        let firstRowEN = en.split(separator: "\r\n")[1]
        let expected = firstRowEN.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: ".", with: ",") }.joined(separator: ";")
        #expect(fr.split(separator: "\r\n")[1] == expected[...])
        let deliveries = try String(contentsOf: dir.appendingPathComponent("deliveries.fr.csv"), encoding: .utf8)
        #expect(deliveries.hasPrefix("replication;task;device;class;path;launched_s;delivered_s;latency_s\r\n"))
        let englishDeliveries = try String(contentsOf: dir.appendingPathComponent("deliveries.csv"), encoding: .utf8)
        #expect(englishDeliveries.hasPrefix("replication,task,device,class,path,launched_s,delivered_s,latency_s\r\n"))
        // Every CSV file has its copy, and the copy holds the same rows.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        for name in names where name.hasSuffix(".csv") && !name.hasSuffix(".fr.csv") {
            let copy = String(name.dropLast(4)) + ".fr.csv"
            #expect(names.contains(copy), "\(name) has no French copy")
            let rows = { (file: String) in
                try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\r\n").count
            }
            #expect(try rows(name) == rows(copy), "\(copy) has another number of rows")
        }
    }

    @Test("bad input: one clear error, non-zero exit, no output written, earlier results kept")
    func badInput() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "keep me".write(to: dir.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("bad.yaml")
        try "name: b\nclasses:\n  - name: a\n    devices: 10\n    udpLoss: 1.5\n".write(
            to: bad, atomically: true, encoding: .utf8)
        let (status, out, err) = try KSCSimBinary.run(["run", bad.path, "--out", dir.path])
        #expect(status != 0)
        #expect(out.isEmpty)
        #expect(err == "Error: \(bad.path):5: classes.a.udpLoss: \"1.5\" must be a fraction from 0 to 1\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["bad.yaml", "summary.csv"])
        #expect(try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8) == "keep me")
    }

    @Test(
        "without --out, a run writes into out/<name>, which git ignores (a newcomer's make run leaves git status clean)"
    )
    func defaultOutput() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, _) = try KSCSimBinary.run(["run", "--set", "horizon=36h", "--set", "drain=6h"], in: dir)
        #expect(status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/default/summary.csv").path))
        let ignore = try String(
            contentsOf: KSCSimBinary.packageRoot.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains("/out/"))
    }

    @Test("an interrupted run leaves no partial file")
    func interrupt() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Wait until the deliveries file is being written, then interrupt.
        let process = try KSCSimBinary.startLongRun(in: dir)
        Thread.sleep(forTimeInterval: 0.3)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    @Test("describe prints the resolved default scenario and its offered loads, and warns about the cap")
    func describeDefault() throws {
        let (status, out, err) = try KSCSimBinary.run(["describe"])
        #expect(status == 0)
        try KSCSimBinary.expectGolden(out, "describe-default.txt")
        #expect(err.contains("warning: 383.33 devices online on average want a permanent connection; the cap is 300"))
        let (_, overloaded, warning) = try KSCSimBinary.run([
            "describe", "--set", "server.syncWorkers=1", "--set", "server.syncService=2s",
        ])
        #expect(overloaded.contains("syncs: 1.91/s offered vs 0.5/s server capacity (utilization 3.83)"))
        #expect(warning.contains("the server is overloaded"))
    }

    @Test("validate fails on an unknown check with the list of checks")
    func validateUnknownCheck() throws {
        let (status, _, err) = try KSCSimBinary.run(["validate", "--check", "nope"])
        #expect(status != 0)
        #expect(err.contains("--check \"nope\" is not a check; allowed: periodic-sync, erlang-b-exponential"))
    }
}
