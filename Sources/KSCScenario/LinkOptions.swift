import KSCSupport

/// Link rates as written: `100Mbit/s`, `1Gbit/s`, `512kbit/s`, `500KB/s`, `12.5MB/s`
/// (1 KB = 1,000 bytes, 1 Mbit = 1,000,000 bits). Stored in bytes per second.
public enum RateText {
    public static let allowed =
        "a finite rate above 0 with bit/s, kbit/s, Mbit/s, Gbit/s, B/s, KB/s, MB/s or GB/s, e.g. 100Mbit/s"

    /// Bytes per second, or nil when the text is not a rate above 0.
    public static func bytesPerSecond(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("Gbit/s", 1e9 / 8), ("Mbit/s", 1e6 / 8), ("kbit/s", 1e3 / 8), ("bit/s", 1.0 / 8),
            ("GB/s", 1e9), ("MB/s", 1e6), ("KB/s", 1e3), ("B/s", 1),
        ]
        guard let value = scaled(text, units: units), value > 0 else { return nil }
        return value
    }

    /// A number followed by the first of `units` its text ends with (`4.47MB`), times that
    /// unit's scale; nil without a unit, or when the number is not one or the product is not
    /// finite. Sizes and rates both read their text through it.
    static func scaled(_ text: String, units: [(String, Double)]) -> Double? {
        let trimmed = text.trimmingSpaces()
        guard let (suffix, scale) = units.first(where: { trimmed.hasSuffix($0.0) }),
            let x = Double(trimmed.dropLast(suffix.count).trimmingSpaces()), (x * scale).isFinite
        else { return nil }
        return x * scale
    }

    /// A rate as written back: in Mbit/s with up to 6 significant digits (`100Mbit/s`).
    public static func text(_ bytesPerSecond: Double) -> String { (bytesPerSecond * 8 / 1e6).shortText + "Mbit/s" }
}

/// The access link of a class's devices: one rate, or rates with the share of devices that
/// have each (home broadband, LTE, office).
public struct AccessLink: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        /// Bytes per second towards the device.
        public var rate: Double
        public var share: Double
    }
    public var choices: [Choice]

    public init(choices: [Choice]) { self.choices = choices }

    var yaml: YAMLValue {
        if choices.count == 1 { return .plain(RateText.text(choices[0].rate)) }
        return .flowMap(choices.map { YAMLEntry(RateText.text($0.rate), .plain($0.share.shortText)) })
    }

    static func read(_ r: MappingReader, _ key: String) throws -> AccessLink? {
        guard let node = r.node(key) else { return nil }
        let allowed = "\(RateText.allowed), or a mapping of such rates to shares of the devices summing to 1"
        if let text = node.scalarText {
            guard let rate = RateText.bytesPerSecond(text) else { throw r.error(key, "\"\(text)\" is not \(allowed)") }
            return AccessLink(choices: [Choice(rate: rate, share: 1)])
        }
        guard case .mapping(let entries, _) = node, !entries.isEmpty else {
            throw r.error(key, "expected \(allowed)")
        }
        var choices: [Choice] = []
        for entry in entries {
            guard let rate = RateText.bytesPerSecond(entry.key) else {
                throw r.error(key, "\"\(entry.key)\" is not \(RateText.allowed)")
            }
            guard let text = entry.value.scalarText, let share = Double(text), share > 0, share <= 1 else {
                throw r.error(key, "the share of \(entry.key) must be a number above 0 and at most 1")
            }
            choices.append(Choice(rate: rate, share: share))
        }
        let total = choices.reduce(0) { $0 + $1.share }
        guard abs(total - 1) <= 1e-9 else {
            throw r.error(key, "the shares sum to \(total.shortText); they must sum to 1")
        }
        return AccessLink(choices: choices)
    }
}

/// Daily hours, `08:00-18:00` (or `22:00-06:00` across midnight), in seconds of the day.
public struct DailyHours: Sendable, Equatable {
    public var from: Double
    public var to: Double

    /// Whether `time` (seconds since the start of the run, day 0 at 00:00) falls in the hours.
    public func contains(_ time: Double) -> Bool {
        let t = time.truncatingRemainder(dividingBy: 86400)
        return from <= to ? (t >= from && t < to) : (t >= from || t < to)
    }

    var text: String { "\(Self.clock(from))-\(Self.clock(to))" }

    static func clock(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    static func read(_ r: MappingReader, _ key: String) throws -> DailyHours? {
        guard let text = try r.text(key) else { return nil }
        func minutes(_ part: Substring) -> Double? {
            let fields = part.trimmingSpaces().split(separator: ":")
            guard fields.count == 2, let h = Int(fields[0]), let m = Int(fields[1]), (0...24).contains(h),
                (0..<60).contains(m), h * 60 + m <= 1440
            else { return nil }
            return Double(h * 3600 + m * 60)
        }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let from = minutes(parts[0]), let to = minutes(parts[1]), from != to else {
            throw r.error(key, "\"\(text)\" must be hours HH:MM-HH:MM, two different times of day, e.g. 08:00-18:00")
        }
        return DailyHours(from: from, to: to)
    }
}

/// Whether a download cut off (its device went offline) resumes where it stopped or starts over.
public enum DownloadResume: String, Sendable, CaseIterable {
    case `continue`
    case restart
}

extension KeySpec {
    /// An optional link rate: unset (or `unlimited`, so that a sweep can lift it) means the link
    /// does not limit anything (written only when set).
    static func rate(
        _ name: String, _ path: WritableKeyPath<Section, Double?> & Sendable, doc: String
    ) -> KeySpec {
        KeySpec(
            name, unit: "rate (`100Mbit/s`) or `unlimited`", doc: doc, shownDefault: "unlimited",
            read: { r, s in
                guard let text = try r.text(name) else { return }
                if text == "unlimited" {
                    s[keyPath: path] = nil
                    return
                }
                guard let rate = RateText.bytesPerSecond(text) else {
                    throw r.error(
                        name, "\"\(text)\" is not \(RateText.allowed), or unlimited; a link of 0 would carry nothing")
                }
                s[keyPath: path] = rate
            }, write: { $0[keyPath: path].map { [YAMLEntry(name, .plain(RateText.text($0)))] } ?? [] })
    }

    /// A size in bytes (`259MB`), written only when above 0.
    static func size(_ name: String, _ path: WritableKeyPath<Section, Double> & Sendable, doc: String) -> KeySpec {
        KeySpec(
            name, unit: "size (`259MB`)", doc: doc, shownDefault: "`0B` (none)",
            read: { r, s in
                guard let text = try r.text(name) else { return }
                guard let bytes = TrafficConfig.bytes(text) else {
                    throw r.error(
                        name,
                        "\"\(text)\" is not a size; allowed: a finite number of bytes >= 0 with B, KB, MB or GB, e.g. 259MB"
                    )
                }
                s[keyPath: path] = bytes
            },
            write: { $0[keyPath: path] > 0 ? [YAMLEntry(name, .plain(TrafficConfig.text($0[keyPath: path])))] : [] })
    }
}
