import KSCSupport

/// Bytes a sync session moves, up (device to server) and down (server to device).
public struct SessionBytes: Sendable, Equatable {
    public var up: Double
    public var down: Double

    public init(up: Double, down: Double) {
        self.up = up
        self.down = down
    }
}

/// What sync sessions put on the wire, by kind (KSC's traffic table: a sync with nothing
/// new, after a group task changed, forced). Sizes are written with a unit, B, KB, MB or GB,
/// 1 KB = 1,000 bytes.
public struct TrafficConfig: Sendable, Equatable, ScenarioSection {
    /// A periodic sync with nothing new (a heartbeat).
    public var heartbeat = SessionBytes(up: 12_000, down: 6_700)
    /// A sync that carries a task.
    public var fullSync = SessionBytes(up: 11_300, down: 11_700)
    /// A forced sync (woken by UDP 15000 or pushed through FCM).
    public var forcedSync = SessionBytes(up: 77_600, down: 99_500)
    /// The price of one GB the servers send (0: none given), for `egress_cost_per_30d`.
    public var pricePerGB = 0.0

    public init() {}

    /// A size as written: `6.7KB`, `4.47MB`, `300B`, `2GB` (a plain number is bytes).
    /// - Returns: bytes, or nil when the text is not a size.
    public static func bytes(_ text: String) -> Double? {
        let units: [(String, Double)] = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1)]
        guard let value = RateText.scaled(text, units: units) ?? Double(text.trimmingSpaces()), value >= 0,
            value.isFinite
        else { return nil }
        return value
    }

    /// Bytes as written back with up to 6 significant digits: in KB below 1 MB (`6.7KB`), else
    /// in MB below 1 GB (`259MB`), else in GB.
    public static func text(_ bytes: Double) -> String {
        if bytes >= 1e9 { return (bytes / 1e9).shortText + "GB" }
        if bytes >= 1e6 { return (bytes / 1e6).shortText + "MB" }
        return (bytes / 1000).shortText + "KB"
    }

    static func sizes(
        _ name: String, _ path: WritableKeyPath<TrafficConfig, SessionBytes> & Sendable, doc: String
    ) -> KeySpec<TrafficConfig> {
        KeySpec(
            name, unit: "`{up: SIZE, down: SIZE}`", doc: doc,
            read: { r, s in
                guard let node = r.node(name) else { return }
                let m = try MappingReader(
                    node, path: r.qualified(name), allowed: ["up", "down"], baseDirectory: r.baseDirectory)
                for (key, side) in [("up", \SessionBytes.up), ("down", \SessionBytes.down)] {
                    guard let text = try m.text(key) else { continue }
                    guard let value = bytes(text) else {
                        throw m.error(
                            key,
                            "\"\(text)\" is not a size; allowed: a finite number of bytes >= 0 with B, KB, MB or GB, e.g. 6.7KB"
                        )
                    }
                    s[keyPath: path][keyPath: side] = value
                }
            },
            write: {
                [
                    YAMLEntry(
                        name,
                        .flowMap([
                            YAMLEntry("up", .plain(text($0[keyPath: path].up))),
                            YAMLEntry("down", .plain(text($0[keyPath: path].down))),
                        ]))
                ]
            })
    }

    /// `traffic`: the bytes of sync sessions.
    public static let schema = SectionSchema<TrafficConfig>([
        sizes(
            "heartbeat", \.heartbeat, doc: "a sync with nothing new for the device (KSC documentation: traffic table)"),
        sizes(
            "fullSync", \.fullSync,
            doc: "a sync that carries a task (KSC documentation: after a group task changed)"),
        sizes(
            "forcedSync", \.forcedSync,
            doc: "a forced sync, woken by UDP 15000 or pushed through FCM (KSC documentation: forced, nothing new)"),
        KeySpec(
            "pricePerGB", unit: "money per GB",
            doc: "what one GB the servers send to the Internet costs, for egress_cost_per_30d; 0: no price given",
            read: { r, s in
                s.pricePerGB = try r.number("pricePerGB", default: s.pricePerGB, positive: false)
            }, write: { $0.pricePerGB > 0 ? [YAMLEntry("pricePerGB", .plain($0.pricePerGB.shortText))] : [] }),
    ])
}
