import KSCSupport

/// One row of `nodes.csv`: one server, gateway or relay in one replication. A figure that
/// does not apply to the node's kind is empty (numbers) or 0 (counts).
public struct NodeRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    /// `server`, `gateway`, `relay`, `fcm` or `link`.
    public var kind = ""
    public var name = ""
    /// The server it connects to (a server: itself, or its physical server when virtual).
    public var server = ""
    public var devices = 0
    public var utilization = Double.nan
    public var syncWaitMean = Double.nan, syncWaitP99 = Double.nan
    public var refused = 0
    public var utilizationPeak1m = Double.nan, utilizationPeak15m = Double.nan, timeSaturatedShare = Double.nan
    public var backlogFullShare = Double.nan
    public var refusedPeakPerMinute = 0
    public var slotsMean = Double.nan, slotsMax = Double.nan
    public var wakeSent = 0, wakeLost = 0

    public init() {}

    public static let columns: [Column<NodeRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text(
            "kind", \.kind,
            doc:
                "`server`, `gateway`, `relay` (the distribution point of a site), `fcm` (when a class uses FCM) or `link` (a link with a rate; links.csv has its bytes)"
        ),
        .text("name", \.name, doc: "the node's name (`server` for the one-server shorthand)"),
        .text(
            "server", \.server, doc: "a gateway's or relay's server; a server's physical server (itself unless virtual)"
        ),
        .int("devices", \.devices, doc: "devices assigned: managed by the server, behind the gateway, in the site"),
        .number(
            "utilization", \.utilization, unit: "share 0–1",
            doc:
                "server: time-weighted mean busy workers / syncWorkers of its physical server (shared by virtual servers); gateway: mean connections relayed / capacity; relay: share of time connected to its server; fcm: share of time up; link: mean throughput / its rate (empty for a restriction with hours)"
        ),
        .number(
            "sync_wait_mean_s", \.syncWaitMean, unit: "s",
            doc: "server: mean wait of a sync session for a worker (its physical server's sessions); empty for others"),
        .number(
            "sync_wait_p99_s", \.syncWaitP99, unit: "s", doc: "server: 99th percentile of that wait; empty for others"),
        .int(
            "connections_refused", \.refused,
            doc:
                "sync connections refused here (server: full backlog or outage; gateway: full, down or cut off from its server)"
        ),
        .number(
            "utilization_peak_1m", \.utilizationPeak1m, unit: "share 0–1",
            doc:
                "servers, gateways and links: the highest utilization of a 1-minute window after the warm-up (windows from the warm-up on; empty for relays)"
        ),
        .number(
            "utilization_peak_15m", \.utilizationPeak15m, unit: "share 0–1",
            doc: "the highest mean over 15 consecutive 1-minute windows (empty for relays, or before 15 windows)"),
        .number(
            "time_saturated_share", \.timeSaturatedShare, unit: "share 0–1",
            doc:
                "share of the 1-minute windows after the warm-up with utilization at or above 0.95 (a server's is its physical server's); link: share of the time its whole rate was given to downloads"
        ),
        .number(
            "backlog_full_share", \.backlogFullShare, unit: "share 0–1",
            doc:
                "servers: share of time after the warm-up with every worker busy and the backlog full (an arrival is then refused); empty for others"
        ),
        .int(
            "refused_peak_per_min", \.refusedPeakPerMinute, unit: "connections",
            doc: "the most sync connections refused in one 1-minute window (a server's: its group's)"),
        .number(
            "slots_held_mean", \.slotsMean, unit: "connections",
            doc:
                "server: permanent connections held (devices, gateways, relays), time-weighted mean; gateway: connections relayed (sessions and held); empty for relays"
        ),
        .number("slots_held_max", \.slotsMax, unit: "connections", doc: "the same, maximum"),
        .int("wake_sent", \.wakeSent, doc: "UDP 15000 packets sent (servers and relays)"),
        .int(
            "wake_lost", \.wakeLost,
            doc:
                "packets to online devices that did not arrive: lost, unreachable, or (gateway) sent while it was down or cut off"
        ),
    ]
}
