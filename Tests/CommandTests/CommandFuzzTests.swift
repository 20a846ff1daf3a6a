import Foundation
import KSCSupport
import TestSupport
import Testing

/// Fuzzing of the commands after the front end (issue 26): each case picks a feature (topology,
/// select, precision, timeseries, screen, compare, warmup, the French CSV dialect with a
/// byte-order mark, report), generates its options from valid, extreme and wrong values, and runs
/// the binary on a small fleet. Each command must exit 0 or give one clear error naming a flag,
/// key or file, never a signal or a hang; and what it writes must hold:
/// - no non-finite cell in any CSV file (unknown values are empty);
/// - no markup from the inputs unescaped in a report;
/// - selection, comparison and screening files that agree with the sweep's own aggregate;
/// - French output equal to English output, cell for cell.
/// KSCSIM_FUZZ_COUNT / 20 cases (150 in make test); KSCSIM_FUZZ_SEED seeds them.
@Suite("Command fuzz", .serialized)
struct CommandFuzzTests {
    typealias Generator = SplitMix64

    static let features = ["topology", "select", "precision", "timeseries", "screen", "compare", "warmup", "locale"]

    /// A small fleet with markup in its names, so that every report also checks escaping.
    static func base(_ g: inout Generator) -> String {
        let mark = g.below(2) == 0 ? "<x-m>&" : ""
        return """
            name: "f\(mark)"
            question: "\(mark)what?"
            horizon: 6h
            warmup: \(g.pick(["0s", "1h"]))
            drain: 2h
            server: {syncWorkers: \(g.pick(["1", "2", "4", "50"])), backlog: \(g.pick(["1", "10", "5000"]))}
            classes:
              - {name: "o\(mark)", devices: \(g.pick(["1", "20", "60"])), syncInterval: \(g.pick(["1m", "15m", "2h"])), wakeReachable: \(g.pick(["0", "0.5", "1"])), keepConnection: \(g.pick(["0", "0.3"]))}
              - {name: r, devices: \(g.pick(["1", "30"])), syncInterval: 15m, availability: {type: onoff, on: "exponential(mean=2h)", off: "exponential(mean=1h)"}}
            tasks:
              - {name: t, every: \(g.pick(["10m", "1h", "5h"]))}

            """
    }

    /// Valid metrics, and (one pick in four) wrong ones.
    static let metrics = [
        "latency_p95_s", "undelivered_share", "server_utilization", "within_900s", "time_saturated_share",
        "latency_p95_s[r]", "undelivered_share[r]", "latency_mean_s[r]", "pairs[r]", "sync_wait_mean_s",
    ]
    static let wrongMetrics = ["bogus", "latency_p95_s[nope]", "latency_km_p95_s[r]", "", "latency_p95_s[]"]
    static let numbers = ["1", "0.5", "60", "600", "10m", "2h", "0.01", "5%"]
    static let wrongNumbers = ["1e308", "nan", "inf", "-1", "1e-300", "x", "0", "-5%", "200%"]

    static func metric(_ g: inout Generator) -> String { g.below(8) == 0 ? g.pick(wrongMetrics) : g.pick(metrics) }
    static func number(_ g: inout Generator) -> String { g.below(8) == 0 ? g.pick(wrongNumbers) : g.pick(numbers) }

