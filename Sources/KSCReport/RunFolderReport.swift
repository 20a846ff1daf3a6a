import Foundation
import KSCRecords
import KSCScenario
import KSCSupport

/// The report of a run folder (`kscsim run`): headline figures with intervals, how the
/// fleet is reached after a launch, the server and its permanent connections over time.
struct RunFolderReport {
    let folder: String
    let scenario: Scenario
    let summary: ResultTable
    let reach: ResultTable?
    /// The curves of timeseries.csv, read a chunk at a time.
    let timeseries: SeriesMeans?
    let nodes: ResultTable?
    /// links.csv, when the run had bytes on the wire.
    let links: ResultTable?
    let latency: ResultTable?

    /// The summary columns shown as headline figures, in order.
    static let headline = [
        "pairs", "undelivered_share", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_km_p95_s",
        "launch_reach_p95_s", "within_300s", "within_900s", "within_3600s", "perm_without_share",
        "perm_request_refused_share", "server_utilization", "utilization_peak_15m", "time_saturated_share",
        "sync_wait_mean_s", "sync_wait_p99_s", "queue_length_max", "connections_refused", "refused_server_down",
        "refused_backlog_full", "refused_gateway", "refused_connect_timeout", "outage_recovery_p95_s", "wake_lost",
        "status_stale_mean_s",
        // Bytes on the wire: in summary.csv only when a task carries a payload or a link has a rate.
        "completion_p50_s", "completion_p95_s", "uncompleted_share", "server_uplink_peak_mbps",
        "server_uplink_utilization",
    ]

    init(folder: String, scenario: Scenario) throws {
        self.folder = folder
        self.scenario = scenario
        summary = try ResultTable(path: folder + "/summary.csv")
        guard !summary.rows.isEmpty else {
            throw InputError(
                "\(folder)/summary.csv: no replication in it (a header only); the run did not finish: rerun kscsim run")
        }
        reach = try ResultTable.optional(folder + "/reach.csv")
        let seriesPath = folder + "/timeseries.csv"
        timeseries =
            FileManager.default.fileExists(atPath: seriesPath)
            ? try SeriesMeans(
                path: seriesPath, columns: ["perm_in_use", "perm_without", "queue_length", "busy_workers"],
                horizon: scenario.horizon) : nil
        nodes = try ResultTable.optional(folder + "/nodes.csv")
        links = try ResultTable.optional(folder + "/links.csv")
        latency = try ResultTable.optional(folder + "/latency.csv")
    }

    var replications: Int { summary.rows.count }

