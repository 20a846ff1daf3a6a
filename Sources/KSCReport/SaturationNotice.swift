import Foundation
import KSCScenario

/// The warning at the top of a report when the system a folder describes was saturated: a
/// run's replications, or a sweep's points, whose `saturated` is 1 (a server or gateway spent
/// more than `saturationLimit` of its time at or above 95% utilization).
enum SaturationNotice {
    static func html(folder: String, isSweep: Bool, scenario: Scenario) throws -> String {
        let limit = String(format: "%g%%", scenario.saturationLimit * 100)
        let what: String
        if isSweep {
            guard let table = try ResultTable.aggregate(folder: folder), table.has("saturated_mean")
            else { return "" }
            let points = table.rows.filter { table.number($0, "saturated_mean") > 0 }
            guard !points.isEmpty else { return "" }
            let worst = points.map { table.number($0, "time_saturated_share_mean") }.filter(\.isFinite).max() ?? .nan
            let numbers = points.map { table.text($0, "point") }
            what =
                "\(points.count) of \(table.rows.count) points (\(numbers.prefix(12).joined(separator: ", "))\(numbers.count > 12 ? ", …" : "")) were saturated in at least one replication; the worst spent \(percent(worst)) of its time at or above 95% utilization on average"
        } else {
            guard let table = try ResultTable.optional(folder + "/summary.csv"), table.has("saturated") else {
                return ""
            }
            let saturated = table.rows.filter { table.number($0, "saturated") == 1 }
            guard !saturated.isEmpty else { return "" }
            let worst = saturated.map { table.number($0, "time_saturated_share") }.filter(\.isFinite).max() ?? .nan
            let node = try busiestNode(folder)
            what =
                "\(saturated.count) of \(table.rows.count) replications were saturated: \(node.map { "\(HTML.escape($0)) " } ?? "a server or gateway ")spent up to \(percent(worst)) of its time at or above 95% utilization"
        }
        return
            "<p class=\"warning\"><strong>The system was overloaded.</strong> \(what) (more than saturationLimit, \(limit)). Its latencies, waits and refusals describe an overloaded server: see <code>time_saturated_share</code>, <code>utilization_peak_15m</code> and the refusals by cause.</p>"
    }

    /// The node with the largest `time_saturated_share` in `nodes.csv`, as "server NAME".
    static func busiestNode(_ folder: String) throws -> String? {
        guard let nodes = try ResultTable.optional(folder + "/nodes.csv"), nodes.has("time_saturated_share") else {
            return nil
        }
        let best = nodes.rows.max {
            let a = nodes.number($0, "time_saturated_share")
            let b = nodes.number($1, "time_saturated_share")
            return (a.isFinite ? a : -1) < (b.isFinite ? b : -1)
        }
        return best.map { "\(nodes.text($0, "kind")) \(nodes.text($0, "name"))" }
    }

    static func percent(_ share: Double) -> String {
        share.isFinite ? String(format: "%.1f%%", share * 100) : "an unknown share"
    }
}
