import Foundation
import KSCExperiments
import KSCScenario
import KSCSupport
import TestSupport
import Testing
import Yams

/// Structure-aware fuzzing of the scenario front end: scenarios from Models/ mutated
/// (wrong types, extreme and tiny numbers, empty and huge lists, duplicated and unknown
/// keys, anchors and aliases, bad distributions, bad sweep sections) must each give exit
/// 0 or one clear error naming the file (and its line) or a key, never a signal or a hang.
/// KSCSIM_FUZZ_COUNT and KSCSIM_FUZZ_SEED set the number of inputs and the seed
/// (`make fuzz` runs many more).
@Suite("Fuzz", .serialized)
struct FuzzTests {
    typealias Generator = SplitMix64

    static let extremes = [
        "0", "-1", "1e308", "-1e308", "1e-300", "4.9e-324", "9223372036854775807", "18446744073709551616", "nan", "inf",
        ".inf", "1e15d", "0.0000001ms", "1e-12s", "36501d", "_1", "1__0", "1_000", "0x10", "true", "~", "", "'quoted'",
        "pareto(shape=0.5, min=1s)", "uniform(min=5s, max=1s)", "lognormal(mean=1s", "weibull(shape=0.001, scale=1s)",
        "normal(mean=-1s, sd=1s)", "exponential(mean=0s)", "empirical(file=/nonexistent.csv, column=x)",
        "gamma(shape=1e-300, mean=1s)",
        "1e308/ms", "2000/s", "mon-sun", "25:00", "static-random", "dynamic", "always",
        "{type: onoff, on: 1s, off: 1e-300s}",
        "100Mbit/s", "0Mbit/s", "1e308Gbit/s", "1e-320bit/s", "unlimited", "259MB", "-1MB", "1e308GB", "0B",
        "{10Mbit/s: 0.5, 1Gbit/s: 0.5}", "{10Mbit/s: 2}", "08:00-18:00", "18:00-08:00", "restart",
    ]

    /// One mutation of `node`.
    static func mutate(_ node: Node, _ g: inout Generator, depth: Int = 0) -> Node {
        let roll = g.below(10)
        if case .scalar(let scalar) = node, g.below(3) > 0 {
            // A plausible change: a number or a duration scaled, often still valid.
            let text = scalar.string
            let unit = ["ms", "s", "m", "h", "d"].first { text.hasSuffix($0) && Double(text.dropLast($0.count)) != nil }
            if let x = Double(unit.map { String(text.dropLast($0.count)) } ?? text) {
                return Node((x * g.pick([0.001, 0.5, 2, 1000])).description + (unit ?? ""))
            }
        }
        switch node {
        case .mapping(let mapping) where roll < 6 && !mapping.isEmpty && depth < 6:
            var pairs = Array(mapping.map { ($0.key, $0.value) })
            let i = g.below(pairs.count)
            switch g.below(6) {
            case 0: pairs[i].1 = mutate(pairs[i].1, &g, depth: depth + 1)
            case 1: pairs[i].1 = mutate(pairs[i].1, &g, depth: depth + 1)
            case 2: pairs.append((Node(g.pick(["zzz", "sweep", "name", "server", "classes"])), leaf(&g)))
            case 3: pairs.remove(at: i)
            case 4: pairs[i].1 = leaf(&g)
            default: pairs[i].1 = mutate(pairs[i].1, &g, depth: depth + 1)
            }
            return .mapping(.init(pairs))
        case .sequence(let sequence) where roll < 6 && depth < 6:
            var items = Array(sequence)
            switch g.below(4) {
            case 0 where !items.isEmpty:
                let i = g.below(items.count)
                items[i] = mutate(items[i], &g, depth: depth + 1)
            case 1: items = []
            case 2: items = Array(repeating: items.first ?? leaf(&g), count: g.pick([2, 100, 20_000]))
            default: items.append(leaf(&g))
            }
            return .sequence(.init(items))
        default:
            return leaf(&g)
        }
    }

    /// A replacement value: an extreme scalar, an empty or odd collection.
    static func leaf(_ g: inout Generator) -> Node {
        switch g.below(8) {
        case 0: return .mapping(.init([(Node("a"), Node("b"))]))
        case 1: return .sequence(.init([Node("1"), Node("x")]))
        case 2: return .sequence(.init([]))
        default: return Node(g.pick(extremes))
        }
    }

    /// Text-level mutations YAML serialization cannot express: duplicated keys, anchors.
    static func textMutation(_ text: String, _ g: inout Generator) -> String {
        var lines = text.components(separatedBy: "\n")
        guard lines.count > 2 else { return text }
        let i = g.below(lines.count - 1)
        switch g.below(3) {
        case 0: lines.insert(lines[i], at: i)
        case 1: lines.insert("x: &anchor [1, 2]\ny: *anchor", at: 0)
        default: lines[i] = lines[i] + " &a"
        }
        return lines.joined(separator: "\n")
    }