    func body() -> String {
        var out = [
            "<h2>Headline figures</h2>",
            "<p>Means over \(replications) replication\(replications == 1 ? "" : "s") with 95% Student-t intervals"
                + (replications < 2
                    ? " (one replication gives no interval: run with <code>--replications</code> 2 or more)" : "")
                + ". A figure unknown in any replication (a percentile whose rank falls among pairs still undelivered at the horizon) is shown as unknown, never averaged over the others. Each line says what it is out of.</p>",
        ]
        var rows: [[String]] = []
        for name in RunFolderReport.headline where summary.has(name) {
            guard let column = FigureText.column(name) else { continue }
            let values = summary.rows.map { summary.number($0, name) }
            let (mean, half) = ReplicationMean.point(values)
            // n/a: the figure does not apply (no pair, no outage, no one wanting a slot), in
            // every replication; unknown: it applies and is not known (censored pairs).
            let applies = FigureText.appliesWhen[name].map { count in
                summary.rows.contains { summary.number($0, count) > 0 }
            }
            let unknown = values.filter { !$0.isFinite }.count
            let note =
                unknown > 0 && unknown < values.count ? " (unknown in \(unknown) of \(values.count) replications)" : ""
            let shown =
                applies == false
                ? "n/a" : FigureText.words(mean, unit: column.unit) + (mean.isFinite ? "" : note)
            rows.append([
                "<span title=\"\(name)\">\(HTML.escape(FigureText.label(name)))</span> <code class=\"raw\">\(name)</code>",
                "<span class=\"num\" title=\"\(HTML.escape(FigureText.value(mean, unit: column.unit)))\">\(shown)</span>",
                FigureText.halfWidthWords(half, mean: mean, unit: column.unit), HTML.escape(column.unit),
                HTML.markdown(column.doc),
            ])
        }
        out.append(HTML.table(["figure", "mean", "95% interval", "unit", "meaning and denominator"], rows))
        out.append(ClassTables.run(latency, classes: scenario.classes.map(\.name)))
        out.append(nodeTable())
        out.append(linkTable())
        out.append("<h2>How the fleet is reached after a launch</h2>")
        if let reach {
            out.append(
                figure(
                    reachChart(reach, by: "path"), id: "reach-path",
                    caption:
                        "Share of all targeted (task, device) pairs reached within a time of their launch, by delivery path (every class). The denominator is every targeted pair, delivered or not, so the paths add up to <em>all</em>. A curve stops where the share is unknown (beyond the shortest wait of a pair still undelivered at the horizon). \(errorBarText)"
                ))
            out.append(
                figure(
                    reachChart(reach, by: "class"), id: "reach-class",
                    caption:
                        "The same share by device class (every path); each class's own targeted pairs are its denominator. \(errorBarText)"
                ))
        } else {
            out.append(
                "<p class=\"note\">This folder has no <code>reach.csv</code> (written by kscsim 0.1.0 builds after November 2026): rerun the scenario to see these figures.</p>"
            )
        }
        out.append("<h2>The server and its permanent connections over time</h2>")
        if let timeseries {
            out.append(
                figure(
                    Self.timeChart(
                        timeseries, title: "Permanent connections and devices waiting for one",
                        yLabel: "connections / devices",
                        series: [("perm_in_use", "connections held", 1), ("perm_without", "devices waiting", 1)]),
                    id: "permanent",
                    caption:
                        "Permanent (Keep connection) connections held at the Administration Server, against the cap of \(scenario.server.permanentConnectionCap), and devices waiting: online devices that want one and hold none; mean over replications at each sampling time.\(binNote)"
                ))
            out.append(
                figure(
                    Self.timeChart(
                        timeseries, title: "Sync sessions waiting for a worker", yLabel: "sessions",
                        series: [("queue_length", "queue length", 1)]),
                    id: "queue",
                    caption:
                        "Sync sessions waiting for one of the server's \(scenario.server.syncWorkers) workers (backlog \(scenario.server.backlog)); mean over replications at each sampling time. A burst between two samples does not show here: the summary's <code>queue_length_max</code> is the largest queue at any instant.\(binNote)"
                ))
            var utilization = Self.timeChart(
                timeseries, title: "Server utilization", yLabel: "busy workers / workers",
                series: [("busy_workers", "utilization", 1 / Double(max(scenario.server.syncWorkers, 1)))])
            utilization.yAxis = .linear(percent: true)
            utilization.yRange = 0...1
            out.append(
                figure(
                    utilization, id: "utilization",
                    caption:
                        "Busy sync workers over the \(scenario.server.syncWorkers) workers at each sampling time (the summary's <code>server_utilization</code> is its time-weighted mean after the warm-up).\(binNote)"
                ))
        } else {
            out.append(
                "<p class=\"note\">This folder has no <code>timeseries.csv</code>: run with <code>--timeseries 10m</code> to see the server's queue, its utilization and the permanent connections over time.</p>"
            )
        }
        return out.joined(separator: "\n")
    }

    /// Said under the time charts when a point stands for several sampling times.
    var binNote: String {
        guard let timeseries, timeseries.binned else { return "" }
        return
            " The file holds more sampling times than the chart can show: each point is the mean of the samples within \(FigureText.duration(timeseries.width)) (\(SeriesMeans.maximumPoints) bins over the horizon)."
    }

    var errorBarText: String {
        replications > 1
            ? "Points are means over \(replications) replications; bars are 95% intervals."
            : "One replication: no intervals."
    }

    func figure(_ chart: LineChart, id: String, caption: String) -> String {
        guard !chart.isEmpty else {
            return "<p class=\"note\">\(HTML.escape(chart.title)): nothing to draw (no known value).</p>"
        }
        return "<figure>\n\(chart.svg(id: id))\n<figcaption>\(caption)</figcaption>\n</figure>"
    }

