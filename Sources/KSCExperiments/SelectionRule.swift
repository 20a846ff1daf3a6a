import Foundation
import KSCModel
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// The selection of the best feasible point (see `SequentialSelection`), as written in a sweep.
public struct SelectionRule: Sendable, Equatable {
    /// A constraint as written (`latency_p95_s <= 600 ± 30`) and as used.
    public struct ConstraintText: Sendable, Equatable {
        public var text: String
        public var name: String
        public var constraint: SequentialSelection.Constraint
    }

    /// What is optimised: a metric with its indifference zone, or a cost from scenario keys.
    public enum Goal: Sendable, Equatable {
        case metric(name: String, index: Int, indifference: Double)
        /// Terms (coefficient, key path) of a weighted sum of scenario keys.
        case cost([(Double, String)])

        public static func == (a: Goal, b: Goal) -> Bool {
            switch (a, b) {
            case let (.metric(n1, i1, d1), .metric(n2, i2, d2)): return n1 == n2 && i1 == i2 && d1 == d2
            case let (.cost(t1), .cost(t2)): return t1.map(\.0) == t2.map(\.0) && t1.map(\.1) == t2.map(\.1)
            default: return false
            }
        }
    }

    public var constraints: [ConstraintText]
    public var goal: Goal
    /// True to minimise the goal, false to maximise it.
    public var minimize: Bool
    /// The goal as written.
    public var goalText: String
    /// Where the goal was written (file and line, or the flag), for errors found later.
    public var goalOrigin: String = ""
    public var confidence: Double
    public var firstStage: Int
    public var limit: Int
    public var roundSize: Int

    init(_ node: ConfigNode, path: String, limit: Int, metrics: MetricSet) throws {
        let spec = try MappingReader(
            node, path: path,
            allowed: ["constraints", "minimize", "maximize", "confidence", "firstStage", "roundSize"],
            baseDirectory: nil)
        let texts = try spec.stringList("constraints") ?? []
        constraints = try texts.map { text in
            try SelectionRule.constraint(text, metrics: metrics) { spec.error("constraints", $0) }
        }
        guard spec.has("minimize") != spec.has("maximize") else {
            throw spec.error(
                "minimize",
                "give exactly one of minimize or maximize: a metric with its indifference zone (\"latency_mean_s ± 30\") or a cost of scenario keys (\"server.syncWorkers + 10*pushServers.count\")"
            )
        }
        minimize = spec.has("minimize")
        let key = minimize ? "minimize" : "maximize"
        goalText = try spec.text(key) ?? ""
        goalOrigin = "\(spec.node(key)?.location ?? spec.location): \(spec.qualified(key))"
        goal = try SelectionRule.goal(goalText, metrics: metrics) { spec.error(key, $0) }
        confidence = try spec.number("confidence", default: 0.95, positive: true)
        guard confidence < 1, confidence >= 0.5 else {
            throw spec.error("confidence", "\(confidence) must be in [0.5, 1), e.g. 0.95")
        }
        firstStage = try spec.integer("firstStage", default: Swift.min(10, limit), minimum: 2, maximum: limit)
        self.limit = limit
        roundSize = try spec.integer("roundSize", default: firstStage, minimum: 1, maximum: 1_000_000)
    }

    /// Parses `METRIC <= VALUE ± TOLERANCE` (`>=` too; `+-` for ±).
    static func constraint(_ text: String, metrics: MetricSet, _ fail: (String) -> InputError) throws
        -> ConstraintText
    {
        let normalized = text.replacingOccurrences(of: "+-", with: "±")
        let op = normalized.contains("<=") ? "<=" : normalized.contains(">=") ? ">=" : nil
        let example = "write METRIC <= VALUE ± TOLERANCE, e.g. \"latency_p95_s <= 600 ± 30\" (>= for a lower bound)"
        guard let op, let opRange = normalized.range(of: op) else { throw fail("\"\(text)\": \(example)") }
        let name = normalized[..<opRange.lowerBound].trimmingSpaces()
        let rest = normalized[opRange.upperBound...].split(separator: "±", omittingEmptySubsequences: false)
        guard rest.count == 2, let value = numberOrDuration(String(rest[0])),
            let tolerance = numberOrDuration(String(rest[1]))
        else {
            throw fail("\"\(text)\": \(example); the tolerance is required")
        }
        guard tolerance > 0 else {
            throw fail(
                "\"\(text)\": the tolerance must be > 0 (the procedure needs a zone of indifference around the threshold)"
            )
        }
        let index = try metrics.index(name) { fail("\"\(text)\": \($0)") }
        return ConstraintText(
            text: "\(name) \(op) \(value.shortText) ± \(tolerance.shortText)", name: name,
            constraint: .init(metric: index, atMost: op == "<=", threshold: value, tolerance: tolerance))
    }

