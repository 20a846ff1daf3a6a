import KSCRandom
import KSCSupport

/// Where a key's value comes from.
public enum KeyBasis: String, Sendable {
    /// A fact of Kaspersky Security Center's documentation.
    case documented
    /// Computed from documented figures (the computation is in the key's description).
    case derived
    /// A modelling assumption (no documented figure): check it against your deployment.
    case assumed
    /// A description of the fleet or of the question.
    case input
}

/// A key's name, unit, meaning, basis and default, for reports.
public struct KeyInfo: Sendable {
    public let name: String
    public let unit: String
    public let doc: String
    public let basis: KeyBasis
    /// The default as markdown (`` `16` ``).
    public let defaultText: String

    /// The same key where its value is an assumption, for the reason given (a documented
    /// figure applied where the documentation does not say it applies).
    public func assumed(_ reason: String) -> KeyInfo {
        KeyInfo(
            name: name, unit: unit, doc: doc + " — here an assumption: " + reason, basis: .assumed,
            defaultText: defaultText)
    }
}

/// A section of a scenario file (a mapping of keys) whose keys are declared in a schema.
public protocol ScenarioSection: Sendable {
    /// The section with every default.
    init()
}

/// One scenario key, declared once: its name, unit, meaning, and how it is read and
/// written. That declaration drives reading (file and `--set`), the resolved YAML and
/// the reference's key tables (docs/reference/scenario-keys.md); the default is the field's value in `Section()`.
public struct KeySpec<Section: ScenarioSection>: Sendable {
    /// The key as written in YAML.
    public let name: String
    /// Unit or type as the reference shows it (`count`, `duration`, `distribution`, ...).
    public let unit: String
    /// One line saying what the key sets; "(assumption)" or the source where it applies.
    public let doc: String
    /// The default as the reference shows it (markdown); nil to show `Section()`'s value.
    let shownDefault: String?
    /// Reads the key (if present) into the section.
    let read: @Sendable (MappingReader, inout Section) throws -> Void
    /// The YAML entries the key writes (none, one, or a few for grouped keys).
    let write: @Sendable (Section) -> [YAMLEntry]

    public init(
        _ name: String, unit: String, doc: String, shownDefault: String? = nil,
        read: @escaping @Sendable (MappingReader, inout Section) throws -> Void,
        write: @escaping @Sendable (Section) -> [YAMLEntry]
    ) {
        self.name = name
        self.unit = unit
        self.doc = doc
        self.shownDefault = shownDefault
        self.read = read
        self.write = write
    }

    /// Where the key's default comes from, read from its `doc`: "KSC" marks a documented
    /// product fact, "assumption" a modelling assumption; any other key describes the fleet
    /// or the question (an input of the scenario).
    public var basis: KeyBasis {
        if doc.contains("(derived") { return .derived }
        if doc.contains("KSC") { return .documented }
        if doc.contains("assumption") { return .assumed }
        return .input
    }

    /// The key's description, for reports.
    public var info: KeyInfo { KeyInfo(name: name, unit: unit, doc: doc, basis: basis, defaultText: defaultText) }

    /// The default as the reference shows it.
    public var defaultText: String {
        guard shownDefault == nil, let value = write(Section()).first?.value else { return shownDefault ?? "" }
        switch value {
        case .string(let text), .quoted(let text): return "`\(text)`"
        default: return "`\(value.flow)`"
        }
    }

    /// A text key; with `omitEmpty` an empty value is not written (so that resolved files of
    /// scenarios that do not use the key stay as they were).
    public static func text(
        _ name: String, _ path: WritableKeyPath<Section, String> & Sendable, unit: String = "text", doc: String,
        shownDefault: String? = nil, omitEmpty: Bool = false
    ) -> KeySpec {
        KeySpec(
            name, unit: unit, doc: doc, shownDefault: shownDefault,
            read: { r, s in
                s[keyPath: path] = try r.string(name, default: s[keyPath: path])
            }, write: { omitEmpty && $0[keyPath: path].isEmpty ? [] : [YAMLEntry(name, .string($0[keyPath: path]))] })
    }

