import KSCSupport

extension SummaryRecord {
    /// Completion (delivery, then the payload's download) and the links: empty (or 0) when no
    /// task carries a payload and no link has a rate, so that such runs say "not applicable".
    /// The names of `transferColumns`: left out of the files of runs without bytes on the wire.
    public static let transferColumnNames = Set(transferColumns.map(\.name))

    /// The columns summary.csv and sweep.csv write: all of them with bytes on the wire (a
    /// payload or a link rate), else all but the transfer columns (empty or 0 in such runs),
    /// so that the files of scenarios without bytes stay as they were.
    public static func columns(bytes: Bool) -> [Column<SummaryRecord>] {
        bytes ? columns : columns.filter { !transferColumnNames.contains($0.name) }
    }

    static let transferColumns: [Column<SummaryRecord>] = [
        .number(
            "completion_p50_s", \.completionP50, unit: "s",
            doc:
                "median completion latency (launch to the payload on the device; a task without payload completes when it starts) over every targeted pair, finished or not; empty when unknown (censored as latency_p50_s) or when no task carries a payload"
        ),
        .number("completion_p90_s", \.completionP90, unit: "s", doc: "90th percentile, as completion_p50_s"),
        .number("completion_p95_s", \.completionP95, unit: "s", doc: "95th percentile, as completion_p50_s"),
        .number("completion_p99_s", \.completionP99, unit: "s", doc: "99th percentile, as completion_p50_s"),
        .number(
            "completion_mean_s", \.completionMean, unit: "s",
            doc: "mean completion latency; empty when any pair is unfinished at the horizon, or without payloads"),
        .number(
            "uncompleted_share", \.uncompletedShare, unit: "share 0–1",
            doc:
                "pairs not finished at the horizon (undelivered, or delivered with the download not done) / pairs; empty without payloads"
        ),
        .number(
            "payload_bytes_out", \.payloadBytesOut, unit: "bytes",
            doc:
                "payload bytes the servers sent after the warm-up, to devices and to update sources (0 without payloads)"
        ),
        .int(
            "update_source_fetches", \.updateSourceFetches,
            doc: "payloads update sources fetched from the server after the warm-up (each launch once per site)"),
        .number(
            "egress_cost_per_30d", \.egressCostPer30d, unit: "money/30 days",
            doc: "egress_gb_per_30d × traffic.pricePerGB; empty when no price is given"),
        .number(
            "server_uplink_peak_mbps", \.serverUplinkPeakMbps, unit: "Mbit/s",
            doc:
                "the highest 1-minute mean the servers sent after the warm-up (syncs and payloads; the largest of the servers); empty without payloads or link rates"
        ),
        .number(
            "server_uplink_utilization", \.serverUplinkUtilization, unit: "share 0–1",
            doc:
                "mean rate the servers sent / their uplink (the largest of the servers with an uplink); empty when no server has one"
        ),
    ]
}
