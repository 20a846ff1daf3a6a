import Foundation

/// A YAML value to write: the one emitter behind resolved scenarios, sweep sections and
/// flow values, so that everything kscsim writes, kscsim reads back.
public indirect enum YAMLValue: Sendable, Equatable {
    /// Written verbatim (numbers, durations, `all`).
    case plain(String)
    /// Text, double-quoted when YAML would read it as something else.
    case string(String)
    /// Text, always double-quoted.
    case quoted(String)
    /// `[a, b]`.
    case flowList([YAMLValue])
    /// `{k: v, k2: v2}`.
    case flowMap([YAMLEntry])
    /// Indented `key: value` lines.
    case blockMap([YAMLEntry])
    /// Indented `- ` items (each a block map); `[]` when empty.
    case blockList([YAMLValue])

    /// The value on one line (block forms are written as flow).
    public var flow: String {
        switch self {
        case .plain(let text): return text
        case .string(let text): return YAMLValue.quote(text)
        case .quoted(let text): return YAMLValue.alwaysQuoted(text)
        case .flowList(let items), .blockList(let items): return "[" + items.map(\.flow).joined(separator: ", ") + "]"
        case .flowMap(let entries), .blockMap(let entries):
            return "{" + entries.map { "\(YAMLValue.quoteKey($0.key)): \($0.value.flow)" }.joined(separator: ", ") + "}"
        }
    }

    /// The lines of a block mapping's entries, indented by `indent` spaces.
    public static func lines(_ entries: [YAMLEntry], indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for entry in entries {
            let key = pad + quoteKey(entry.key) + ":"
            switch entry.value {
            case .blockMap(let inner):
                out += key + "\n" + lines(inner, indent: indent + 2)
            case .blockList(let items) where !items.isEmpty:
                out += key + "\n"
                for item in items {
                    guard case .blockMap(let fields) = item else {
                        out += pad + "  - " + item.flow + "\n"
                        continue
                    }
                    let body = lines(fields, indent: indent + 4)
                    out += pad + "  - " + body.dropFirst(indent + 4)
                }
            default:
                out += key + " " + entry.value.flow + "\n"
            }
        }
        return out
    }

    /// A YAML scalar in double quotes when it needs them.
    public static func quote(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
        return plain ? text : alwaysQuoted(text)
    }

    /// A mapping key: plain when it is a name (kscsim reads `on:` as the key "on"),
    /// else double-quoted.
    public static func quoteKey(_ text: String) -> String {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            ? text : alwaysQuoted(text)
    }

    /// `text` in double quotes, with `\` and `"` escaped.
    public static func alwaysQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// One `key: value` of a YAML mapping to write.
public struct YAMLEntry: Sendable, Equatable {
    public let key: String
    public let value: YAMLValue

    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}
