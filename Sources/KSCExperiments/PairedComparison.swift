import Foundation
import KSCModel
import KSCScenario
import KSCStatistics
import KSCSupport

/// `kscsim compare`: two variants A and B run with common random numbers (replication r of
/// both has the same seed), and each summary metric's difference B − A with its paired
/// confidence interval beside the unpaired (Welch) one that independent runs would give.
///
/// The comparison is a sweep of two points (A's scenario, with every key where B differs in
/// a `zip` section), so its folder resumes, shards and runs on Slurm as any sweep.
public enum PairedComparison {
    /// The sweep plan comparing `a` and `b`, and the key paths where they differ.
    /// - Throws: `InputError` when they do not differ, or differ in a way a sweep cannot
    ///   express (a key set in only one of them).
    public static func plan(a: ScenarioDocument, b: ScenarioDocument, replications: Int) throws -> (
        plan: SweepPlan, differences: [String]
    ) {
        let scenarioA = try a.scenario()
        let scenarioB = try b.scenario()
        guard let rootA = try ConfigNode.parse(yaml: scenarioA.resolvedYAML, origin: "A"),
            let rootB = try ConfigNode.parse(yaml: scenarioB.resolvedYAML, origin: "B")
        else {
            throw InputError("compare: a scenario resolved to nothing")
        }
        var differences: [(String, ConfigNode, ConfigNode)] = []
        try diff(rootA, rootB, path: [], into: &differences)
        differences.removeAll { ["replications", "kscsimBuild"].contains($0.0) }
        guard !differences.isEmpty else {
            throw InputError(
                "compare: A and B are the same scenario (no key differs); give B another file or --set-b key=value")
        }
        var zip: [YAMLEntry] = []
        for (path, va, vb) in differences { zip.append(YAMLEntry(path, .flowList([va.yaml, vb.yaml]))) }
        var base = scenarioA
        base.replications = replications
        let text =
            base.resolvedYAML
            + YAMLValue.lines([
                YAMLEntry(
                    "sweep",
                    .blockMap([
                        YAMLEntry("replications", .plain(String(replications))), YAMLEntry("zip", .blockMap(zip)),
                    ]))
            ])
        return (
            try SweepPlan.parse(yaml: text, origin: "compare (A with B's differences)", baseDirectory: a.baseDirectory),
            differences.map(\.0)
        )
    }

    /// The leaf paths where two resolved scenarios differ (lists of named items by name).
    static func diff(
        _ a: ConfigNode?, _ b: ConfigNode?, path: [String], into out: inout [(String, ConfigNode, ConfigNode)]
    ) throws {
        let name = path.joined(separator: ".")
        switch (a, b) {
        case (.mapping(let ea, _)?, .mapping(let eb, _)?):
            var keys = ea.map(\.key)
            for k in eb.map(\.key) where !keys.contains(k) { keys.append(k) }
            for k in keys { try diff(a?.entry(k), b?.entry(k), path: path + [k], into: &out) }
        case (.sequence(let ia, _)?, .sequence(let ib, _)?):
            let na = ia.map { $0.entry("name")?.scalarText }
            let nb = ib.map { $0.entry("name")?.scalarText }
            if !na.isEmpty, na == nb, !na.contains(nil) {
                for (x, y) in zip(ia, ib) {
                    try diff(x, y, path: path + [x.entry("name")?.scalarText ?? "?"], into: &out)
                }
            } else if a!.yaml.flow != b!.yaml.flow {
                out.append((name, a!, b!))
            }
        case (let x?, let y?):
            if x.yaml.flow != y.yaml.flow { out.append((name, x, y)) }
        case (let x?, nil), (nil, let x?):
            if case .sequence(_, let location) = x {
                let empty = ConfigNode.sequence([], location)
                out.append(a == nil ? (name, empty, x) : (name, x, empty))
            } else {
                throw InputError(
                    "compare: \(name) is set in \(a == nil ? "B" : "A") only; set it in both (a sweep varies keys both variants have)"
                )
            }
        case (nil, nil):
            break
        }
    }

    /// One metric's comparison.
    public struct Row: TabularRecord, Sendable {
        public var metric = ""
        public var replications = 0
        public var meanA = Double.nan, meanB = Double.nan
        /// Mean of the paired differences B − A.
        public var difference = Double.nan
        public var pairedHalfWidth = Double.nan
        public var unpairedHalfWidth = Double.nan
        public var level = 0.95

