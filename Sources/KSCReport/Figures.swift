import Foundation
import KSCRecords
import KSCStatistics
import KSCSupport

/// Formats a figure for the page by its unit: shares as percentages, seconds with a
/// readable duration beside them, counts as whole numbers.
enum FigureText {
    static func value(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "unknown" }
        if unit.hasPrefix("share") { return String(format: "%.2f%%", x * 100) }
        if unit == "s" { return plain(x) + " s" + (x >= 90 ? " (\(duration(x)))" : "") }
        return plain(x)
    }

    /// The half-width of an interval, in the unit of `value`.
    static func halfWidth(_ h: Double, unit: String) -> String {
        guard h.isFinite else { return "—" }
        // Rounding left in an interval of identical values is no spread.
        let h = abs(h) < 1e-9 ? 0 : h
        if unit.hasPrefix("share") { return "± " + String(format: "%.2f", h * 100) + " pp" }
        return "± " + plain(h) + (unit == "s" ? " s" : "")
    }

    /// Four significant digits, without exponents: `41320`, `0.1334`, `6.152`.
    static func plain(_ x: Double) -> String {
        if abs(x) >= 1000 { return String(Int(x.rounded())) }
        return ChartAxis.number(Double(String(format: "%.4g", x)) ?? x)
    }

    /// The unit a person reads `s` seconds in: ms below 1 s, s below 90 s, min below 1.5 h, h
    /// below 2 days, else days; with its length in seconds.
    static func durationUnit(_ s: Double) -> (seconds: Double, name: String) {
        if s < 1 { return (0.001, "ms") }
        if s < 90 { return (1, "s") }
        if s < 5400 { return (60, "min") }
        if s < 172_800 { return (3600, "h") }
        return (86400, "d")
    }

    /// `634` s as `10.6 min`, `43722` as `12.1 h`, `300000` as `3.5 d` (minutes at least).
    static func duration(_ s: Double) -> String {
        let unit = durationUnit(Swift.max(s, 90))
        return String(format: "%.1f ", s / unit.seconds) + unit.name
    }

    /// A figure in the words and units a person uses: a duration in s, min, h or d, a share
    /// in %, a count with thousands separators; "unknown" when it is not known.
    static func words(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "unknown" }
        if unit.hasPrefix("share") { return String(format: x < 0.001 && x > 0 ? "%.2f%%" : "%.1f%%", x * 100) }
        if unit == "s" {
            let (seconds, name) = durationUnit(x)
            let digits = name == "ms" || (name == "s" && x >= 10) ? "%.0f " : "%.1f "
            return String(format: digits, x / seconds) + name
        }
        return count(x)
    }

    /// The half-width of an interval in the unit `words` gives its mean (± 2.8 min beside
    /// 9.3 min, ± 0.6 pp beside a share); "—" when unknown.
    static func halfWidthWords(_ h: Double, mean: Double, unit: String) -> String {
        guard h.isFinite else { return "—" }
        guard unit == "s", mean.isFinite else { return halfWidth(h, unit: unit) }
        let (seconds, name) = durationUnit(mean)
        let x = h / seconds
        return "± " + ChartAxis.number(Double(String(format: "%.2g", x)) ?? x) + " " + name
    }

    /// `292800` as `292,800`; fractions with four significant digits.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "unknown" }
        guard x == x.rounded(), abs(x) < 1e15 else { return plain(x) }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: x)) ?? plain(x)
    }

    /// Names of figures in words (the reports show these, the column name in a tooltip).
    static let labels: [String: String] = [
        "pairs": "(task, device) pairs launched after the warm-up",
        "undelivered_share": "share of pairs still undelivered at the end",
        "latency_p50_s": "median latency (launch to device)", "latency_p95_s": "95th-percentile latency",
        "latency_p99_s": "99th-percentile latency", "latency_km_p95_s": "95th percentile, Kaplan–Meier estimate",
        "launch_reach_p95_s": "time until a launch reached 95% of its devices",
        "within_300s": "pairs reached within 5 minutes", "within_900s": "pairs reached within 15 minutes",
        "within_3600s": "pairs reached within an hour",
        "perm_without_share": "time without a permanent connection, of those wanting one",
        "perm_request_refused_share": "requests for a permanent connection refused",
        "server_utilization": "server utilization (mean)",
        "utilization_peak_15m": "server utilization, busiest 15 minutes",
        "time_saturated_share": "time the server was saturated (95% busy or more)",
        "sync_wait_mean_s": "mean wait of a sync for a worker", "sync_wait_p99_s": "99th-percentile wait for a worker",
        "queue_length_max": "longest queue at the server", "connections_refused": "connections refused",
        "refused_server_down": "refused: server down", "refused_backlog_full": "refused: backlog full",
        "refused_gateway": "refused at a gateway", "refused_connect_timeout": "refused: waited too long",
        "outage_recovery_p95_s": "time until 95% of devices synced after an outage",
        "wake_lost": "wake packets lost", "status_stale_mean_s": "time the server believes an off device on (mean)",
        "completion_p50_s": "median time until the payload is on the device",
        "completion_p95_s": "95th-percentile time until the payload is on the device",
        "uncompleted_share": "share of pairs not finished (payload not on the device) at the end",
        "server_uplink_peak_mbps": "busiest minute of the servers' uplink, Mbit/s",
        "server_uplink_utilization": "servers' uplink utilization (mean)",
    ]

    /// A figure's name in words (the column name when it has none).
    static func label(_ name: String) -> String { labels[name] ?? name }

    /// When a figure applies: the count that must be above 0 (else the figure is "n/a", not
    /// "unknown"): a percentile of latency needs pairs, a recovery needs an outage.
    static let appliesWhen: [String: String] = [
        "undelivered_share": "pairs", "latency_p50_s": "pairs", "latency_p95_s": "pairs", "latency_p99_s": "pairs",
        "latency_km_p95_s": "pairs", "launch_reach_p95_s": "tasks_launched", "within_300s": "pairs",
        "within_900s": "pairs", "within_3600s": "pairs", "perm_without_share": "perm_wanting_mean",
        "perm_request_refused_share": "perm_requests", "outage_recovery_p95_s": "outages_ended",
        "refused_gateway": "gateway_arrivals", "completion_p50_s": "pairs", "completion_p95_s": "pairs",
        "uncompleted_share": "pairs",
    ]

    /// The summary column `name`'s declaration.
    static func column(_ name: String) -> Column<SummaryRecord>? { SummaryRecord.columns.first { $0.name == name } }
}

/// Means over replications with a Student-t interval; unknown (NaN) when any replication's
/// value is unknown, so that a figure never silently drops a replication.
enum ReplicationMean {
    static func point(_ values: [Double], level: Double = 0.95) -> (mean: Double, halfWidth: Double) {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return (.nan, .nan) }
        let ci = ConfidenceInterval(values, level: level)
        return (ci.mean, values.count > 1 ? ci.halfWidth : .nan)
    }
}
