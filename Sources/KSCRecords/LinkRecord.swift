import KSCSupport

/// One row of `links.csv`: one link bytes cross, in one replication (written only when a task
/// carries a payload or a link has a rate). Figures after the warm-up; towards devices
/// ("down") unless said.
public struct LinkRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    public var link = ""
    public var kind = ""
    public var capacityMbps = Double.nan
    public var devices = 0
    public var bytesDown = 0.0, bytesUp = 0.0
    public var meanMbps = 0.0, peakMbps = 0.0
    public var utilization = Double.nan, timeSaturatedShare = Double.nan

    public init() {}

    public static let columns: [Column<LinkRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text(
            "link", \.link,
            doc:
                "the link: `SERVER uplink`, `GATEWAY link`, `SITE WAN`, `SITE update source` or `CLASS limit` (a traffic restriction)"
        ),
        .text("kind", \.kind, doc: "`server`, `gateway`, `site`, `point` (an update source) or `limit`"),
        .number(
            "capacity_mbps", \.capacityMbps, unit: "Mbit/s",
            doc: "its rate (a restriction's: inside its hours); empty when unlimited"),
        .int("devices", \.devices, doc: "devices whose downloads or syncs cross it"),
        .number(
            "bytes_down", \.bytesDown, unit: "B",
            doc: "bytes it carried towards devices: payloads (shared) and sync sessions (counted)"),
        .number(
            "bytes_up", \.bytesUp, unit: "B",
            doc: "bytes devices sent through it: sync sessions and `payloadUp` (counted, not shared)"),
        .number("mean_mbps", \.meanMbps, unit: "Mbit/s", doc: "bytes_down over the time observed"),
        .number(
            "peak_mbps", \.peakMbps, unit: "Mbit/s",
            doc: "the highest mean over a 1-minute window after the warm-up, towards devices"),
        .number(
            "utilization", \.utilization, unit: "share 0–1",
            doc:
                "mean_mbps / capacity_mbps; empty when unlimited or a restriction with hours (its rate holds only in them)"
        ),
        .number(
            "time_saturated_share", \.timeSaturatedShare, unit: "share 0–1",
            doc: "share of the time observed with its whole capacity given to downloads; empty when unlimited"),
    ]
}