        public static let columns: [Column<Row>] = [
            .text(
                "metric", \.metric,
                doc:
                    "a numeric column of summary.csv, or a class's figure written `metric[class]` (docs/reference/output-files.md, per-class figures)"
            ),
            .int(
                "replications", \.replications,
                doc: "replications of each variant (replication r of A and of B share a seed)"),
            .number("a_mean", \.meanA, unit: "metric's", doc: "mean of the metric over A's replications"),
            .number("b_mean", \.meanB, unit: "metric's", doc: "mean over B's replications"),
            .number("difference", \.difference, unit: "metric's", doc: "mean of B − A over paired replications"),
            .number(
                "paired_low", \.pairedLow, unit: "metric's",
                doc: "lower end of the paired Student-t interval of B − A (common random numbers)"),
            .number("paired_high", \.pairedHigh, unit: "metric's", doc: "upper end of that interval"),
            .number("paired_half_width", \.pairedHalfWidth, unit: "metric's", doc: "its half-width"),
            .number(
                "unpaired_half_width", \.unpairedHalfWidth, unit: "metric's",
                doc: "half-width of the Welch interval, as if A and B had been run independently"),
            .number("confidence", \.level, unit: "share 0–1", doc: "confidence level of both intervals"),
        ]

        public var pairedLow: Double { difference - pairedHalfWidth }
        public var pairedHigh: Double { difference + pairedHalfWidth }

        /// Whether zero lies outside the paired interval (the difference is not noise).
        public var isSignificant: Bool { pairedLow > 0 || pairedHigh < 0 }
    }

    /// The comparison of every summary metric from replications 1 … n of A (values[0]) and B
    /// (values[1]), each a list of metric vectors in the order of `metrics.names` (the summary
    /// metrics, then those of each class).
    public static func rows(a: [[Double]], b: [[Double]], metrics: MetricSet, level: Double = 0.95) -> [Row] {
        let n = Swift.min(a.count, b.count)
        return metrics.names.enumerated().map { m, name in
            var row = Row()
            row.metric = name
            row.replications = n
            row.level = level
            let xa = a.prefix(n).map { $0[m] }
            let xb = b.prefix(n).map { $0[m] }
            guard n >= 2, (xa + xb).allSatisfy(\.isFinite) else {
                row.meanA = xa.allSatisfy(\.isFinite) && n > 0 ? xa.reduce(0, +) / Double(n) : .nan
                row.meanB = xb.allSatisfy(\.isFinite) && n > 0 ? xb.reduce(0, +) / Double(n) : .nan
                return row
            }
            let ca = ConfidenceInterval(xa, level: level)
            let cb = ConfidenceInterval(xb, level: level)
            let paired = ConfidenceInterval(zip(xb, xa).map { $0 - $1 }, level: level)
            row.meanA = ca.mean
            row.meanB = cb.mean
            row.difference = paired.mean
            row.pairedHalfWidth = paired.halfWidth
            // Welch: variances not assumed equal, Satterthwaite's degrees of freedom.
            let va = ca.standardDeviation * ca.standardDeviation / Double(n)
            let vb = cb.standardDeviation * cb.standardDeviation / Double(n)
            if va + vb > 0 {
                let df = (va + vb) * (va + vb) / (va * va / Double(n - 1) + vb * vb / Double(n - 1))
                row.unpairedHalfWidth =
                    ConfidenceInterval.studentQuantile((1 + level) / 2, degreesOfFreedom: df) * (va + vb).squareRoot()
            } else {
                row.unpairedHalfWidth = 0
            }
            return row
        }
    }

    /// Reads the comparison's runs from its folder and writes `compare.csv`.
    /// - Returns: the rows and the path written; nil while runs are not done (other shards).
    /// - Throws: `InputError` when the file cannot be written.
    public static func write(
        _ directory: SweepDirectory, plan: SweepPlan, level: Double, csv: CSVOutput
    ) throws -> ([Row], String)? {
        let (data, missing) = directory.read([plan.replications, plan.replications], plan: plan)
        guard missing.isEmpty else { return nil }
        let rows = rows(a: data[0], b: data[1], metrics: plan.metrics, level: level)
        return (rows, try csv.write("compare.csv", in: directory) { $0.table(rows) })
    }
}
