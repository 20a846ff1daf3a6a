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
    public var pairs = 0, deliveries = 0, undelivered = 0
    public var undeliveredShare = 0.0, censoredAfter = 0.0
    public var latencyP50 = 0.0, latencyP90 = 0.0, latencyP95 = 0.0, latencyP99 = 0.0, latencyMean = 0.0,
        latencyMax = 0.0
    public var deliveredLatencyMean = 0.0, deliveredLatencyMax = 0.0
    public var kmP50 = Double.nan, kmP50Low = Double.nan, kmP50High = Double.nan
    public var kmP90 = Double.nan, kmP90Low = Double.nan, kmP90High = Double.nan
    public var kmP95 = Double.nan, kmP95Low = Double.nan, kmP95High = Double.nan
    public var kmP99 = Double.nan, kmP99Low = Double.nan, kmP99High = Double.nan
    public var within60 = 0.0, within300 = 0.0, within900 = 0.0, within3600 = 0.0
    public var viaPush = 0, viaWake = 0, viaSync = 0, viaStartup = 0
    public var permWantingMean = 0.0, permWithoutMean = 0.0, permWithoutShare = 0.0
    public var permRequests = 0, permRequestsRefused = 0, permRequestRefusedShare = 0.0
    public var permInUseMean = 0.0, permInUseMax = 0.0
    public var pushRequests = 0, pushRequestsRefused = 0, pushInUseMean = 0.0, pushInUseMax = 0.0
    public var syncs = 0
    public var syncWaitMean = 0.0, syncWaitP99 = 0.0
    public var queueLengthMax = 0
    public var serverUtilization = 0.0
    public var connectionsRefused = 0
    public var serverArrivals = 0, refusedServerDown = 0, refusedServerDownShare = 0.0
    public var refusedBacklogFull = 0, refusedBacklogFullShare = 0.0
    public var gatewayArrivals = 0, refusedGateway = 0, refusedGatewayShare = 0.0
    public var sessionsQueued = 0, refusedConnectTimeout = 0, refusedConnectTimeoutShare = 0.0
    public var pushRequestRefusedShare = 0.0
    public var utilizationPeak15m = Double.nan, timeSaturatedShare = Double.nan
    public var saturated = 0
    public var wakeSent = 0, wakeLost = 0, wakeToOffline = 0
    public var pushLost = 0
    public var statusStaleMean = 0.0
    public var events: UInt64 = 0

    public init() {}

    public static let columns: [Column<SummaryRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based", aggregated: false),
        .uint("seed", \.seed, unit: "integer", doc: "seed of this replication's streams", aggregated: false),
        .int("devices", \.devices, doc: "devices simulated"),
        .number("horizon_s", \.horizonSeconds, unit: "s", doc: "simulated time"),
        .int(
            "tasks_launched", \.tasksLaunched,
            doc: "task launches after the warm-up (including launches an outage still defers at the horizon)"),
        .int(
            "pairs", \.pairs,
            doc:
                "(task, device) pairs: each launch after the warm-up times the devices it targets; the denominator of every latency figure"
        ),
        .int("deliveries", \.deliveries, doc: "pairs delivered by the horizon"),
        .int("undelivered", \.undelivered, doc: "pairs not delivered at the horizon"),
        .number("undelivered_share", \.undeliveredShare, unit: "share 0–1", doc: "undelivered / pairs"),
        .number(
            "censored_after_s", \.censoredAfter, unit: "s",
            doc:
                "shortest wait of an undelivered pair at the horizon (horizon − its launch); empty when every pair was delivered"
        ),
        .number(
            "latency_p50_s", \.latencyP50, unit: "s",
            doc:
                "median latency over all pairs; empty (unknown) when its rank falls among undelivered pairs or beyond censored_after_s"
        ),
        .number(
            "latency_p90_s", \.latencyP90, unit: "s", doc: "90th percentile over all pairs; empty when unknown (as p50)"
        ),
        .number(
            "latency_p95_s", \.latencyP95, unit: "s", doc: "95th percentile over all pairs; empty when unknown (as p50)"
        ),
        .number(
            "latency_p99_s", \.latencyP99, unit: "s", doc: "99th percentile over all pairs; empty when unknown (as p50)"
        ),
        .number(
            "latency_km_p50_s", \.kmP50, unit: "s",
            doc:
                "estimate: the Kaplan–Meier median of the latency over all pairs, undelivered pairs censored at horizon − launch; known where latency_p50_s may not be; empty beyond what was observed"
        ),
        .number(
            "latency_km_p50_low_s", \.kmP50Low, unit: "s",
            doc: "lower 95% bound of latency_km_p50_s (Greenwood's variance, Brookmeyer–Crowley)"),
        .number(
            "latency_km_p50_high_s", \.kmP50High, unit: "s",
            doc: "upper 95% bound of latency_km_p50_s; empty when the band never gets below the level (unbounded)"),
        .number(
            "latency_km_p90_s", \.kmP90, unit: "s",
            doc:
                "estimate: the Kaplan–Meier 90th percentile of the latency over all pairs, undelivered pairs censored at horizon − launch; known where latency_p90_s may not be; empty beyond what was observed"
        ),
        .number(
            "latency_km_p90_low_s", \.kmP90Low, unit: "s",
            doc: "lower 95% bound of latency_km_p90_s (Greenwood's variance, Brookmeyer–Crowley)"),
        .number(
            "latency_km_p90_high_s", \.kmP90High, unit: "s",
            doc: "upper 95% bound of latency_km_p90_s; empty when the band never gets below the level (unbounded)"),
        .number(
            "latency_km_p95_s", \.kmP95, unit: "s",
            doc:
                "estimate: the Kaplan–Meier 95th percentile of the latency over all pairs, undelivered pairs censored at horizon − launch; known where latency_p95_s may not be; empty beyond what was observed"
        ),
        .number(
            "latency_km_p95_low_s", \.kmP95Low, unit: "s",
            doc: "lower 95% bound of latency_km_p95_s (Greenwood's variance, Brookmeyer–Crowley)"),
        .number(
            "latency_km_p95_high_s", \.kmP95High, unit: "s",
            doc: "upper 95% bound of latency_km_p95_s; empty when the band never gets below the level (unbounded)"),
        .number(
            "latency_km_p99_s", \.kmP99, unit: "s",
            doc:
                "estimate: the Kaplan–Meier 99th percentile of the latency over all pairs, undelivered pairs censored at horizon − launch; known where latency_p99_s may not be; empty beyond what was observed"
        ),
        .number(
            "latency_km_p99_low_s", \.kmP99Low, unit: "s",
            doc: "lower 95% bound of latency_km_p99_s (Greenwood's variance, Brookmeyer–Crowley)"),
        .number(
            "latency_km_p99_high_s", \.kmP99High, unit: "s",
            doc: "upper 95% bound of latency_km_p99_s; empty when the band never gets below the level (unbounded)"),
        .number(
            "latency_mean_s", \.latencyMean, unit: "s",
            doc: "mean latency over all pairs; empty when any pair is undelivered"),
        .number(
            "latency_max_s", \.latencyMax, unit: "s",
            doc: "largest latency over all pairs; empty when any pair is undelivered"),
        .number(
            "delivered_latency_mean_s", \.deliveredLatencyMean, unit: "s",
            doc: "mean latency of the delivered pairs only (leaves out the undelivered ones)"),
        .number(
            "delivered_latency_max_s", \.deliveredLatencyMax, unit: "s",
            doc: "largest latency of the delivered pairs only"),
        .number(
            "within_60s", \.within60, unit: "share 0–1",
            doc: "pairs reached within 1 minute / pairs launched at least 1 minute before the horizon"),
        .number(
            "within_300s", \.within300, unit: "share 0–1",
            doc: "pairs reached within 5 minutes / pairs launched at least 5 minutes before the horizon"),
        .number(
            "within_900s", \.within900, unit: "share 0–1",
            doc: "pairs reached within 15 minutes / pairs launched at least 15 minutes before the horizon"),
        .number(
            "within_3600s", \.within3600, unit: "share 0–1",
            doc: "pairs reached within 60 minutes / pairs launched at least 60 minutes before the horizon"),
        .int("via_push", \.viaPush, doc: "deliveries pushed over a held connection"),
        .int("via_wake", \.viaWake, doc: "deliveries by a sync that a UDP 15000 packet started"),
        .int("via_sync", \.viaSync, doc: "deliveries by a periodic sync"),
        .int("via_startup", \.viaStartup, doc: "deliveries by the startup sync of a device that was offline"),
        .number(
            "perm_wanting_mean", \.permWantingMean, unit: "devices",
            doc: "online devices that want a permanent connection (Keep connection, no push server), time-weighted mean"
        ),
        .number(
            "perm_without_mean", \.permWithoutMean, unit: "devices",
            doc: "of those, devices holding none, time-weighted mean"),
        .number(
            "perm_without_share", \.permWithoutShare, unit: "share 0–1",
            doc: "perm_without_mean / perm_wanting_mean: share of their online time without a permanent connection"),
        .int(
            "perm_requests", \.permRequests,
            doc: "requests for a permanent connection (a refused device asks again at each sync)"),
        .int("perm_requests_refused", \.permRequestsRefused, doc: "requests refused at the cap"),
        .number(
            "perm_request_refused_share", \.permRequestRefusedShare, unit: "share 0–1",
            doc: "perm_requests_refused / perm_requests (per request, not per device)"),
        .number(
            "perm_in_use_mean", \.permInUseMean, unit: "connections",
            doc: "permanent connections held, time-weighted mean"),
        .number("perm_in_use_max", \.permInUseMax, unit: "connections", doc: "permanent connections held, maximum"),
        .int("push_requests", \.pushRequests, doc: "requests for a push-server connection"),
        .int(
            "push_requests_refused", \.pushRequestsRefused, doc: "requests refused because every push server was full"),
        .number(
            "push_in_use_mean", \.pushInUseMean, unit: "connections",
            doc: "push-server connections held, time-weighted mean"),
        .number("push_in_use_max", \.pushInUseMax, unit: "connections", doc: "push-server connections held, maximum"),
        .int("syncs", \.syncs, doc: "sync sessions completed"),
        .number(
            "sync_wait_mean_s", \.syncWaitMean, unit: "s",
            doc: "mean wait of a sync session for a worker (sessions that started service)"),
        .number(
            "sync_wait_p99_s", \.syncWaitP99, unit: "s", doc: "99th percentile wait of a sync session for a worker"),
        .int(
            "queue_length_max", \.queueLengthMax, unit: "sessions",
            doc: "largest number of sync sessions waiting for a worker at once"),
        .number(
            "server_utilization", \.serverUtilization, unit: "share 0–1",
            doc: "time-weighted mean busy workers / syncWorkers"),
        .number(
            "utilization_peak_15m", \.utilizationPeak15m, unit: "share 0–1",
            doc:
                "the highest utilization over 15 consecutive minutes after the warm-up, of any server or gateway (nodes.csv has each node's)"
        ),
        .number(
            "time_saturated_share", \.timeSaturatedShare, unit: "share 0–1",
            doc:
                "the largest share of time, over servers and gateways, spent at or above 95% utilization (1-minute windows after the warm-up); empty when the run is shorter than one window"
        ),
        .int(
            "saturated", \.saturated, unit: "0 or 1",
            doc:
                "1 when time_saturated_share > saturationLimit: the system described was overloaded, and its other figures describe an overloaded system"
        ),
        .int(
            "connections_refused", \.connectionsRefused,
            doc:
                "sync connections refused, first tries and retries: the sum of the four `refused_*` causes below (held-connection requests refused are `perm_requests_refused` and `push_requests_refused`)"
        ),
        .int(
            "server_arrivals", \.serverArrivals,
            doc:
                "sync connections that reached a server (first tries and retries): the denominator of the server causes"
        ),
        .int(
            "refused_server_down", \.refusedServerDown,
            doc:
                "refused because the server was in an outage: on arrival, waiting in the backlog when it started, or in service across its start"
        ),
        .number(
            "refused_server_down_share", \.refusedServerDownShare, unit: "share 0–1",
            doc: "refused_server_down / server_arrivals (empty when none arrived)"),
        .int(
            "refused_backlog_full", \.refusedBacklogFull, doc: "refused on arrival: every worker busy, the backlog full"
        ),
        .number(
            "refused_backlog_full_share", \.refusedBacklogFullShare, unit: "share 0–1",
            doc: "refused_backlog_full / server_arrivals (empty when none arrived)"),
        .int(
            "gateway_arrivals", \.gatewayArrivals,
            doc: "sync connections that reached a connection gateway (first tries and retries)"),
        .int(
            "refused_gateway", \.refusedGateway,
            doc:
                "refused by a gateway that was full, down or cut off from its server, or cut off while they were in flight"
        ),
        .number(
            "refused_gateway_share", \.refusedGatewayShare, unit: "share 0–1",
            doc: "refused_gateway / gateway_arrivals (empty without gateways)"),
        .int(
            "sessions_queued", \.sessionsQueued,
            doc: "sync sessions that found every worker busy and waited in the backlog"),
        .int(
            "refused_connect_timeout", \.refusedConnectTimeout,
            doc: "sessions that waited in the backlog longer than `connectTimeout` and gave up (0 when it is 0)"),
        .number(
            "refused_connect_timeout_share", \.refusedConnectTimeoutShare, unit: "share 0–1",
            doc: "refused_connect_timeout / sessions_queued (empty when none waited)"),
        .number(
            "push_request_refused_share", \.pushRequestRefusedShare, unit: "share 0–1",
            doc: "push_requests_refused / push_requests (empty without push-server requests)"),
        .int("wake_sent", \.wakeSent, doc: "UDP 15000 packets sent"),
        .int("wake_lost", \.wakeLost, doc: "packets to online devices that did not arrive (loss or unreachable)"),
        .int("wake_to_offline", \.wakeToOffline, doc: "packets sent to devices that were actually off"),
        .int(
            "push_lost", \.pushLost,
            doc:
                "(task, device) pairs pushed, at launch, over a held connection whose device had gone off abruptly (the server still counts it held until deadConnectionTimeout): the push is lost and the task waits for the device's next sync; out of `pairs`"
        ),
        .number(
            "status_stale_mean_s", \.statusStaleMean, unit: "s",
            doc:
                "mean time from a device going off (after the warm-up) to the server marking it off, or to its return if sooner"
        ),
        .uint(
            "events", \.events,
            doc:
                "model events the engine handled (warm-up included; time-series samples are not counted): a periodic sync is two, its arrival and the end of its session (one when sessions take no time), more through a gateway"
        ),
    ]
}