    /// Parses `METRIC ± DELTA` or a weighted sum of scenario keys.
    static func goal(_ text: String, metrics: MetricSet, _ fail: (String) -> InputError) throws -> Goal {
        let normalized = text.replacingOccurrences(of: "+-", with: "±")
        if normalized.contains("±") {
            let parts = normalized.split(separator: "±", omittingEmptySubsequences: false)
            let name = parts[0].trimmingSpaces()
            guard parts.count == 2, let delta = numberOrDuration(String(parts[1])), delta > 0 else {
                throw fail(
                    "\"\(text)\": write METRIC ± DELTA with DELTA > 0, the smallest difference worth telling apart, e.g. \"latency_mean_s ± 30\""
                )
            }
            let index = try metrics.index(name) { fail("\"\(text)\": \($0)") }
            return .metric(name: name, index: index, indifference: delta)
        }
        if metrics.names.contains(normalized.trimmingSpaces()) || ClassFigures.split(normalized.trimmingSpaces()) != nil
        {
            throw fail(
                "\"\(text)\": a metric needs its indifference zone, the smallest difference worth telling apart: e.g. \"\(normalized.trimmingSpaces()) ± 30\""
            )
        }
        // A cost: [coef *] key.path terms joined by + and -.
        var terms: [(Double, String)] = []
        var sign = 1.0
        var current = ""
        func flush() throws {
            let term = current.trimmingSpaces()
            current = ""
            guard !term.isEmpty else {
                throw fail(
                    "\"\(text)\": an empty term; write a metric with ± DELTA, or a cost such as \"server.syncWorkers + 10*pushServers.count\""
                )
            }
            let factors = term.split(separator: "*").map { $0.trimmingSpaces() }
            var coefficient = sign
            var key: String?
            for f in factors {
                if let x = Double(f) {
                    guard x.isFinite, (coefficient * x).isFinite else {
                        throw fail("\"\(text)\": the coefficient \"\(f)\" must be a finite number")
                    }
                    coefficient *= x
                } else if key == nil, !f.isEmpty {
                    key = f
                } else {
                    throw fail(
                        "\"\(text)\": \"\(term)\" must be a scenario key times an optional number, e.g. 10*pushServers.count"
                    )
                }
            }
            guard let key else { throw fail("\"\(text)\": \"\(term)\" names no scenario key") }
            terms.append((coefficient, key))
        }
        for ch in normalized {
            if ch == "+" || ch == "-", !current.trimmingSpaces().isEmpty, !current.hasSuffix("e") {
                try flush()
                sign = ch == "+" ? 1 : -1
            } else if ch == "-" && current.trimmingSpaces().isEmpty {
                sign = -sign
            } else {
                current.append(ch)
            }
        }
        try flush()
        return .cost(terms)
    }

    /// The cost of each point (lower is better once the direction is applied).
    /// - Throws: `InputError` naming a key that is missing or not numeric at a point.
    func costs(of points: [Scenario]) throws -> [Double]? {
        guard case .cost(let terms) = goal else { return nil }
        return try points.enumerated().map { p, scenario in
            guard let root = try ConfigNode.parse(yaml: scenario.resolvedYAML, origin: "point \(p)") else { return 0 }
            var total = 0.0
            for (coefficient, key) in terms {
                guard let node = root.node(at: key.split(separator: ".", omittingEmptySubsequences: false)) else {
                    throw InputError(
                        "\(goalOrigin): \"\(key)\" is not a key of the scenario at point \(p) (keys are written as in --set, e.g. server.syncWorkers, classes.NAME.syncInterval)"
                    )
                }
                let value: Double?
                switch node.scalarText {
                case "true": value = 1
                case "false": value = 0
                case let text?: value = numberOrDuration(text)
                case nil: value = node.count.map(Double.init)
                }
                guard let value else {
                    throw InputError(
                        "\(goalOrigin): \"\(key)\" at point \(p) is \"\(node.scalarText ?? "a mapping")\", not a number, duration or true/false"
                    )
                }
                total += coefficient * value
            }
            guard total.isFinite else {
                throw InputError(
                    "\(goalOrigin): the cost at point \(p) is \(total) (not a finite number): use smaller coefficients")
            }
            return minimize ? total : -total
        }
    }

    /// The procedure for these points.
    func procedure(points: [Scenario]) throws -> SequentialSelection {
        let objective: SequentialSelection.Objective
        switch goal {
        case .metric(_, let index, let delta): objective = .metric(index, minimize: minimize, indifference: delta)
        case .cost: objective = .cost(try costs(of: points) ?? [])
        }
        return SequentialSelection(
            constraints: constraints.map(\.constraint), objective: objective, confidence: confidence,
            firstStage: firstStage, limit: limit)
    }

    var resolvedEntries: [YAMLEntry] {
        var entries: [YAMLEntry] = []
        if !constraints.isEmpty {
            entries.append(YAMLEntry("constraints", .flowList(constraints.map { .string($0.text) })))
        }
        entries += [
            YAMLEntry(minimize ? "minimize" : "maximize", .string(goalText)),
            YAMLEntry("confidence", .plain(confidence.shortText)),
            YAMLEntry("firstStage", .plain(String(firstStage))),
            YAMLEntry("roundSize", .plain(String(roundSize))),
        ]
        return entries
    }
}