    @Test("generated options for every feature: one clear error or files that hold together")
    func commands() throws {
        let env = ProcessInfo.processInfo.environment
        let count = (Int(env["KSCSIM_FUZZ_COUNT"] ?? "") ?? 3000) / 20
        var g = Generator(state: (UInt64(env["KSCSIM_FUZZ_SEED"] ?? "") ?? 20261206) &+ 0x5eed)
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outcomes = [String: Int]()
        for i in 0..<count {
            let feature = Self.features[i % Self.features.count]
            let case_ = dir.appendingPathComponent("c\(i)")
            try FileManager.default.createDirectory(at: case_, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: case_) }
            let file = case_.appendingPathComponent("s.yaml").path
            var text = Self.base(&g)
            let out = case_.appendingPathComponent("out").path
            var commands: [[String]] = []
            switch feature {
            case "topology":
                text = Self.topology(text, &g)
                commands = [["describe", file], ["run", file, "--out", out]]
            case "select":
                text +=
                    "sweep:\n  replications: \(g.pick(["2", "3", "3", "1"]))\n  vary: {server.syncWorkers: [1, 4]}\n"
                var command = [
                    "select", file, "--out", out, "--first-stage", g.pick(["2", "2", "3", "2", "3", "2", "3", "1"]),
                ]
                for _ in 0..<g.below(3) {
                    command += [
                        "--constraint",
                        "\(Self.metric(&g)) \(g.pick(["<=", ">=", "<=", ">=", "="])) \(Self.number(&g)) ± \(Self.number(&g))",
                    ]
                }
                let goal =
                    g.below(2) == 0
                    ? "\(Self.metric(&g)) ± \(Self.number(&g))"
                    : g.below(4) == 0
                        ? "\(g.pick(["nan*", "1e308*", "-1*", ""]))server.syncWorkers\(g.pick([" + nokey", "", " +"]))"
                        : "\(g.pick(["", "2*"]))server.syncWorkers\(g.pick(["", " + classes.r.devices"]))"
                command += [g.pick(["--minimize", "--maximize"]), goal]
                commands = [command]
            case "precision":
                commands = [
                    ["run", file, "--out", out, "--max-replications", g.pick(["2", "4"])]
                        + (0..<(1 + g.below(2))).flatMap { _ in
                            ["--precision", "\(Self.metric(&g))=\(Self.number(&g))"]
                        }
                ]
            case "timeseries":
                commands = [
                    [
                        "run", file, "--out", out, "--replications", "2", "--timeseries",
                        g.pick(["7m", "1s", "30m", "1h"] + Self.wrongNumbers),
                    ]
                ]
            case "screen":
                let factors = [
                    "server.syncWorkers=1..8", "classes.r.syncInterval=1m..2h", "classes.r.wakeReachable=0..1",
                    "server.syncService=\"exponential(mean={100ms..1s})\"", "classes.r.devices=[1, 5, 9]",
                ]
                let wrong = ["server.syncWorkers=8..1", "nokey=1..2", "classes.r.syncInterval=1m..x", "x"]
                var command = ["screen", file, "--out", out, "--trajectories", g.pick(["2", "3", "2", "1"])]
                var pool = factors
                for _ in 0..<(2 + g.below(2)) { command += ["--factor", pool.remove(at: g.below(pool.count))] }
                if g.below(4) == 0 { command += ["--factor", g.pick(wrong)] }
                for _ in 0..<g.below(3) { command += ["--metric", Self.metric(&g)] }
                commands = [command]
            case "compare":
                let sets = [
                    "server.syncWorkers=8", "classes.r.syncInterval=5m", "server.syncWorkers=nan", "nokey=1",
                    "classes.r.devices=2", "seed=3",
                ]
                commands = [
                    [
                        "compare", file, "--set-b", g.pick(sets), "--out", out, "--replications",
                        g.pick(["2", "3", "1"]),
                    ]
                ]
            case "warmup":
                commands = [
                    [
                        "warmup", file, "--out", out, "--replications", g.pick(["2", "5", "1"]), "--step",
                        g.pick(["1m", "10m", "1ms", "0s", "1e9d"]),
                    ]
                ]
            default:  // locale: the same run in English and in French with a byte-order mark
                commands = [
                    ["run", file, "--out", out, "--replications", "2", "--timeseries", "30m"],
                    [
                        "run", file, "--out", out + "-fr", "--replications", "2", "--timeseries", "30m", "--csv-locale",
                        "fr", "--bom",
                    ],
                ]
            }
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            var ok = true
            for command in commands {
                let (status, reason, err, timedOut) = try FuzzTests.run(command, limit: 60)
                #expect(!timedOut, "case \(i) \(feature): \(command) hung")
                #expect(reason == .exit, "case \(i) \(feature): \(command) died by signal \(status)")
                if status != 0 {
                    ok = false
                    outcomes["\(feature) refused", default: 0] += 1
                    if env["KSCSIM_FUZZ_VERBOSE"] != nil { print("REFUSED \(feature): \(err.prefix(200))") }
                    let first = err.split(separator: "\n").first.map(String.init) ?? ""
                    #expect(status == 1 || status == 64, "case \(i) \(feature): exit \(status): \(err.prefix(300))")
                    #expect(
                        first.hasPrefix("Error: ") && first.count < 1000 && err.split(separator: "\n").count <= 4,
                        "case \(i) \(feature): \(err.prefix(500))")
                    #expect(
                        first.contains("--") || first.contains(file) || first.contains("compare:"),
                        "case \(i) \(feature): names no flag, key or file: \(first)")
                    // Nothing half-written is left behind as a result.
                    #expect(
                        !FileManager.default.fileExists(atPath: out + "/summary.csv")
                            || command[0] != "run" || feature == "locale",
                        "case \(i) \(feature): a refused run left summary.csv")
                    break
                }
            }
            guard ok else { continue }
            outcomes["\(feature) ok", default: 0] += 1
            if ["select", "compare", "screen", "warmup"].contains(feature) {
                let (merged, _, mergeErr) = try KSCSimBinary.run(["merge", out])
                #expect(merged == 0, "case \(i) \(feature): merge: \(mergeErr)")
            }
            try Self.checkFolder(out, case: i, feature: feature, commands: commands)
            if feature == "locale" { try Self.sameInFrench(out, out + "-fr", case: i) }
        }
        print(
            "command fuzz: \(count) cases: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
    }
}
