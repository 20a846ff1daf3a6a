import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

/// Per-class figures everywhere (issue 23, item 4): sweeps, aggregate.csv, compare, screen and
/// the precision and select rules name a class as `latency_p95_s[laptops]`, and each such
/// figure is the class's own row of latency.csv, never a figure of its own making.
@Suite("Per-class figures", .serialized)
struct PerClassFigureTests {
    /// Office PCs always on and woken (fast); remote laptops that sync only (slower).
    static let twoClasses = """
        name: perclass
        horizon: 1d
        drain: 8h
        seed: 7
        server: {syncWorkers: 4}
        classes:
          - {name: office, devices: 300, syncInterval: 15m, wakeReachable: 0.9}
          - {name: remote, devices: 200, syncInterval: 15m, wakeReachable: 0}
        tasks:
          - {name: hourly, every: 1h}

        """

    static func table(_ path: String) throws -> [[String: String]] {
        let rows = try CSVReader.rows(try String(contentsOfFile: path, encoding: .utf8), file: path)
        return rows.dropFirst().filter { $0.count == rows[0].count }.map {
            Dictionary(uniqueKeysWithValues: zip(rows[0], $0))
        }
    }

    static func write(_ text: String, in dir: URL, name: String = "s.yaml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("a sweep run's class figures are the class's rows of latency.csv from kscsim run with the same seed")
    func sweepAgreesWithRun() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = try Self.write(
            Self.twoClasses + "sweep:\n  replications: 2\n  vary: {classes.remote.syncInterval: [15m, 30m]}\n", in: dir)
        var (status, _, err) = try KSCSimBinary.run(["sweep", "run", sweep, "--out", dir.path + "/sweep"])
        #expect(status == 0, "\(err)")
        (status, _, err) = try KSCSimBinary.run(["merge", dir.path + "/sweep"])
        #expect(status == 0, "\(err)")
        let single = try Self.write(Self.twoClasses, in: dir, name: "one.yaml")
        (status, _, err) = try KSCSimBinary.run([
            "run", single, "--set", "classes.remote.syncInterval=30m", "--replications", "2", "--out",
            dir.path + "/run",
        ])
        #expect(status == 0, "\(err)")
        let runs = try Self.table(dir.path + "/sweep/sweep.csv").filter { $0["point"] == "1" }
        let latency = try Self.table(dir.path + "/run/latency.csv").filter { $0["path"] == "all" }
        #expect(runs.count == 2)
        var compared = 0
        for run in runs {
            for deviceClass in ["office", "remote"] {
                let row = try #require(
                    latency.first { $0["class"] == deviceClass && $0["replication"] == run["replication"] })
                for (figure, column) in [
                    ("pairs", "pairs"), ("undelivered", "undelivered"), ("latency_p50_s", "p50_s"),
                    ("latency_p95_s", "p95_s"), ("latency_p99_s", "p99_s"), ("latency_mean_s", "mean_s"),
                ] {
                    #expect(run[ClassFigures.name(figure, of: deviceClass)] == row[column], "\(figure)[\(deviceClass)]")
                    compared += 1
                }
            }
        }
        #expect(compared == 24)
        // The remote laptops, never woken, are slower than the office PCs at every point.
        for point in try Self.table(dir.path + "/sweep/aggregate.csv") {
            let office = Double(point["latency_p95_s[office]_mean"] ?? "") ?? .nan
            let remote = Double(point["latency_p95_s[remote]_mean"] ?? "") ?? .nan
            #expect(office < remote, "\(office) \(remote)")
        }
    }

    @Test("with one class, each class figure equals the fleet's summary figure in every replication")
    func oneClassIsTheFleet() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.twoClasses.replacingOccurrences(
            of: "  - {name: remote, devices: 200, syncInterval: 15m, wakeReachable: 0}\n", with: "")
        let path = try Self.write(text, in: dir)
        let (status, _, err) = try KSCSimBinary.run(["run", path, "--replications", "3", "--out", dir.path])
        #expect(status == 0, "\(err)")
        let aggregate = try #require(try Self.table(dir.path + "/aggregate.csv").first)
        for figure in ClassFigures.names {
            for statistic in ["mean", "sd", "ci95"] {
                #expect(
                    aggregate["\(figure)[office]_\(statistic)"] == aggregate["\(figure)_\(statistic)"],
                    "\(figure) \(statistic)")
            }
        }
    }

    @Test("select decides on one class's constraint, which the fleet-wide figure would not show")
    func selectOnAClass() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(
            Self.twoClasses + "sweep:\n  replications: 3\n  vary: {classes.remote.syncInterval: [10m, 40m]}\n", in: dir)
        let folder = dir.path + "/select"
        let (status, _, err) = try KSCSimBinary.run([
            "select", path, "--out", folder, "--maximize", "classes.remote.syncInterval",
            "--constraint", "latency_p95_s[remote] <= 20m ± 1m", "--first-stage", "3", "--max-replications", "3",
        ])
        #expect(status == 0, "\(err)")
        let md = try String(contentsOfFile: folder + "/selection.md", encoding: .utf8)
        #expect(md.contains("`latency_p95_s[remote] <= 1200 ± 60`"), "\(md)")
        #expect(md.contains("**Chosen: point 0"), "\(md)")
        let points = try Self.table(folder + "/aggregate.csv")
        let remote = points.map { Double($0["latency_p95_s[remote]_mean"] ?? "") ?? .nan }
        #expect(remote[0] < 1140 && remote[1] > 1260, "\(remote)")
    }

    @Test("compare and run --precision take a class's figure; an unknown class or figure is refused at the start")
    func compareAndErrors() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(Self.twoClasses, in: dir)
        var (status, _, err) = try KSCSimBinary.run([
            "compare", path, "--set-b", "classes.remote.syncInterval=5m", "--replications", "3",
            "--out", dir.path + "/compare",
        ])
        #expect(status == 0, "\(err)")
        let rows = try Self.table(dir.path + "/compare/compare.csv")
        let remote = try #require(rows.first { $0["metric"] == "latency_p95_s[remote]" })
        let office = try #require(rows.first { $0["metric"] == "latency_p95_s[office]" })
        // A shorter interval for the remote laptops speeds them up; the interval's upper end is below 0.
        #expect((Double(remote["paired_high"] ?? "") ?? .nan) < 0, "\(remote)")
        #expect((Double(office["difference"] ?? "") ?? .nan).isFinite)
        (status, _, err) = try KSCSimBinary.run([
            "run", path, "--precision", "latency_p95_s[office]=20%", "--max-replications", "4", "--out",
            dir.path + "/precision",
        ])
        #expect(status == 0, "\(err)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/precision/aggregate.csv"))
        for (arguments, message) in [
            (
                ["run", path, "--precision", "latency_p95_s[ofice]=5%"],
                "--precision latency_p95_s[ofice]: no device class \"ofice\"; did you mean \"office\"? the classes are office, remote"
            ),
            (
                [
                    "select", path, "--set", "sweep.vary={server.syncWorkers: [2, 4]}", "--minimize",
                    "server.syncWorkers", "--constraint", "latency_km_p95_s[office] <= 10m ± 1m",
                ],
                "\"latency_km_p95_s\" is not a per-class figure; a class can be named on pairs, deliveries"
            ),
        ] {
            let out = dir.appendingPathComponent("refused").path
            let (code, _, error) = try KSCSimBinary.run(arguments + ["--out", out])
            #expect(code != 0)
            #expect(error.contains(message), "\(error)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("the reports of a run and of a sweep show a table by device class; a one-class run shows none")
    func reportsShowClasses() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let two = try Self.write(Self.twoClasses, in: dir)
        let one = try Self.write(
            Self.twoClasses.replacingOccurrences(
                of: "  - {name: remote, devices: 200, syncInterval: 15m, wakeReachable: 0}\n", with: ""),
            in: dir, name: "one.yaml")
        let sweep = try Self.write(
            Self.twoClasses + "sweep:\n  replications: 2\n  vary: {server.syncWorkers: [2, 4]}\n", in: dir,
            name: "sweep.yaml")
        var cases: [(String, Bool)] = []
        for (name, arguments, shows) in [
            ("two", ["run", two, "--replications", "2"], true), ("one", ["run", one], false),
            ("sweep", ["sweep", "run", sweep], true),
        ] {
            let out = dir.path + "/" + name
            var (status, _, err) = try KSCSimBinary.run(arguments + ["--out", out])
            #expect(status == 0, "\(err)")
            if name == "sweep" {
                (status, _, err) = try KSCSimBinary.run(["merge", out])
                #expect(status == 0, "\(err)")
            }
            (status, _, err) = try KSCSimBinary.run(["report", out])
            #expect(status == 0, "\(err)")
            let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
            #expect(html.contains("<h2>By device class</h2>") == shows, "\(name)")
            if shows {
                #expect(html.contains("<code>office</code>") || html.contains("[office]"), "\(name)")
                #expect(html.contains("<code>remote</code>") || html.contains("[remote]"), "\(name)")
            }
            cases.append((name, shows))
        }
        #expect(cases.count == 3)
    }
}
