import Foundation
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// How many replications each point of a sweep gets: a fixed number (`replications`), as many
/// as a precision target needs (`precision`), or as a selection procedure decides (`select`).
/// A sequential procedure runs in rounds (see `SweepRounds`); `replications` is then its limit.
public enum SweepProcedure: Sendable, Equatable {
    case fixed
    case precision(PrecisionRule)
    case select(SelectionRule)

    /// The procedure's name in messages.
    public var name: String {
        switch self {
        case .fixed: return "fixed"
        case .precision: return "precision"
        case .select: return "select"
        }
    }

    /// Whether the points get their replications in rounds.
    public var isSequential: Bool { self != .fixed }

    /// Parses the `precision` or `select` entry of a sweep section (at most one).
    /// - Throws: `InputError` naming the line, key and value.
    static func read(_ spec: MappingReader, points: Int, limit: Int, metrics: MetricSet) throws -> SweepProcedure {
        if spec.has("precision") && spec.has("select") {
            throw spec.error("select", "a sweep has either precision or select, not both")
        }
        if let node = spec.node("precision") {
            return .precision(
                try PrecisionRule(node, path: spec.qualified("precision"), limit: limit, metrics: metrics))
        }
        if let node = spec.node("select") {
            return .select(try SelectionRule(node, path: spec.qualified("select"), limit: limit, metrics: metrics))
        }
        return .fixed
    }

    /// The metrics the procedure names (its targets, constraints and goal).
    var metricNames: [String] {
        switch self {
        case .fixed: return []
        case .precision(let rule): return rule.targets.map(\.name)
        case .select(let rule):
            var names = rule.constraints.map(\.name)
            if case .metric(let name, _, _) = rule.goal { names.append(name) }
            return names
        }
    }

    /// The entry written into the resolved sweep section (canonical text).
    var resolvedEntry: YAMLEntry? {
        switch self {
        case .fixed: return nil
        case .precision(let rule): return YAMLEntry("precision", .blockMap(rule.resolvedEntries))
        case .select(let rule): return YAMLEntry("select", .blockMap(rule.resolvedEntries))
        }
    }

    /// Replications of every point in the first round.
    var firstRound: Int {
        switch self {
        case .fixed: return 0
        case .precision(let rule): return rule.minimum
        case .select(let rule): return rule.firstStage
        }
    }

    /// Replications added to an undecided point in each later round.
    var roundSize: Int {
        switch self {
        case .fixed: return 0
        case .precision(let rule): return rule.roundSize
        case .select(let rule): return rule.roundSize
        }
    }
}

/// A number, or a duration (in seconds) such as 10m.
func numberOrDuration(_ text: String) -> Double? {
    let t = text.trimmingSpaces()
    if let x = Double(t), x.isFinite { return x }
    if let x = try? DurationText.seconds(t), x.isFinite { return x }
    return nil
}

/// Replications to a precision (Chow & Robbins 1965; see `FixedWidthStopping`).
public struct PrecisionRule: Sendable, Equatable {
    /// Each target: the metric's name and the target (metric index inside).
    public var targets: [(name: String, target: PrecisionTarget)]
    public var confidence: Double
    /// Replications of every point before the first check (>= 2).
    public var minimum: Int
    /// The most replications of a point (the sweep's `replications`).
    public var maximum: Int
    /// Replications added to each point still short of its target per round.
    public var roundSize: Int

    public static func == (a: PrecisionRule, b: PrecisionRule) -> Bool {
        a.targets.map(\.name) == b.targets.map(\.name) && a.targets.map(\.target) == b.targets.map(\.target)
            && a.confidence == b.confidence && a.minimum == b.minimum && a.maximum == b.maximum
            && a.roundSize == b.roundSize
    }

    /// The stopping rule.
    public var stopping: FixedWidthStopping {
        FixedWidthStopping(targets: targets.map(\.target), confidence: confidence, minimum: minimum, maximum: maximum)
    }

    init(_ node: ConfigNode, path: String, limit: Int, metrics: MetricSet) throws {
        let spec = try MappingReader(
            node, path: path, allowed: ["targets", "confidence", "minReplications", "roundSize"], baseDirectory: nil)
        guard let targetsNode = spec.node("targets"), case .mapping(let entries, _) = targetsNode, !entries.isEmpty
        else {
            throw spec.error(
                "targets",
                "expected a mapping of metric names to half-widths, e.g. {latency_p95_s: 5%, server_utilization: 0.01}")
        }
        targets = try entries.map { entry in
            let fail = { (message: String) in
                InputError("\(entry.keyLocation): \(path).targets.\(entry.key): \(message)")
            }
            let metric = try metrics.index(entry.key, fail)
            guard let raw = entry.value.scalarText else {
                throw fail("expected a half-width such as 5% (relative) or 0.01 (in the metric's unit)")
            }
            var text = raw.trimmingSpaces()
            if text.hasPrefix("±") { text.removeFirst() } else if text.hasPrefix("+-") { text.removeFirst(2) }
            if text.hasSuffix("%"), let x = Double(text.dropLast().trimmingSpaces()), x > 0, x < 100 {
                return (entry.key, PrecisionTarget(metric: metric, halfWidth: x / 100, relative: true))
            }
            guard let x = numberOrDuration(text), x > 0 else {
                throw fail(
                    "\"\(raw)\" must be a half-width > 0: a share of the mean such as 5%, or a value in the metric's unit such as 0.01 or 30s"
                )
            }
            return (entry.key, PrecisionTarget(metric: metric, halfWidth: x, relative: false))
        }
        confidence = try spec.number("confidence", default: 0.95, positive: true)
        guard confidence < 1 else { throw spec.error("confidence", "\(confidence) must be in (0, 1), e.g. 0.95") }
        minimum = try spec.integer("minReplications", default: Swift.min(10, limit), minimum: 2, maximum: limit)
        maximum = limit
        roundSize = try spec.integer("roundSize", default: minimum, minimum: 1, maximum: 1_000_000)
    }

    var resolvedEntries: [YAMLEntry] {
        [
            YAMLEntry(
                "targets",
                .blockMap(
                    targets.map { name, t in
                        YAMLEntry(
                            name,
                            .plain(t.relative ? String(format: "%.10g%%", t.halfWidth * 100) : t.halfWidth.shortText))
                    })),
            YAMLEntry("confidence", .plain(confidence.shortText)),
            YAMLEntry("minReplications", .plain(String(minimum))),
            YAMLEntry("roundSize", .plain(String(roundSize))),
        ]
    }
}

extension ConfigNode {
    /// Number of items of a list (a cost term may count them, e.g. `gateways`).
    var count: Int? {
        if case .sequence(let items, _) = self { return items.count }
        return nil
    }
}