    @Test("thousands of mutated scenarios: exit 0 or one clear error, never a signal or a hang")
    func fuzz() throws {
        let env = ProcessInfo.processInfo.environment
        let count = Int(env["KSCSIM_FUZZ_COUNT"] ?? "") ?? 3000
        var g = Generator(state: UInt64(env["KSCSIM_FUZZ_SEED"] ?? "") ?? 20261130)
        let models = KSCSimBinary.packageRoot.appendingPathComponent("Models")
        let seeds =
            try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try String(contentsOf: models.appendingPathComponent($0), encoding: .utf8) }
            + [try String(contentsOf: KSCSimBinary.golden.appendingPathComponent("small.yaml"), encoding: .utf8)]
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outcomes = [String: Int]()
        let start = Date()
        for i in 0..<count {
            var text = g.pick(seeds)
            if let node = try Yams.compose(yaml: text) {
                var mutated = node
                for _ in 0..<(g.below(4) == 0 ? 2 : 1) { mutated = Self.mutate(mutated, &g) }
                text = (try? Yams.serialize(node: mutated)) ?? text
            }
            if g.below(6) == 0 { text = Self.textMutation(text, &g) }
            let file = dir.appendingPathComponent("case\(i).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            // Every input goes through the front end in this process: it is accepted, with a
            // resolved file that reads back to the same scenario, or refused with one line
            // that names the file and line or a key.
            var accepted = false
            var devices = 0
            do {
                let document = try ScenarioDocument.load(path: file.path)
                let scenario = try document.scenario()
                devices = scenario.deviceCount
                try SweepPlan.validateSection(of: document, base: scenario)
                _ = OfferedLoad(scenario).report
                _ = RunEstimate(scenario).refusal()
                let again = try Scenario.parse(yaml: scenario.resolvedYAML, origin: "resolved", baseDirectory: dir.path)
                #expect(
                    again.resolvedYAML == scenario.resolvedYAML,
                    "case \(i): the resolved file does not read back:\n\(text.prefix(1500))")
                accepted = true
                outcomes["front end ok", default: 0] += 1
            } catch let error as InputError {
                outcomes["front end refused", default: 0] += 1
                #expect(
                    !error.message.contains("\n") && error.message.count < 1000,
                    "case \(i): \(error.message.prefix(500))")
                #expect(
                    error.message.hasPrefix(file.path) || error.message.hasPrefix("--"),
                    "case \(i): names no file: \(error.message.prefix(300))")
                #expect(
                    Self.namesKey(error.message, file: file.path),
                    "case \(i): names no key as written: \(error.message.prefix(300))")
            }
            // One input in ten also goes through the command; accepted ones of at most 25,000
            // devices (the debug build runs the 150,000-device study for minutes) are run for
            // two simulated hours with a time limit.
            guard i % 10 == 0 else { continue }
            var commands = [["describe", file.path]]
            if accepted && devices <= 25_000 {
                commands.append([
                    "run", file.path, "--out", dir.appendingPathComponent("out").path,
                    "--set", "horizon=2h", "--set", "warmup=0s", "--set", "drain=0s",
                ])
            }
            for command in commands {
                let (status, reason, err, timedOut) = try Self.run(command, limit: 30)
                #expect(!timedOut, "case \(i) \(command[0]) hung:\n\(text.prefix(2000))")
                #expect(reason == .exit, "case \(i) \(command[0]) died by signal \(status):\n\(text.prefix(2000))")
                if status == 0 {
                    outcomes["\(command[0]) ok", default: 0] += 1
                    continue
                }
                outcomes["\(command[0]) refused", default: 0] += 1
                let first = err.split(separator: "\n").first.map(String.init) ?? ""
                #expect(status == 1 || status == 64, "case \(i): exit \(status)")
                #expect(first.hasPrefix("Error: ") && first.count < 1000, "case \(i): \(err.prefix(500))")
                #expect(
                    first.contains(file.path) || first.contains("--"),
                    "case \(i): the error names no file, line or flag: \(first)")
                #expect(
                    err.split(separator: "\n").count <= 4, "case \(i): more than one error line: \(err.prefix(500))")
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print(
            "fuzz: \(count) inputs in \(String(format: "%.1f", seconds)) s: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
    }

    /// Whether an error names what the user wrote: after the file (and line), a key path
    /// (`classes.remote.syncInterval:`), or a flag; a YAML syntax error names its line and column.
    static func namesKey(_ message: String, file: String) -> Bool {
        if message.hasPrefix("--") { return true }
        guard message.hasPrefix(file) else { return false }
        var rest = message.dropFirst(file.count)
        if let colon = rest.firstIndex(of: ":"), rest[rest.index(after: colon)...].first?.isNumber == true {
            rest = rest[rest.index(after: colon)...].drop { $0.isNumber }
        }
        guard rest.hasPrefix(": ") else { return false }
        rest = rest.dropFirst(2)
        if rest.hasPrefix("invalid YAML: line ") || rest.hasPrefix("unknown key \"")
            || rest.hasPrefix("the scenario must be a mapping")
        {
            return true
        }
        guard let end = rest.range(of: ": ") else { return false }
        let key = rest[..<end.lowerBound]
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "._-[]\"".contains($0) }
    }

    /// Runs kscsim with a time limit: (status, reason, stderr, timed out).
    static func run(_ arguments: [String], limit: TimeInterval) throws -> (
        Int32, Process.TerminationReason, String, Bool
    ) {
        let process = Process()
        process.executableURL = KSCSimBinary.url
        process.arguments = arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("kscsim-fuzz-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, process.terminationReason, text, timedOut)
    }
}
