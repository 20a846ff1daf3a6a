import KSCRecords
import KSCSupport

extension RunFolderReport {
    /// Each link bytes crossed (from links.csv), when the run had bytes on the wire.
    func linkTable() -> String {
        guard let links, !links.rows.isEmpty else { return "" }
        let names = HTML.unique(links.rows.map { links.text($0, "link") })
        let figures: [(column: String, label: String, unit: String, scale: Double)] = [
            ("bytes_down", "GB towards devices", "GB", 1e-9), ("bytes_up", "GB from devices", "GB", 1e-9),
            ("mean_mbps", "mean Mbit/s", "Mbit/s", 1), ("peak_mbps", "busiest minute, Mbit/s", "Mbit/s", 1),
            ("utilization", "utilization", "share 0–1", 1), ("time_saturated_share", "time full", "share 0–1", 1),
        ]
        let rows = names.map { name -> [String] in
            let mine = links.rows(where: ["link": name])
            let first = mine.first ?? []
            let rate = links.number(first, "capacity_mbps")
            return [
                "<code>\(HTML.escape(name))</code>", HTML.escape(links.text(first, "kind")),
                rate.isFinite ? FigureText.plain(rate) : "unlimited", HTML.escape(links.text(first, "devices")),
            ]
                + figures.map { figure in
                    let (mean, half) = ReplicationMean.point(
                        mine.map { links.number($0, figure.column) * figure.scale })
                    return
                        "<span class=\"num\">\(mean.isFinite ? FigureText.value(mean, unit: figure.unit) : "—")\(half.isFinite ? " " + FigureText.halfWidth(half, unit: figure.unit) : "")</span>"
                }
        }
        return
            "<h2>Links</h2>\n<p>From <code>links.csv</code>: each link downloads crossed, with its bytes, its mean and busiest-minute rate towards devices, and the share of the time its whole rate was given to downloads; means over replications with 95% intervals; — where a figure does not apply (an unlimited link has no utilization). Sync sessions are counted on the links, not limited.</p>\n"
            + HTML.table(["link", "kind", "rate, Mbit/s", "devices"] + figures.map(\.label), rows)
    }
}
