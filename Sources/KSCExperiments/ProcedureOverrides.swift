import Foundation
import KSCScenario
import KSCStatistics
import KSCSupport

/// The `--set` overrides that put a procedure from command-line options into a sweep section.
public enum ProcedureOverrides {
    /// JSON-style double-quoted text (valid YAML).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// Overrides for `sweep.precision` from `METRIC=HALFWIDTH` targets.
    /// - Throws: `InputError` for a target without `=`.
    public static func precision(targets: [String], confidence: Double?, minimum: Int?, maximum: Int?, roundSize: Int?)
        throws -> [String]
    {
        let entries = try targets.map { text -> String in
            guard let eq = text.firstIndex(of: "=") else {
                throw InputError(
                    "--precision \"\(text)\": write METRIC=HALFWIDTH, e.g. latency_p95_s=5% (relative) or server_utilization=0.01 (absolute)"
                )
            }
            return "\(quoted(text[..<eq].trimmingSpaces())): \(quoted(text[text.index(after: eq)...].trimmingSpaces()))"
        }
        var fields = ["targets: {\(entries.joined(separator: ", "))}"]
        if let confidence { fields.append("confidence: \(confidence.shortText)") }
        if let minimum { fields.append("minReplications: \(minimum)") }
        if let roundSize { fields.append("roundSize: \(roundSize)") }
        var overrides = ["sweep.precision={\(fields.joined(separator: ", "))}"]
        if let maximum { overrides.append("sweep.replications=\(maximum)") }
        return overrides
    }

    /// The rule of `--precision` options for one scenario (`kscsim run`).
    /// - Throws: `InputError` naming the option and value.
    public static func precisionRule(
        targets: [String], confidence: Double?, minimum: Int?, maximum: Int, metrics: MetricSet
    ) throws -> PrecisionRule {
        let text = try precision(
            targets: targets, confidence: confidence, minimum: minimum, maximum: nil, roundSize: nil)[0]
        let value = String(text.dropFirst("sweep.precision=".count))
        guard let node = try ConfigNode.parse(yaml: value, origin: "--precision") else {
            throw InputError("--precision: nothing to read")
        }
        do {
            return try PrecisionRule(node, path: "--precision", limit: maximum, metrics: metrics)
        } catch let error as InputError {
            throw namingFlags(error)
        }
    }

    /// An error about a procedure given by flags, named by its flag rather than by the
    /// `--set sweep.…` override the flags became.
    public static func namingFlags(_ error: InputError) -> InputError {
        let m = error.message
        guard m.hasPrefix("--set sweep.select=") || m.hasPrefix("--set sweep.precision=") || m.hasPrefix("--precision")
        else { return error }
        let flags = [
            ("sweep.select.constraints: ", "--constraint "), ("sweep.select.minimize: ", "--minimize "),
            ("sweep.select.maximize: ", "--maximize "),
            ("sweep.select.confidence: ", "--confidence "), ("sweep.select.firstStage: ", "--first-stage "),
            ("sweep.select.roundSize: ", "--round-size "),
            ("sweep.precision.targets.", "--precision "), ("--precision.targets.", "--precision "),
            ("sweep.precision.targets: ", "--precision "), ("sweep.precision.minReplications: ", "--min-replications "),
            ("sweep.precision.confidence: ", "--confidence "),
        ]
        for (key, flag) in flags {
            if let r = m.range(of: key) { return InputError(flag + m[r.upperBound...]) }
        }
        return error
    }

    /// Overrides for `sweep.select`.
    public static func select(
        constraints: [String], minimize: String?, maximize: String?, confidence: Double?,
        firstStage: Int?, maximum: Int?, roundSize: Int?
    ) -> [String] {
        var fields: [String] = []
        if !constraints.isEmpty { fields.append("constraints: [\(constraints.map(quoted).joined(separator: ", "))]") }
        if let minimize { fields.append("minimize: \(quoted(minimize))") }
        if let maximize { fields.append("maximize: \(quoted(maximize))") }
        if let confidence { fields.append("confidence: \(confidence.shortText)") }
        if let firstStage { fields.append("firstStage: \(firstStage)") }
        if let roundSize { fields.append("roundSize: \(roundSize)") }
        var overrides = ["sweep.select={\(fields.joined(separator: ", "))}"]
        if let maximum { overrides.append("sweep.replications=\(maximum)") }
        return overrides
    }
}
