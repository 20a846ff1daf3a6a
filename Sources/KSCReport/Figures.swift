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
        if unit.hasPrefix("share") { return "± " + String(format: "%.2f", h * 100) + " pp" }
        return "± " + plain(h) + (unit == "s" ? " s" : "")
    }

    /// Four significant digits, without exponents: `41320`, `0.1334`, `6.152`.
    static func plain(_ x: Double) -> String {
        if abs(x) >= 1000 { return String(Int(x.rounded())) }
        return ChartAxis.number(Double(String(format: "%.4g", x)) ?? x)
    }

    /// `634` s as `10.6 min`, `43722` as `12.1 h`, `300000` as `3.5 d`.
    static func duration(_ s: Double) -> String {
        if s < 5400 { return String(format: "%.1f min", s / 60) }
        if s < 172_800 { return String(format: "%.1f h", s / 3600) }
        return String(format: "%.1f d", s / 86400)
    }

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
