import KSCSupport

/// One row of `summary.csv`: the results of one replication. Each field is declared
/// once more as a column below (name, unit, meaning), which drives the CSV header, the
/// aggregate's metrics and the README table. Times in seconds.
public struct SummaryRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    public var seed: UInt64 = 0
    public var devices = 0
    public var horizonSeconds = 0.0
    public var tasksLaunched = 0
    public var deliveries = 0
    public var undelivered = 0
    public var latencyMean = 0.0, latencyP50 = 0.0, latencyP90 = 0.0, latencyP95 = 0.0, latencyP99 = 0.0, latencyMax = 0.0
    public var within60 = 0.0, within300 = 0.0, within900 = 0.0, within3600 = 0.0
    public var viaPush = 0, viaWake = 0, viaSync = 0, viaStartup = 0
    public var permAttempts = 0, permRefused = 0, permBlocking = 0.0
    public var permInUseMean = 0.0, permInUseMax = 0.0
    public var syncs = 0
    public var syncWaitMean = 0.0, syncWaitP99 = 0.0
    public var queueLengthMax = 0
    public var serverUtilization = 0.0
    public var connectionsRefused = 0
    public var wakeSent = 0, wakeLost = 0, wakeToOffline = 0
    public var statusStaleMean = 0.0
    public var events: UInt64 = 0

    public init() {}

    public static let columns: [Column<SummaryRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based", aggregated: false),
        .uint("seed", \.seed, unit: "integer", doc: "seed of this replication's streams", aggregated: false),
        .int("devices", \.devices, doc: "devices simulated"),
        .number("horizon_s", \.horizonSeconds, unit: "s", doc: "simulated time"),
        .int("tasks_launched", \.tasksLaunched, doc: "task launches after the warm-up"),
        .int("deliveries", \.deliveries, doc: "(task, device) pairs delivered"),
        .int("undelivered", \.undelivered, doc: "(task, device) pairs launched after the warm-up and not delivered at the horizon"),
        .number("latency_mean_s", \.latencyMean, unit: "s", doc: "mean latency of deliveries"),
        .number("latency_p50_s", \.latencyP50, unit: "s", doc: "median latency of deliveries"),
        .number("latency_p90_s", \.latencyP90, unit: "s", doc: "90th percentile latency of deliveries"),
        .number("latency_p95_s", \.latencyP95, unit: "s", doc: "95th percentile latency of deliveries"),
        .number("latency_p99_s", \.latencyP99, unit: "s", doc: "99th percentile latency of deliveries"),
        .number("latency_max_s", \.latencyMax, unit: "s", doc: "largest latency of deliveries"),
        .number("within_60s", \.within60, unit: "share 0–1", doc: "deliveries within 1 minute / deliveries"),
        .number("within_300s", \.within300, unit: "share 0–1", doc: "deliveries within 5 minutes / deliveries"),
        .number("within_900s", \.within900, unit: "share 0–1", doc: "deliveries within 15 minutes / deliveries"),
        .number("within_3600s", \.within3600, unit: "share 0–1", doc: "deliveries within 60 minutes / deliveries"),
        .int("via_push", \.viaPush, doc: "deliveries pushed over a held connection"),
        .int("via_wake", \.viaWake, doc: "deliveries by a sync that a UDP 15000 packet started"),
        .int("via_sync", \.viaSync, doc: "deliveries by a periodic sync"),
        .int("via_startup", \.viaStartup, doc: "deliveries by the startup sync of a device that was offline"),
        .int("perm_attempts", \.permAttempts, doc: "requests for a permanent connection"),
        .int("perm_refused", \.permRefused, doc: "requests refused at the cap"),
        .number("perm_blocking", \.permBlocking, unit: "share 0–1", doc: "perm_refused / perm_attempts"),
        .number("perm_in_use_mean", \.permInUseMean, unit: "connections", doc: "permanent connections held, time-weighted mean"),
        .number("perm_in_use_max", \.permInUseMax, unit: "connections", doc: "permanent connections held, maximum"),
        .int("syncs", \.syncs, doc: "sync sessions completed"),
        .number("sync_wait_mean_s", \.syncWaitMean, unit: "s", doc: "mean wait of a sync session for a worker"),
        .number("sync_wait_p99_s", \.syncWaitP99, unit: "s", doc: "99th percentile wait of a sync session for a worker"),
        .int("queue_length_max", \.queueLengthMax, unit: "sessions", doc: "largest number of sync sessions waiting for a worker at once"),
        .number("server_utilization", \.serverUtilization, unit: "share 0–1", doc: "time-weighted mean busy workers / syncWorkers"),
        .int("connections_refused", \.connectionsRefused, doc: "sync connections refused (full backlog or outage)"),
        .int("wake_sent", \.wakeSent, doc: "UDP 15000 packets sent"),
        .int("wake_lost", \.wakeLost, doc: "packets to online devices that did not arrive (loss or unreachable)"),
        .int("wake_to_offline", \.wakeToOffline, doc: "packets sent to devices that were actually off"),
        .number("status_stale_mean_s", \.statusStaleMean, unit: "s", doc: "mean time from a device going off to the server marking it off (or to its return)"),
        .uint("events", \.events, doc: "events the engine handled (warm-up included)"),
    ]
}
