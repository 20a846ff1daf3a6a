import KSCRandom
import KSCSupport

/// Reads the keys of one mapping of a scenario, checking each value and naming the
/// file, line and key path of anything wrong. Unknown keys are refused up front,
/// with a did-you-mean.
public struct MappingReader {
    /// Dotted path of this mapping (`server`, `classes.remote`); empty at the top.
    public let path: String
    public let location: SourceLocation
    private let entries: [ConfigEntry]
    public let baseDirectory: String?

    public init(_ node: ConfigNode, path: String, allowed: [String], baseDirectory: String?) throws {
        guard case .mapping(let entries, let location) = node else {
            throw InputError(
                path.isEmpty
                    ? "\(node.location): the scenario must be a mapping of keys to values"
                    : "\(node.location): \(path): expected a mapping of keys to values, not \(node.kindName)")
        }
        self.path = path
        self.location = location
        self.entries = entries
        self.baseDirectory = baseDirectory
        for entry in entries where !allowed.contains(entry.key) {
            var suggestion = MappingReader.closest(to: entry.key, in: allowed).map { "did you mean \"\($0)\"? " } ?? ""
            if entry.key.contains("=") || entry.key.contains(")") {
                suggestion =
                    "inside { } a comma ends the value: quote distributions, e.g. on: \"lognormal(mean=6h, sd=3h)\"; "
            }
            throw InputError(
                "\(entry.keyLocation): unknown key \"\(qualified(entry.key))\"; \(suggestion)allowed: \(allowed.joined(separator: ", "))"
            )
        }
    }

    public func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func node(_ key: String) -> ConfigNode? { entries.first { $0.key == key }?.value }

    public func has(_ key: String) -> Bool { node(key) != nil }

    /// The error for `key`'s value: "FILE:LINE: PATH.KEY: MESSAGE".
    public func error(_ key: String, _ message: String) -> InputError {
        InputError("\(node(key)?.location ?? location): \(qualified(key)): \(message)")
    }

    public func text(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard let text = node.scalarText else { throw error(key, "expected a plain value, not a list or mapping") }
        return text
    }

    public func string(_ key: String, default value: String) throws -> String {
        try text(key) ?? value
    }

    public func duration(_ key: String, default value: Double, minimum: Double = 0, positive: Bool = false) throws
        -> Double
    {
        guard let text = try text(key) else { return value }
        let seconds: Double
        do { seconds = try DurationText.seconds(text) } catch let e as InputError { throw error(key, e.message) }
        if positive && !(seconds > 0) { throw error(key, "\"\(text)\" must be a duration > 0") }
        if seconds < minimum || !seconds.isFinite {
            throw error(key, "\"\(text)\" must be a duration >= \(DurationText.format(minimum))")
        }
        return seconds
    }

    public func distribution(_ key: String, default value: Distribution) throws -> Distribution {
        guard let text = try text(key) else { return value }
        do {
            return try Distribution.parse(text, empirical: EmpiricalFile.loader(baseDirectory: baseDirectory))
        } catch let e as InputError { throw error(key, e.message) }
    }

    public func fraction(_ key: String, default value: Double) throws -> Double {
        guard let text = try text(key) else { return value }
        guard let x = Double(text), x >= 0, x <= 1 else {
            throw error(key, "\"\(text)\" must be a fraction from 0 to 1")
        }
        return x
    }

    public func integer(_ key: String, default value: Int, minimum: Int, maximum: Int = Int.max) throws -> Int {
        guard let text = try text(key) else { return value }
        guard let x = Int(text.replacingUnderscores()), x >= minimum, x <= maximum else {
            let range = maximum == Int.max ? ">= \(minimum)" : "from \(minimum) to \(maximum)"
            throw error(key, "\"\(text)\" must be a whole number \(range) (digits, optionally grouped as 100_000)")
        }
        return x
    }

    public func number(_ key: String, default value: Double, positive: Bool) throws -> Double {
        guard let text = try text(key) else { return value }
        guard let x = Double(text), x.isFinite, positive ? x > 0 : x >= 0 else {
            throw error(key, "\"\(text)\" must be a number \(positive ? "> 0" : ">= 0")")
        }
        return x
    }

    public func list(_ key: String) throws -> [ConfigNode]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let items, _) = node else { throw error(key, "expected a list") }
        return items
    }

    public func stringList(_ key: String) throws -> [String]? {
        guard let items = try list(key) else { return nil }
        return try items.map {
            guard let text = $0.scalarText else {
                throw InputError("\($0.location): \(qualified(key)): expected a list of names")
            }
            return text
        }
    }

    /// The allowed name nearest to `key` (edit distance <= 2, or a case-insensitive match).
    public static func closest(to key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance($0.lowercased(), key.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 4) else { return nil }
        return best.0
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension String {
    /// `100_000` -> `100000`: single underscores between digits, as in Swift literals;
    /// any other underscore (`_1`, `1_`, `1__0`) leaves the text as it is, so that it is
    /// refused as a number.
    public func replacingUnderscores() -> String {
        let groups = split(separator: "_", omittingEmptySubsequences: false)
        guard groups.count > 1, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return self }
        return groups.joined()
    }
}
