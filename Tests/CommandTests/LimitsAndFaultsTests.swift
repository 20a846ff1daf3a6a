import Foundation
import TestSupport
import Testing

/// Inputs that once crashed, hung or exhausted memory: each now gets one clear error
/// (naming the flag or file and line, the key and the value) or runs correctly.
@Suite("Limits and faults", .serialized)
struct LimitsAndFaultsTests {
    static func expectOneLineError(
        _ arguments: [String], contains text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (status, out, err) = try KSCSimBinary.run(arguments)
        #expect(status == 1 || status == 64, "exit \(status) for \(arguments)", sourceLocation: sourceLocation)
        #expect(err.contains(text), "\(arguments): \(err.prefix(400))", sourceLocation: sourceLocation)
        #expect(
            err.split(separator: "\n").first.map { $0.count < 400 } ?? false, "a long error: \(err.prefix(200))",
            sourceLocation: sourceLocation)
        #expect(out.isEmpty, sourceLocation: sourceLocation)
    }

    @Test(
        "tiny or infinite periods, huge horizons and counts are refused with the limit",
        arguments: [
            (["classes.remote.syncInterval=4.9e-324s"], "must have a finite mean of at least 1ms"),
            (
                ["classes.remote.syncInterval=1e-12s"],
                "classes.remote.syncInterval: 1e-12s must have a finite mean of at least 1ms"
            ),
            (["classes.remote.availability={type: onoff, on: 1e-300s, off: 1h}"], "classes.remote.availability.on"),
            // A large mean with almost every draw 0: refused by its median, naming the key.
            (
                ["classes.remote.syncInterval=gamma(shape=0.0001, mean=15m)"],
                "classes.remote.syncInterval: gamma(shape=0.0001, mean=15m) has a median of 0 s"
            ),
            (
                ["server.retryAfter=lognormal(mean=1m, sd=1000000d)"],
                "server.retryAfter: lognormal(mean=1m, sd=1000000d) has a median of"
            ),
            (
                ["classes.remote.availability={type: onoff, on: 2h, off: \"gamma(shape=0.00001, mean=1h)\"}"],
                "classes.remote.availability.off"
            ),
            (["tasks.hourly.every=1e-12s"], "tasks.hourly.every: 1e-12s must be at least 1ms"),
            (["tasks=[{name: t, rate: 1e308/ms}]"], "tasks.t.rate"),
            (["tasks=[{name: t, rate: 2000/s}]"], "more than 1000 launches per second"),
            (["horizon=1e15d"], "longer than 36500d"),
            (
                ["pushServers.capacity=9223372036854775807", "pushServers.count=2", "pushServers.classes=[remote]"],
                "must be a whole number from 1 to 1000000000"
            ),
            (
                ["classes.remote.devices=100000000", "classes.office.devices=100000000"],
                "more than 100000000 devices in all"
            ),
            (["tasks=[{name: t, at: [1e308d]}]"], "must be a time from 0 to 36500d"),
            (["tasks=[{name: {a: b}, every: 1h}]"], "a task name must be plain text"),
            (["seed=_1"], "seed: \"_1\" must be a whole number"),
            (["classes.remote.devices=1__0"], "\"1__0\" must be a whole number"),
            (["server.wakeSendRate=1e9"], "must be at most 1000000 packets/s"),
            (["sweep={vary: 3}"], "sweep.vary: expected a mapping"),
        ])
    func limits(sets: [String], message: String) throws {
        try Self.expectOneLineError(
            ["run", "--out", "/nonexistent/never"] + sets.flatMap { ["--set", $0] }, contains: message)
    }

    @Test("a run warns like describe when the server is overloaded, and refuses a too-fine time series")
    func runWarnsAndRefuses() throws {
        let (status, _, err) = try KSCSimBinary.run([
            "run", "--out", try KSCSimBinary.temporaryDirectory().path, "--set", "server.syncWorkers=1",
            "--set", "server.syncService=2s", "--set", "horizon=36h", "--set", "drain=6h",
        ])
        #expect(status == 0)
        #expect(err.contains("kscsim run: warning: the server is overloaded"), "\(err.prefix(400))")
        try Self.expectOneLineError(
            ["run", "--out", "/nonexistent/never", "--timeseries", "0.0000001ms"], contains: "--timeseries")
        try Self.expectOneLineError(
            ["run", "--out", "/nonexistent/never", "--set", "horizon=1.8e308"], contains: "horizon")
        try Self.expectOneLineError(["describe", "--set", "sweep={vary: 3}"], contains: "sweep.vary")
    }

    @Test("a sweep plan of 9,000,000 runs and a scenario of 20,000 tasks are refused before they are expanded")
    func hugePlans() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let values = "[" + (1...3000).map(String.init).joined(separator: ", ") + "]"
        let plan = dir.appendingPathComponent("plan.yaml")
        try
            "name: p\nclasses: [{name: a, devices: 1}]\nsweep:\n  replications: 1\n  vary:\n    \"classes.a.devices\": \(values)\n    \"seed\": \(values)\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        try Self.expectOneLineError(
            ["sweep", plan.path, "--out", dir.appendingPathComponent("s").path], contains: "more than 1000000 runs")
        let tasks = dir.appendingPathComponent("tasks.yaml")
        try
            ("name: t\nclasses: [{name: a, devices: 1}]\ntasks:\n"
            + (0..<20_000).map { "  - {name: t\($0), at: [1h]}\n" }.joined())
            .write(to: tasks, atomically: true, encoding: .utf8)
        try Self.expectOneLineError(["describe", tasks.path], contains: "at most 10000")
    }

    @Test("a run that would not fit in the process's limits (ulimit -v, Slurm --mem) is refused naming the limit")
    func processLimits() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = KSCSimBinary.url.path
        // 30 million devices under a 3 GB address space: an error naming ulimit -v, not a signal.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c",
            "ulimit -v 3000000 && exec \(binary) run --set classes.remote.devices=30000000 --out \(dir.path)/a",
        ]
        let err = Pipe()
        shell.standardError = err
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationReason == .exit && shell.terminationStatus == 1, "\(text)")
        #expect(text.contains("the address space limit (ulimit -v)"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/a/summary.csv"))
        let (status, _, slurm) = try KSCSimBinary.run(
            ["run", "--set", "classes.remote.devices=10000000", "--out", dir.path + "/b"],
            environment: ["SLURM_MEM_PER_NODE": "1024"])
        #expect(status == 1 && slurm.contains("may use 1.0 GiB, the Slurm job's memory (--mem"), "\(slurm)")
    }

    @Test("screen names what the user wrote: a repeated --factor or --metric, a refused factor value")
    func screenNamesFlags() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try "name: s\nclasses: [{name: a, devices: 10}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let out = ["--out", dir.path + "/o"]
        try Self.expectOneLineError(
            ["screen", path, "--factor", "server.syncWorkers=1..4", "--factor", "server.syncWorkers=2..3"] + out,
            contains: "--factor server.syncWorkers=2..3: server.syncWorkers is given twice")
        try Self.expectOneLineError(
            ["screen", path, "--factor", "server.syncWorkers=1..4", "--factor", "classes.b.devices=1..3"] + out,
            contains:
                "--factor classes.b.devices=1..3: the value \"1\" is refused: classes.b.devices: no element named \"b\""
        )
        try Self.expectOneLineError(
            [
                "screen", path, "--factor", "server.syncWorkers=1..4", "--factor", "classes.a.devices=1..5", "--metric",
                "within_900s", "--metric", "within_900s",
            ] + out, contains: "--metric within_900s: given twice")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/o"))
    }

    @Test("a million tasks, or a list of more than 1,000,000 items, is refused while the file is read")
    func refusedWhileReading() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let head = "name: t\nclasses: [{name: a, devices: 1}]\n"
        // "more than" is said only while reading: a list built into nodes would be counted whole.
        let million = try file(
            "million.yaml", head + "tasks:\n" + String(repeating: "  - {every: 1h}\n", count: 1_000_000))
        try Self.expectOneLineError(["describe", million], contains: "million.yaml:4: tasks: more than 10000 elements")
        let classes = try file(
            "classes.yaml", "name: c\nclasses:\n" + (0...1000).map { "  - {name: c\($0), devices: 1}\n" }.joined())
        try Self.expectOneLineError(
            ["describe", classes], contains: "classes.yaml:3: classes: more than 1000 elements")
        let nested = try file(
            "nested.yaml", head + "question: [" + String(repeating: "1, ", count: 1_000_000) + "1]\n")
        try Self.expectOneLineError(
            ["describe", nested], contains: "nested.yaml:3: question: more than 1000000 elements")
        // At the limit, accepted.
        let most = try file(
            "most.yaml", head + "tasks:\n" + (0..<10_000).map { "  - {name: t\($0), at: [1h]}\n" }.joined())
        #expect(try KSCSimBinary.run(["describe", most]).0 == 0)
    }

    @Test("describe survives degenerate loads: zero or infinite service, a near-zero send rate")
    func describeDegenerate() throws {
        for set in [
            "server.syncService=0s", "server.syncService=pareto(shape=0.5, min=1s)", "server.wakeSendRate=1e-300",
        ] {
            let (status, out, _) = try KSCSimBinary.run(["describe", "--set", set])
            #expect(status == 0, "\(set)")
            #expect(out.contains("offered loads"))
        }
    }

    @Test(
        "YAML: duplicated keys in one line with the line, anchors and aliases refused before expansion, merge keys refused"
    )
    func yamlFrontEnd() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "x", count: 1_000_000)
        let cases: [(String, String)] = [
            ("name: a\nname: b\nnote: \(long)\nclasses: [{name: a}]\n", "key \"name\" appears twice in one mapping"),
            (
                "name: x\nignored: &a [1, 2]\nclasses: [{name: a}]\n",
                ":2: ignored: YAML anchors (&name) and aliases (*name) are not supported"
            ),
            ("name: x\nbase: &b {devices: 1}\nclasses: [{name: a, <<: *b}]\n", "YAML anchors"),
            ("name: x\nclasses: [{name: a, <<: {devices: 1}}]\n", "merge keys (<<) are not supported"),
        ]
        // An alias bomb in an ignored key: nine levels of ten aliases each.
        var bomb = "name: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        bomb += "classes: [{name: a}]\n"
        for (i, (text, message)) in (cases + [(bomb, "YAML anchors")]).enumerated() {
            let file = dir.appendingPathComponent("case\(i).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            try Self.expectOneLineError(["describe", file.path], contains: message)
        }
    }

    @Test("describe's whole output of every study reads back to the same scenario (the loads are comments)")
    func resolvedReadsBack() throws {
        let models = KSCSimBinary.packageRoot.appendingPathComponent("Models")
        for name in try FileManager.default.contentsOfDirectory(atPath: models.path) where name.hasSuffix(".yaml") {
            let (status, out, _) = try KSCSimBinary.run(["describe", models.appendingPathComponent(name).path])
            #expect(status == 0)
            let resolved = out
            let dir = try KSCSimBinary.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("r.yaml")
            try resolved.write(to: file, atomically: true, encoding: .utf8)
            let (again, out2, err) = try KSCSimBinary.run(["describe", file.path])
            #expect(again == 0, "\(name): \(err)")
            #expect(out2 == resolved, "\(name) does not read back to itself")
        }
    }

    @Test("merge refuses a plan.csv row with one field, naming the line")
    func damagedPlan() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path
        let (status, _, _) = try KSCSimBinary.run(["sweep", scenario, "--out", dir.path, "--jobs", "2"])
        #expect(status == 0)
        let plan = dir.appendingPathComponent("plan.csv")
        try (try String(contentsOf: plan, encoding: .utf8) + "7\r\n").write(to: plan, atomically: true, encoding: .utf8)
        try Self.expectOneLineError(["merge", dir.path], contains: "plan.csv:")
    }

    @Test("a sweep whose own resolved file would be refused is refused at the start by describe, run, sweep and slurm")
    func sweepCheckedWhole() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // No replications: the precision procedure's minimum (2) exceeds its maximum (1).
        let scenario = dir.appendingPathComponent("p.yaml")
        try """
        horizon: 2h
        classes: [{name: a, devices: 10}]
        tasks: [{name: t, every: 30m}]
        sweep:
          vary: {classes.a.devices: [10, 20]}
          precision: {targets: {latency_mean_s: 5%}}
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        for args in [
            ["describe", scenario.path], ["run", scenario.path, "--out", out], ["sweep", scenario.path, "--out", out],
            ["slurm", scenario.path, "--out", out],
        ] {
            let (status, _, err) = try KSCSimBinary.run(args)
            #expect(status != 0, "\(args[0])")
            #expect(err.contains("p.yaml:5: sweep: the sweep's own resolved file"), "\(args[0]): \(err)")
            #expect(err.contains("sweep.precision.minReplications"))
            #expect(!FileManager.default.fileExists(atPath: out), "\(args[0]) left a folder")
        }
    }

    @Test("a run removes the temporary files that killed runs left in its folder, and keeps live ones")
    func staleTemporaries() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dead = dir.appendingPathComponent(".deliveries.csv.tmp-999999999")
        let live = dir.appendingPathComponent(".deliveries.csv.tmp-\(getpid())")
        try "partial".write(to: dead, atomically: true, encoding: .utf8)
        try "partial".write(to: live, atomically: true, encoding: .utf8)
        let scenario = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        let (status, _, _) = try KSCSimBinary.run(["run", scenario, "--out", dir.path])
        #expect(status == 0)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }
}