    /// Reach curves: by path (class `all`) or by class (path `all`), means over replications.
    func reachChart(_ table: ResultTable, by dimension: String) -> LineChart {
        let names: [String]
        if dimension == "path" {
            names =
                ["all"]
                + DeliveryPath.allCases.map(\.description).filter { p in
                    table.rows(where: ["class": "all", "path": p]).contains { table.number($0, "reached") > 0 }
                }
        } else {
            names = scenario.classes.map(\.name) + ["all"]
        }
        let times = Array(Set(table.rows.map { table.number($0, "after_s") })).filter(\.isFinite).sorted()
        let series = names.map { name -> ChartSeries in
            let rows = table.rows(
                where: dimension == "path" ? ["class": "all", "path": name] : ["class": name, "path": "all"])
            let points = times.map { t -> ChartPoint in
                let values = rows.filter { table.number($0, "after_s") == t }.map { table.number($0, "reached_share") }
                let (mean, half) = ReplicationMean.point(values)
                return ChartPoint(x: t, y: mean, halfWidth: half)
            }
            return ChartSeries(
                name: dimension == "path" && name == "all" ? "all paths" : name == "all" ? "all classes" : name,
                points: points)
        }
        var chart = LineChart(
            title: dimension == "path"
                ? "Share of targeted pairs reached, by path" : "Share of targeted pairs reached, by class",
            xLabel: "time after the launch (log scale)", yLabel: "share of targeted pairs", xAxis: .logSeconds,
            series: series)
        chart.yAxis = .linear(percent: true)
        chart.yRange = 0...1
        return chart
    }

    /// Time-series curves (mean over replications at each sampling time), each column scaled.
    static func timeChart(_ table: SeriesMeans, title: String, yLabel: String, series: [(String, String, Double)])
        -> LineChart
    {
        let lines = series.map { column, name, scale in
            ChartSeries(name: name, points: table.points(column, scale: scale).map { ChartPoint(x: $0.x, y: $0.y) })
        }
        return LineChart(
            title: title, xLabel: "simulated time (0 = Monday 00:00)", yLabel: yLabel, xAxis: .seconds, series: lines)
    }

    /// Each server, gateway and relay (from nodes.csv), when there is more than one server.
    func nodeTable() -> String {
        guard let nodes else { return "" }
        // A node is its kind and name (a server and its uplink's link row may share a name).
        let names = HTML.unique(nodes.rows.map { nodes.text($0, "kind") + "\u{1}" + nodes.text($0, "name") })
        guard names.count > 1 else { return "" }
        let figures: [(String, String)] = [
            ("utilization", "share 0–1"), ("utilization_peak_15m", "share 0–1"), ("time_saturated_share", "share 0–1"),
            ("connections_refused", "count"), ("slots_held_mean", "connections"),
            ("slots_held_max", "connections"), ("wake_sent", "count"), ("wake_lost", "count"),
        ]
        let rows = names.map { key -> [String] in
            let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let name = parts[1]
            let mine = nodes.rows(where: ["kind": parts[0], "name": name])
            let first = mine.first ?? []
            return [
                HTML.escape(nodes.text(first, "kind")), "<code>\(HTML.escape(name))</code>",
                HTML.escape(nodes.text(first, "server")), HTML.escape(nodes.text(first, "devices")),
            ]
                + figures.map { column, unit in
                    let (mean, half) = ReplicationMean.point(mine.map { nodes.number($0, column) })
                    return
                        "<span class=\"num\">\(mean.isFinite ? FigureText.value(mean, unit: unit) : "—")\(half.isFinite ? " " + FigureText.halfWidth(half, unit: unit) : "")</span>"
                }
        }
        return
            "<h2>Servers, gateways and relays</h2>\n<p>From <code>nodes.csv</code>: means over replications with 95% intervals; — where a figure does not apply to the node (docs/reference/output-files.md, <code>nodes.csv</code>).</p>\n"
            + HTML.table(["kind", "name", "server", "devices"] + figures.map(\.0), rows)
    }
}