    /// A whole number from `min` to `max`.
    public static func integer(
        _ name: String, _ path: WritableKeyPath<Section, Int> & Sendable, min: Int, max: Int,
        unit: String = "count", doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: unit, doc: doc,
            read: { r, s in
                s[keyPath: path] = try r.integer(name, default: s[keyPath: path], minimum: min, maximum: max)
            }, write: { [YAMLEntry(name, .plain(String($0[keyPath: path])))] })
    }

    /// A duration in seconds (`>= 0`, or `> 0` when `positive`).
    public static func duration(
        _ name: String, _ path: WritableKeyPath<Section, Double> & Sendable, positive: Bool = false,
        doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: "duration", doc: doc,
            read: { r, s in
                s[keyPath: path] = try r.duration(name, default: s[keyPath: path], positive: positive)
            }, write: { [YAMLEntry(name, .plain(DurationText.format($0[keyPath: path])))] })
    }

    /// A distribution of durations; `check` returns a problem with a read value, or nil.
    public static func distribution(
        _ name: String, _ path: WritableKeyPath<Section, Distribution> & Sendable,
        doc: String, check: (@Sendable (Distribution) -> String?)? = nil
    ) -> KeySpec {
        KeySpec(
            name, unit: "distribution", doc: doc,
            read: { r, s in
                let value = try r.distribution(name, default: s[keyPath: path])
                if r.has(name), let problem = check?(value) { throw r.error(name, "\(value) \(problem)") }
                s[keyPath: path] = value
            }, write: { [YAMLEntry(name, .string($0[keyPath: path].description))] })
    }

    /// A fraction or probability from 0 to 1.
    public static func fraction(
        _ name: String, _ path: WritableKeyPath<Section, Double> & Sendable, unit: String = "fraction",
        doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: unit, doc: doc,
            read: { r, s in
                s[keyPath: path] = try r.fraction(name, default: s[keyPath: path])
            }, write: { [YAMLEntry(name, .plain($0[keyPath: path].shortText))] })
    }

    /// A finite number (`> 0` when `positive`, else `>= 0`).
    public static func number(
        _ name: String, _ path: WritableKeyPath<Section, Double> & Sendable, positive: Bool,
        unit: String, doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: unit, doc: doc,
            read: { r, s in
                s[keyPath: path] = try r.number(name, default: s[keyPath: path], positive: positive)
            }, write: { [YAMLEntry(name, .plain($0[keyPath: path].shortText))] })
    }

    /// A nested section read with its own schema.
    public static func section<Inner: ScenarioSection>(
        _ name: String, _ path: WritableKeyPath<Section, Inner> & Sendable,
        schema: SectionSchema<Inner>, doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: "mapping", doc: doc, shownDefault: "see below",
            read: { r, s in
                if let node = r.node(name) {
                    s[keyPath: path] = try schema.read(node, path: r.qualified(name), baseDirectory: r.baseDirectory)
                }
            }, write: { [YAMLEntry(name, .blockMap(schema.entries(of: $0[keyPath: path])))] })
    }
}

/// The keys of one section, in the order they are read and written, and the checks
/// across keys that run after reading them.
public struct SectionSchema<Section: ScenarioSection>: Sendable {
    public let keys: [KeySpec<Section>]
    /// Checks across keys, after every key is read.
    let finish: @Sendable (MappingReader, inout Section) throws -> Void

    public init(
        _ keys: [KeySpec<Section>],
        finish: @escaping @Sendable (MappingReader, inout Section) throws -> Void = { _, _ in }
    ) {
        self.keys = keys
        self.finish = finish
    }

    /// Key names, for the unknown-key check and its did-you-mean.
    public var names: [String] { keys.map(\.name) }

    /// Reads a section from `node`, refusing unknown keys.
    /// - Throws: `InputError` naming the file, line, key path and value.
    public func read(_ node: ConfigNode, path: String, baseDirectory: String?, extraKeys: [String] = []) throws
        -> Section
    {
        let reader = try MappingReader(node, path: path, allowed: names + extraKeys, baseDirectory: baseDirectory)
        return try read(reader)
    }

    /// Reads a section from a reader made for it.
    func read(_ reader: MappingReader) throws -> Section {
        var section = Section()
        for key in keys { try key.read(reader, &section) }
        try finish(reader, &section)
        return section
    }

    /// The section's YAML entries, every key written.
    public func entries(of section: Section) -> [YAMLEntry] {
        keys.flatMap { $0.write(section) }
    }

    /// The reference table of the keys: `| key | default | unit | meaning |`.
    public var markdownTable: String {
        var lines = ["| key | default | unit | meaning |", "|---|---|---|---|"]
        for key in keys {
            lines.append("| `\(key.name)` | \(key.defaultText) | \(key.unit) | \(key.doc) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
