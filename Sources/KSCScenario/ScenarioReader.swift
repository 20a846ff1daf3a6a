import Foundation
import KSCGSL
import KSCRandom
import KSCSupport

extension Scenario {
    /// Reads a scenario file, applies `--set` overrides and checks every value.
    /// - Parameters:
    ///   - path: the YAML file.
    ///   - overrides: `key.path=value` texts, applied in order.
    /// - Throws: `InputError` naming the file, line, key and value, and what is allowed.
    public static func load(path: String, overrides: [String] = []) throws -> Scenario {
        try ScenarioDocument.load(path: path, overrides: overrides).scenario()
    }

    /// Parses a scenario from YAML text; see `load(path:overrides:)`.
    public static func parse(yaml: String, origin: String, baseDirectory: String? = nil, overrides: [String] = [])
        throws -> Scenario
    {
        try ScenarioDocument.parse(yaml: yaml, origin: origin, baseDirectory: baseDirectory, overrides: overrides)
            .scenario()
    }

    /// Applies one `key.path=value` override; the value is read as YAML.
    public static func apply(override: String, to root: ConfigNode) throws -> ConfigNode {
        let flag = "--set \(override)"
        guard let eq = override.firstIndex(of: "=") else {
            throw InputError("\(flag): expected key.path=value, e.g. classes.remote.wakeReachable=0.5")
        }
        let keyPath = String(override[..<eq]).trimmingSpaces()
        let segments = keyPath.split(separator: ".", omittingEmptySubsequences: false)
        guard !keyPath.isEmpty, !segments.contains(where: \.isEmpty) else {
            throw InputError("\(flag): \"\(keyPath)\" is not a key path; expected names separated by dots")
        }
        let valueText = String(override[override.index(after: eq)...])
        let location = SourceLocation(origin: flag, line: nil)
        let parsed = try ConfigNode.parse(yaml: valueText, origin: flag) ?? .scalar("", location)
        return try root.setting(segments, to: relocated(parsed, to: location), fullPath: keyPath)
    }

    private static func relocated(_ node: ConfigNode, to location: SourceLocation) -> ConfigNode {
        switch node {
        case .scalar(let text, _): return .scalar(text, location)
        case .sequence(let items, _): return .sequence(items.map { relocated($0, to: location) }, location)
        case .mapping(let entries, _):
            return .mapping(
                entries.map {
                    ConfigEntry(key: $0.key, keyLocation: location, value: relocated($0.value, to: location))
                }, location)
        }
    }

    /// Reads a scenario from its document tree (overrides already applied).
    /// - Throws: `InputError` naming the file, line, key and value.
    public init(_ root: ConfigNode, baseDirectory: String?) throws {
        self = try Scenario.schema.read(root, path: "", baseDirectory: baseDirectory)
    }
}

/// A scenario file as read: its tree (with `--set` overrides applied), where relative
/// paths start, and the top-level sections that belong to other layers (`sweep`).
public struct ScenarioDocument: Sendable {
    /// The whole tree, overrides applied.
    public let root: ConfigNode
    /// Folder of the scenario file (relative `empirical` paths start there).
    public let baseDirectory: String?

    /// Reads a scenario file and applies `--set` overrides.
    /// - Throws: `InputError` naming the file, line, key and value.
    public static func load(path: String, overrides: [String] = []) throws -> ScenarioDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the scenario file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(path): the scenario file is not UTF-8 text")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, origin: path, baseDirectory: base.isEmpty ? "." : base, overrides: overrides)
    }

    /// See `load(path:overrides:)`.
    public static func parse(yaml: String, origin: String, baseDirectory: String? = nil, overrides: [String] = [])
        throws -> ScenarioDocument
    {
        var root =
            try ConfigNode.parse(yaml: yaml, origin: origin, limits: Limits.listLimits)
            ?? .mapping([], SourceLocation(origin: origin, line: 1))
        for override in overrides { root = try Scenario.apply(override: override, to: root) }
        return ScenarioDocument(root: root, baseDirectory: baseDirectory)
    }

    /// The scenario, with `foreign` top-level sections set aside unread and returned.
    /// - Throws: `InputError` for a bad value or an unknown key (a foreign section is not).
    public func scenario(foreign: [String]) throws -> (Scenario, [ConfigEntry]) {
        let (own, others) = try split(foreign: foreign)
        return (try Scenario(own, baseDirectory: baseDirectory), others)
    }

    /// The tree without the `foreign` top-level sections, and those sections.
    /// - Throws: `InputError` when the document is not a mapping.
    public func split(foreign: [String]) throws -> (own: ConfigNode, foreign: [ConfigEntry]) {
        guard case .mapping(let entries, let location) = root else {
            throw InputError("\(root.location): the scenario must be a mapping of keys to values")
        }
        return (
            .mapping(entries.filter { !foreign.contains($0.key) }, location),
            entries.filter { foreign.contains($0.key) }
        )
    }

    /// Sections that belong to commands, not to the scenario: `sweep` (sweeps, select) and
    /// `screen` (kscsim screen's factors).
    public static let commandSections = ["sweep", "screen"]

    /// The scenario; `sweep` and `screen` sections are allowed and ignored (they belong to commands).
    public func scenario() throws -> Scenario {
        try scenario(foreign: ScenarioDocument.commandSections).0
    }

    /// Whether the document has a top-level `key`.
    public func has(_ key: String) -> Bool {
        if case .mapping(let entries, _) = root { return entries.contains { $0.key == key } }
        return false
    }
}
