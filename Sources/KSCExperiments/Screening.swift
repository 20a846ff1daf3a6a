import Foundation
import KSCGSL
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// `kscsim screen`: Morris elementary effects (see `MorrisDesign`) of scenario keys on
/// summary metrics. The design's points are a sweep (a `zip` over the factors), so the folder
/// resumes, shards and runs on Slurm as any sweep.
public enum Screening {
    /// A factor: a scenario key and the range it moves in.
    public struct Factor: Sendable, Equatable {
        public enum Range: Sendable, Equatable {
            /// Numbers from low to high (whole numbers when `integer`).
            case numbers(low: Double, high: Double, integer: Bool)
            /// Durations from low to high, in seconds.
            case durations(low: Double, high: Double)
            /// A list of values, spread evenly over [0, 1].
            case list([String])
        }

        /// The key path, as in `--set`.
        public var key: String
        /// The value's text around the moving part (`exponential(mean=` … `)`), or empty.
        public var prefix = "", suffix = ""
        public var range: Range
        /// The factor as the user wrote it, for messages.
        public var written = ""

        /// Parses `key=LOW..HIGH`, `key=[a, b, c]`, or `key=TEXT{LOW..HIGH}TEXT` (the moving part of
        /// a value such as a distribution, e.g. `server.syncService=exponential(mean={100ms..400ms})`).
        /// - Throws: `InputError` quoting the text and saying what is allowed.
        public init(parsing text: String) throws {
            let usage =
                "write key=LOW..HIGH (numbers or durations), key=[a, b, c], or key=TEXT{LOW..HIGH}TEXT for part of a value, e.g. server.syncService=\"exponential(mean={100ms..400ms})\""
            guard let eq = text.firstIndex(of: "=") else { throw InputError("--factor \"\(text)\": \(usage)") }
            written = text.trimmingSpaces()
            key = text[..<eq].trimmingSpaces()
            var value = text[text.index(after: eq)...].trimmingSpaces()
            // Quotes around the value are quoting (a shell keeps them inside single quotes).
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty, !value.isEmpty else { throw InputError("--factor \"\(text)\": \(usage)") }
            if value.hasPrefix("[") && value.hasSuffix("]") {
                let items = value.dropFirst().dropLast().split(separator: ",").map { $0.trimmingSpaces() }
                guard items.count >= 2, !items.contains(where: \.isEmpty) else {
                    throw InputError("--factor \"\(text)\": a list needs at least two values")
                }
                range = .list(items)
                return
            }
            if let open = value.firstIndex(of: "{"), let close = value.lastIndex(of: "}"), open < close {
                prefix = String(value[..<open])
                suffix = String(value[value.index(after: close)...])
                value = String(value[value.index(after: open)..<close])
            }
            let parts = value.components(separatedBy: "..")
            guard parts.count == 2 else { throw InputError("--factor \"\(text)\": \(usage)") }
            let low = parts[0].trimmingSpaces()
            let high = parts[1].trimmingSpaces()
            if let a = Double(low), let b = Double(high), a.isFinite, b.isFinite {
                guard a < b else { throw InputError("--factor \"\(text)\": LOW must be below HIGH") }
                range = .numbers(low: a, high: b, integer: Int(low) != nil && Int(high) != nil)
            } else if let a = try? DurationText.seconds(low), let b = try? DurationText.seconds(high) {
                guard a < b else { throw InputError("--factor \"\(text)\": LOW must be below HIGH") }
                range = .durations(low: a, high: b)
            } else {
                throw InputError(
                    "--factor \"\(text)\": \"\(low)\" and \"\(high)\" must both be numbers or both durations; \(usage)")
            }
        }

        /// The value's text at level x in [0, 1].
        public func value(at x: Double) -> String {
            switch range {
            case .numbers(let low, let high, let integer):
                let v = low + x * (high - low)
                return prefix + (integer ? String(Int(v.rounded())) : v.shortText) + suffix
            case .durations(let low, let high):
                return prefix + DurationText.format(((low + x * (high - low)) * 1000).rounded() / 1000) + suffix
            case .list(let items):
                return prefix + items[Int((x * Double(items.count - 1)).rounded())] + suffix
            }
        }

        /// The range in words, for tables.
        public var description: String {
            switch range {
            case .numbers(let low, let high, _): return "\(prefix){\(low.shortText)..\(high.shortText)}\(suffix)"
            case .durations(let low, let high):
                return "\(prefix){\(DurationText.format(low))..\(DurationText.format(high))}\(suffix)"
            case .list(let items): return "[" + items.joined(separator: ", ") + "]"
            }
        }
    }

