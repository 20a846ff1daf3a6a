import KSCSupport

/// One row of `summary.csv`: the results of one replication. Each field is declared
/// once more as a column below (name, unit, meaning), which drives the CSV header, the
/// aggregate's metrics and the reference table. Times in seconds.
public struct SummaryRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    public var seed: UInt64 = 0
    /// `seed` as summary.csv writes it: `0x` and 16 hexadecimal digits.
    public var seedText: String {
        let digits = String(seed, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
    public var devices = 0
    public var horizonSeconds = 0.0
    public var tasksLaunched = 0
    public var pairs = 0, deliveries = 0, undelivered = 0
    public var undeliveredShare = 0.0, censoredAfter = 0.0
    public var latencyP50 = 0.0, latencyP90 = 0.0, latencyP95 = 0.0, latencyP99 = 0.0, latencyMean = 0.0,
        latencyMax = 0.0
    public var deliveredLatencyMean = 0.0, deliveredLatencyMax = 0.0
    public var launchReachP50 = Double.nan, launchReachP90 = Double.nan, launchReachP95 = Double.nan
    public var launchReachP99 = Double.nan
    public var outagesEnded = 0
    public var outageRecoveryP50 = Double.nan, outageRecoveryP90 = Double.nan, outageRecoveryP95 = Double.nan
    public var outageRecoveryP99 = Double.nan
    public var kmP50 = Double.nan, kmP50Low = Double.nan, kmP50High = Double.nan
    public var kmP90 = Double.nan, kmP90Low = Double.nan, kmP90High = Double.nan
    public var kmP95 = Double.nan, kmP95Low = Double.nan, kmP95High = Double.nan
    public var kmP99 = Double.nan, kmP99Low = Double.nan, kmP99High = Double.nan
    public var within60 = 0.0, within300 = 0.0, within900 = 0.0, within3600 = 0.0
    public var viaPush = 0, viaWake = 0, viaSync = 0, viaStartup = 0, viaFCM = 0
    public var permWantingMean = 0.0, permWithoutMean = 0.0, permWithoutShare = 0.0
    public var permRequests = 0, permRequestsRefused = 0, permRequestRefusedShare = 0.0
    public var permInUseMean = 0.0, permInUseMax = 0.0
    public var pushRequests = 0, pushRequestsRefused = 0, pushInUseMean = 0.0, pushInUseMax = 0.0
    public var syncs = 0
    public var realSyncs = 0, heartbeatsReceived = 0, heartbeatsRejected = 0
    public var syncBytesIn = 0.0, syncBytesOut = 0.0, egressGBPerDay = Double.nan, egressGBPer30d = Double.nan
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
    public var fcmSent = 0, fcmRefused = 0, fcmLost = 0, fcmExpired = 0
    public var statusStaleMean = 0.0
    public var events: UInt64 = 0
    public var completionP50 = Double.nan, completionP90 = Double.nan, completionP95 = Double.nan
    public var completionP99 = Double.nan, completionMean = Double.nan, uncompletedShare = Double.nan
    public var payloadBytesOut = 0.0, updateSourceFetches = 0, egressCostPer30d = Double.nan
    public var serverUplinkPeakMbps = Double.nan, serverUplinkUtilization = Double.nan

    public init() {}

    /// The columns, in file order: the latency figures, then the server figures
    /// (`SummaryRecord+ServerColumns.swift`), then bytes on the wire
    /// (`SummaryRecord+TransferColumns.swift`).
    public static let columns: [Column<SummaryRecord>] = latencyColumns + serverColumns + transferColumns

    static let latencyColumns: [Column<SummaryRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based", aggregated: false),
        .text(
            "seed", \.seedText,
            doc:
                "seed of this replication's streams, written 0x and 16 hexadecimal digits: text, so that a spreadsheet keeps every digit (a 20-digit number would lose the last five)"
        ),
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
            "launch_reach_p50_s", \.launchReachP50, unit: "s",
            doc:
                "mean over launches after the warm-up of the time from a launch until 50% of the devices it targets had been handed the task (at the end of their sync or a push; the answer's RTT/2 not included); empty when any launch had not got there by the horizon, or none was made"
        ),
        .number(
            "launch_reach_p90_s", \.launchReachP90, unit: "s",
            doc:
                "mean over launches after the warm-up of the time from a launch until 90% of the devices it targets had been handed the task (at the end of their sync or a push; the answer's RTT/2 not included); empty when any launch had not got there by the horizon, or none was made"
        ),
        .number(
            "launch_reach_p95_s", \.launchReachP95, unit: "s",
            doc:
                "mean over launches after the warm-up of the time from a launch until 95% of the devices it targets had been handed the task (at the end of their sync or a push; the answer's RTT/2 not included); empty when any launch had not got there by the horizon, or none was made"
        ),
        .number(
            "launch_reach_p99_s", \.launchReachP99, unit: "s",
            doc:
                "mean over launches after the warm-up of the time from a launch until 99% of the devices it targets had been handed the task (at the end of their sync or a push; the answer's RTT/2 not included); empty when any launch had not got there by the horizon, or none was made"
        ),
        .int(
            "outages_ended", \.outagesEnded,
            doc: "server outages that ended after the warm-up (a physical server's restarts restart its virtual ones)"),
        .number(
            "outage_recovery_p50_s", \.outageRecoveryP50, unit: "s",
            doc:
                "mean over those outages of the time from an outage's end until 50% of the devices online then (of its servers) had completed a sync; a device that went off first counts as never; empty when an outage had not got there before the next one or the horizon, or none ended"
        ),
        .number(
            "outage_recovery_p90_s", \.outageRecoveryP90, unit: "s",
            doc:
                "mean over those outages of the time from an outage's end until 90% of the devices online then (of its servers) had completed a sync; a device that went off first counts as never; empty when an outage had not got there before the next one or the horizon, or none ended"
        ),
        .number(
            "outage_recovery_p95_s", \.outageRecoveryP95, unit: "s",
            doc:
                "mean over those outages of the time from an outage's end until 95% of the devices online then (of its servers) had completed a sync; a device that went off first counts as never; empty when an outage had not got there before the next one or the horizon, or none ended"
        ),
        .number(
            "outage_recovery_p99_s", \.outageRecoveryP99, unit: "s",
            doc:
                "mean over those outages of the time from an outage's end until 99% of the devices online then (of its servers) had completed a sync; a device that went off first counts as never; empty when an outage had not got there before the next one or the horizon, or none ended"
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
        .int("via_fcm", \.viaFCM, doc: "deliveries by a sync that an FCM push started (0 without FCM)"),
    ]
}
