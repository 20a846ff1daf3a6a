import KSCRandom
import KSCSupport
import Yams

/// Where a value of a scenario came from: a file and line, or a command-line flag.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// File path or flag text.
    public let origin: String
    /// 1-based line in the file, if any.
    public let line: Int?

    public init(origin: String, line: Int?) {
        self.origin = origin
        self.line = line
    }

    public var description: String { line.map { "\(origin):\($0)" } ?? origin }
}

/// A scenario document as a tree that remembers where each value came from, so that
/// every error can name the file and line (Yams gives the marks; `--set` edits the tree).
public indirect enum ConfigNode: Sendable {
    case scalar(String, SourceLocation)
    case mapping([ConfigEntry], SourceLocation)
    case sequence([ConfigNode], SourceLocation)

    /// The most items in one YAML list or mapping (a larger one is refused before it is read).
    public static let maximumItems = 1_000_000

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// What the node is, in messages: `a list`, `a mapping`, or the scalar quoted.
    public var kindName: String {
        switch self {
        case .scalar(let text, _): return "\"\(text.prefix(60))\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// The scalar's text, if the node is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// Parses YAML text into a tree; `origin` names the file (or flag) in locations.
    /// - Throws: `InputError` with the file, line and YAML's own message.
    /// Anchors, aliases and merge keys are refused before anything is expanded (an alias
    /// bomb costs nothing); a duplicated key is named with its line.
    /// - Parameter limits: the most items of top-level lists or mappings by key (`tasks`),
    ///   refused while the text is read, before any node is built (`YAMLPrescan`).
    public static func parse(yaml: String, origin: String, limits: [String: Int] = [:]) throws -> ConfigNode? {
        try YAMLPrescan.check(yaml, origin: origin, limits: limits)
        do {
            // The parser owns the anchors that nodes refer to weakly: keep it alive while
            // the tree is converted, so that anchored nodes can be recognised.
            let parser = try Parser(yaml: yaml)
            let node = try parser.singleRoot()
            return try withExtendedLifetime(parser) {
                try node.map { try ConfigNode(node: $0, origin: origin, path: "") }
            }
        } catch let error as YamlError {
            throw InputError("\(origin): invalid YAML: \(ConfigNode.describe(error))")
        }
    }

    /// - Parameter path: the node's key path, for messages (`classes.remote`; empty for the root).
    private init(node: Node, origin: String, path: String) throws {
        let location = SourceLocation(origin: origin, line: node.mark?.line)
        let named = path.isEmpty ? "" : "\(path): "
        if node.anchor != nil {
            throw InputError(
                "\(location): \(named)YAML anchors (&name) and aliases (*name) are not supported in scenarios; write the value out"
            )
        }
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, location)
        case .mapping(let mapping):
            guard mapping.count <= ConfigNode.maximumItems else {
                throw InputError(
                    "\(location): \(named)a mapping of \(mapping.count) keys; at most \(ConfigNode.maximumItems)")
            }
            var entries: [ConfigEntry] = []
            var names = Set<String>()
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw InputError(
                        "\(SourceLocation(origin: origin, line: key.mark?.line)): \(named)a key must be plain text")
                }
                let keyLocation = SourceLocation(origin: origin, line: key.mark?.line)
                if name == "<<" {
                    throw InputError(
                        "\(keyLocation): \(named)YAML merge keys (<<) are not supported in scenarios; write the keys out"
                    )
                }
                guard names.insert(name).inserted else {
                    throw InputError(
                        "\(keyLocation): \(path.isEmpty ? name : "\(path).\(name)"): the key appears twice")
                }
                entries.append(
                    ConfigEntry(
                        key: name, keyLocation: keyLocation,
                        value: try ConfigNode(
                            node: value, origin: origin, path: path.isEmpty ? name : "\(path).\(name)")))
            }
            self = .mapping(entries, location)
        case .sequence(let sequence):
            guard sequence.count <= ConfigNode.maximumItems else {
                throw InputError(
                    "\(location): \(named)a list of \(sequence.count) items; at most \(ConfigNode.maximumItems)")
            }
            self = .sequence(
                try sequence.enumerated().map { i, item in
                    let name = item.mapping?["name"]?.scalar?.string ?? String(i + 1)
                    return try ConfigNode(node: item, origin: origin, path: path.isEmpty ? name : "\(path).\(name)")
                }, location)
        case .alias:
            throw InputError("\(location): \(named)YAML aliases are not supported in scenarios; write the value out")
        }
    }

    /// One line for a YAML error (Yams' own text can hold the whole document).
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\(String($0.prefix(60)))\"" }.joined(separator: ", ")
            return "line \(context.mark.line): key \(names) appears twice in one mapping"
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "the file cannot be read as YAML"
        }
    }
}

/// One `key: value` of a mapping.
public struct ConfigEntry: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: ConfigNode
}

extension ConfigNode {
    /// Sets the value at a dotted `path` (`server.backlog`, `classes.remote.wakeReachable`),
    /// creating missing keys; `classes` and `tasks` elements are addressed by name.
    /// - Throws: `InputError` naming the path when a segment does not exist.
    public func setting(_ path: [Substring], to value: ConfigNode, fullPath: String) throws -> ConfigNode {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch self {
        case .mapping(var entries, let location):
            if let i = entries.firstIndex(where: { $0.key == head }) {
                entries[i].value = try entries[i].value.setting(rest, to: value, fullPath: fullPath)
            } else {
                let empty = ConfigNode.mapping([], value.location)
                entries.append(
                    ConfigEntry(
                        key: String(head), keyLocation: value.location,
                        value: try empty.setting(rest, to: value, fullPath: fullPath)))
            }
            return .mapping(entries, location)
        case .sequence(var items, let location):
            let names = items.map { $0.entryText("name") ?? "?" }
            guard let i = names.firstIndex(of: String(head)) else {
                throw InputError(
                    "\(value.location): \(fullPath): no element named \"\(head)\"; names: \(names.joined(separator: ", "))"
                )
            }
            items[i] = try items[i].setting(rest, to: value, fullPath: fullPath)
            return .sequence(items, location)
        case .scalar(_, let location):
            throw InputError("\(value.location): \(fullPath): \(location) holds a plain value, not a mapping")
        }
    }

    /// The node at a dotted `path`, addressed as `setting` does (list elements by name);
    /// nil when a segment does not exist.
    public func node(at path: [Substring]) -> ConfigNode? {
        guard let head = path.first else { return self }
        switch self {
        case .mapping(let entries, _):
            return entries.first { $0.key == head }?.value.node(at: Array(path.dropFirst()))
        case .sequence(let items, _):
            return items.first { $0.entryText("name") == String(head) }?.node(at: Array(path.dropFirst()))
        case .scalar:
            return nil
        }
    }

    /// The value of `key` in a mapping.
    public func entry(_ key: String) -> ConfigNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The scalar text of `key` in a mapping.
    func entryText(_ key: String) -> String? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value.scalarText
    }
}

extension ConfigNode {
    /// The node as a YAML value to write (a scalar keeps its text, quoted when needed).
    public var yaml: YAMLValue {
        switch self {
        case .scalar(let text, _): return .string(text)
        case .sequence(let items, _): return .flowList(items.map(\.yaml))
        case .mapping(let entries, _): return .flowMap(entries.map { YAMLEntry($0.key, $0.value.yaml) })
        }
    }
}