    /// A screening design as a scenario's `screen` section gives it (command-line flags
    /// replace its entries).
    public struct Settings: Sendable {
        public var factors: [Factor] = []
        /// Where the factors were given, for errors: `--factor`, or the section's file and line.
        public var factorsOrigin = "--factor"
        public var metrics: [String] = defaultMetrics
        public var trajectories = 10
        public var levels = 4

        /// The `screen` section of `document`, if any.
        /// - Throws: `InputError` naming the line and key of a bad entry.
        public init(_ document: ScenarioDocument) throws {
            guard case .mapping(let entries, _) = document.root,
                let node = entries.first(where: { $0.key == "screen" })?.value
            else { return }
            let spec = try MappingReader(
                node, path: "screen", allowed: ["factors", "metrics", "trajectories", "levels"], baseDirectory: nil)
            if let node = spec.node("factors") { factorsOrigin = "\(node.location): screen.factors:" }
            factors = try (spec.stringList("factors") ?? []).map { text in
                do { return try Factor(parsing: text) } catch let e as InputError {
                    throw spec.error("factors", e.message)
                }
            }
            if let list = try spec.stringList("metrics") {
                let known = MetricSet(try document.scenario())
                for name in list { _ = try known.index(name) { spec.error("metrics", $0) } }
                metrics = list
            }
            trajectories = try spec.integer("trajectories", default: 10, minimum: 2, maximum: 1000)
            levels = try spec.integer("levels", default: 4, minimum: 2, maximum: 100)
            guard levels % 2 == 0 else { throw spec.error("levels", "\(levels) must be even") }
        }
    }

    /// The metrics screened when none are named.
    public static let defaultMetrics = [
        "delivered_latency_mean_s", "within_900s", "server_utilization", "sync_wait_mean_s", "perm_without_share",
        "undelivered_share",
    ]

    /// The design and its sweep plan.
    /// - Throws: `InputError` for a factor whose values the scenario refuses.
    /// - Parameter origin: where the factors were given, as errors name it (`--factor`, or the
    ///   file and line of the `screen` section's `factors`).
    public static func plan(
        _ document: ScenarioDocument, factors: [Factor], trajectories: Int, levels: Int, replications: Int,
        origin: String = "--factor"
    ) throws -> (SweepPlan, MorrisDesign) {
        let scenario = try document.scenario()
        var seen = Set<String>()
        for factor in factors where !seen.insert(factor.key).inserted {
            throw InputError(
                "\(origin) \(factor.written): \(factor.key) is given twice; give each key one range"
            )
        }
        // Each factor's extreme values (and every listed value) must be valid, named as given.
        for factor in factors {
            let levels: [Double]
            if case .list(let items) = factor.range {
                levels = items.indices.map { Double($0) / Double(items.count - 1) }
            } else {
                levels = [0, 1]
            }
            for x in levels {
                let value = factor.value(at: x)
                do {
                    _ = try ScenarioDocument.parse(
                        yaml: scenario.resolvedYAML, origin: "factor", overrides: ["\(factor.key)=\(value)"]
                    ).scenario()
                } catch let error as InputError {
                    let reason = error.message.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
                    throw InputError(
                        "\(origin) \(factor.written): the value \"\(value)\" is refused: \(reason)")
                }
            }
        }
        let design = try MorrisDesign(
            factors: factors.count, trajectories: trajectories, levels: levels, seed: scenario.seed)
        let zip = factors.enumerated().map { f, factor in
            YAMLEntry(factor.key, .flowList(design.points.map { .string(factor.value(at: $0[f])) }))
        }
        let text =
            scenario.resolvedYAML
            + YAMLValue.lines([
                YAMLEntry(
                    "sweep",
                    .blockMap([
                        YAMLEntry("replications", .plain(String(replications))), YAMLEntry("zip", .blockMap(zip)),
                    ]))
            ])
        do {
            return (
                try SweepPlan.parse(yaml: text, origin: "screening design", baseDirectory: document.baseDirectory),
                design
            )
        } catch let error as InputError {
            // Every value was checked above: what is left is about the factors as a whole.
            let reason = error.message.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
            throw InputError("\(origin): the design of these factors is refused: \(reason)")
        }
    }

