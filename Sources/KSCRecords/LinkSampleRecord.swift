import KSCSupport

/// One row of `links-timeseries.csv` (with `--timeseries`, when bytes are on): one link at one
/// sampling time.
public struct LinkSampleRecord: Sendable, Equatable, TabularRecord {
    public var replication = 0
    public var time = 0.0
    public var link = ""
    public var mbps = 0.0
    public var downloads = 0
    public var utilization = Double.nan

    public init() {}

    public static let columns: [Column<LinkSampleRecord>] = [
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .number("time_s", \.time, unit: "s", doc: "sampling time"),
        .text("link", \.link, doc: "the link, as in links.csv"),
        .number(
            "mbps", \.mbps, unit: "Mbit/s",
            doc: "mean rate towards devices since the previous sample (payloads and sync sessions)"),
        .int("downloads", \.downloads, doc: "downloads (and update sources' fetches) crossing it at the sampling time"),
        .number(
            "utilization", \.utilization, unit: "share 0–1",
            doc: "mbps / its rate; empty when unlimited or a restriction with hours"),
    ]
}