    /// One factor's effects on one metric: a row of `screening.csv`.
    public struct Row: TabularRecord, Sendable {
        public var metric = "", factor = "", range = ""
        public var rank = 0
        public var effects: ElementaryEffects?
        public var trajectories = 0

        public static let columns: [Column<Row>] = [
            .text(
                "metric", \.metric,
                doc:
                    "a numeric column of summary.csv, or a class's figure `metric[class]` (its mean over the replications of each design point)"
            ),
            .text("factor", \.factor, doc: "the scenario key moved"),
            .text("range", \.range, doc: "the values it moved between (its range maps to 0–1)"),
            .int("rank", \.rank, unit: "number", doc: "1 for the factor with the largest mu_star on this metric"),
            .number(
                "mu_star", \.muStar, unit: "metric per range",
                doc:
                    "mean |elementary effect| (Campolongo 2007): the factor's influence; change of the metric per full range of the factor"
            ),
            .number(
                "mu", \.mu, unit: "metric per range",
                doc: "mean elementary effect: its signed influence (effects of both signs cancel)"),
            .number(
                "sigma", \.sigma, unit: "metric per range",
                doc: "standard deviation of the elementary effects: interactions and non-linearity"),
            .number(
                "mu_star_low", \.low, unit: "metric per range",
                doc: "lower end of the 95 % bootstrap interval of mu_star (1,000 resamples of the trajectories)"),
            .number("mu_star_high", \.high, unit: "metric per range", doc: "upper end of that interval"),
            .int("trajectories", \.trajectories, doc: "elementary effects per factor"),
        ]

        var muStar: Double { effects?.muStar ?? .nan }
        var mu: Double { effects?.mu ?? .nan }
        var sigma: Double { effects?.sigma ?? .nan }
        var low: Double { effects?.muStarLower ?? .nan }
        var high: Double { effects?.muStarUpper ?? .nan }
    }

    /// The effects of every factor on every metric, from the design points' outputs.
    public static func rows(
        design: MorrisDesign, factors: [Factor], metrics: [String], outputs: [[Double]], seed: UInt64
    ) throws -> [Row] {
        let stream = try RandomStream(seed: seed ^ 0x5EED_B007)
        var rows: [Row] = []
        for (m, metric) in metrics.enumerated() {
            let effects = design.effects(outputs.map { $0[m] })
            var block = factors.enumerated().map { f, factor in
                Row(
                    metric: metric, factor: factor.key, range: factor.description, rank: 0,
                    effects: ElementaryEffects(effects[f], stream: stream), trajectories: design.trajectories)
            }
            let order = block.indices.sorted { a, b in
                let x = block[a].muStar
                let y = block[b].muStar
                return x.isNaN ? false : (y.isNaN ? true : x > y || (x == y && a < b))
            }
            for (r, i) in order.enumerated() { block[i].rank = r + 1 }
            rows += block
        }
        return rows
    }

    /// Refuses, before any run, a metric the design's runs will not have (an unknown name, or a
    /// class some point lacks).
    /// - Throws: `InputError` naming `--metric` and the name.
    public static func checkMetrics(_ metrics: [String], plan: SweepPlan) throws {
        var seen = Set<String>()
        for name in metrics {
            _ = try plan.metrics.index(name) { InputError("--metric \(name): \($0)") }
            guard seen.insert(name).inserted else {
                throw InputError("--metric \(name): given twice; name each metric once")
            }
        }
        try SweepPlan.checkClasses(named: metrics, at: plan.points, origin: nil)
    }

    /// Reads the design's runs from its folder and writes `screening.csv`.
    /// - Returns: the rows and the path written; nil while runs are not done (other shards).
    /// - Throws: `InputError` when a metric is unknown or the file cannot be written.
    public static func write(
        _ directory: SweepDirectory, plan: SweepPlan, design: MorrisDesign, factors: [Factor], metrics: [String],
        csv: CSVOutput
    ) throws -> ([Row], String)? {
        let indexes = try metrics.map { name in try plan.metrics.index(name) { InputError("--metric: \($0)") } }
        let (data, missing) = directory.read(Array(repeating: plan.replications, count: plan.points.count), plan: plan)
        guard missing.isEmpty else { return nil }
        let outputs = data.map { runs in indexes.map { m in runs.map { $0[m] }.reduce(0, +) / Double(runs.count) } }
        let rows = try rows(
            design: design, factors: factors, metrics: metrics, outputs: outputs, seed: plan.points[0].seed)
        return (rows, try csv.write("screening.csv", in: directory) { $0.table(rows) })
    }
}
