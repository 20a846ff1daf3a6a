import Foundation
import KSCRecords
import KSCScenario
import KSCSupport

/// The report of a merged sweep folder (`kscsim merge`): each headline metric against the
/// varied keys, with 95% intervals over each point's replications.
struct SweepFolderReport {
    let scenario: Scenario
    let aggregate: ResultTable
    /// nodes.csv of the merge (servers, gateways, relays per run), when present.
    let nodes: ResultTable?
    /// The sweep has only `zip` axes: its points are drawn one after another, numbered.
    let zipOnly: Bool
    /// Varied keys, as the aggregate names them (without the `_s` companions).
    let keys: [String]
    /// A one-point sweep's time series (a warm-up folder's): drawn over time, as for a run.
    let series: SeriesMeans?

    static let metrics = [
        "latency_p50_s", "latency_p95_s", "latency_p99_s", "within_900s", "undelivered_share", "perm_without_share",
        "perm_request_refused_share", "server_utilization", "sync_wait_mean_s", "queue_length_max",
        "connections_refused",
        "status_stale_mean_s",
    ]

    init(folder: String, scenario: Scenario, zipOnly: Bool) throws {
        self.scenario = scenario
        self.zipOnly = zipOnly
        guard let aggregate = try ResultTable.aggregate(folder: folder) else {
            throw InputError("\(folder)/aggregate.csv: missing; run kscsim merge \(folder)")
        }
        self.aggregate = aggregate
        nodes = try ResultTable.optional(folder + "/nodes.csv")
        let header = aggregate.header
        guard let first = header.firstIndex(of: "point"), let last = header.firstIndex(of: "replications"), first < last
        else {
            throw InputError(
                "\(folder)/aggregate.csv: not a sweep aggregate (no point and replications columns); run kscsim merge \(folder)"
            )
        }
        let seriesPath = folder + "/timeseries.csv"
        series =
            aggregate.rows.count == 1 && FileManager.default.fileExists(atPath: seriesPath)
            ? try SeriesMeans(path: seriesPath, columns: ["queue_length", "busy_workers"], horizon: scenario.horizon)
            : nil
        let varied = Array(header[(first + 1)..<last])
        keys = varied.filter { !($0.hasSuffix("_s") && varied.contains(String($0.dropLast(2)))) }
    }

    /// The x axis: the first key whose values are all numbers (or durations), else the first key.
    var xKey: String { keys.first { key in aggregate.rows.allSatisfy { numericX($0, key).isFinite } } ?? keys[0] }

    /// A point's value of `key` as a number: its `_s` companion for durations, else the number.
    func numericX(_ row: [String], _ key: String) -> Double {
        aggregate.has(key + "_s") ? aggregate.number(row, key + "_s") : aggregate.number(row, key)
    }

    /// How the points were made: one per zip row, or a product of the varied keys' values.
    func description() -> String {
        if zipOnly {
            let label = aggregate.has("label") ? ", and <code>label</code> names each point" : ""
            return "one per row of the table below (zip: its keys move together\(label))"
        }
        return keys.map { key in
            let values = HTML.unique(aggregate.rows.map { aggregate.text($0, key) })
            let shown = values.map { HTML.escape($0.isEmpty ? "\"\"" : $0) }.joined(separator: ", ")
            return "<code>\(HTML.escape(key))</code> ∈ {\(shown)}"
        }.joined(separator: " × ")
    }

    func body() -> String {
        // A zip-only sweep is drawn against its point numbers (a table gives each point's values).
        let x = zipOnly ? "point" : xKey
        let others = zipOnly ? [] : keys.filter { $0 != x }
        let numeric = !zipOnly && aggregate.rows.allSatisfy { numericX($0, x).isFinite }
        let labels =
            zipOnly
            ? aggregate.rows.map {
                aggregate.text($0, "point") + (aggregate.has("label") ? " " + aggregate.text($0, "label") : "")
            }
            : HTML.unique(aggregate.rows.map { aggregate.text($0, x) })
        let isDuration = !zipOnly && aggregate.has(x + "_s")
        var out = [
            "<h2>The sweep</h2>",
            "<p>\(aggregate.rows.count) points: " + description()
                + ". Each point is the mean over its replications (column <code>replications</code> of <code>aggregate.csv</code>); bars are 95% Student-t intervals. A metric unknown in any replication of a point (a percentile whose rank falls among undelivered pairs) is left out at that point, never averaged over the others.</p>",
        ]
        if zipOnly {
            out.append(
                HTML.table(
                    ["point"] + keys,
                    aggregate.rows.map { row in
                        [HTML.escape(aggregate.text(row, "point"))]
                            + keys.map { key in
                                let value = aggregate.text(row, key)
                                return "<code>\(HTML.escape(value.isEmpty ? "\"\"" : value))</code>"
                            }
                    }))
        }
        var flat: [String] = []
        for (index, metric) in SweepFolderReport.metrics.enumerated() where aggregate.has(metric + "_mean") {
            guard let column = FigureText.column(metric) else { continue }
            let values = aggregate.rows.map { aggregate.number($0, metric + "_mean") }.filter(\.isFinite)
            if values.isEmpty || values.allSatisfy({ $0 == values[0] }) {
                flat.append(metric)
                continue
            }
            var groups: [String: [ChartPoint]] = [:]
            var order: [String] = []
            for row in aggregate.rows {
                let name =
                    others.isEmpty ? "mean" : others.map { "\($0)=\(aggregate.text(row, $0))" }.joined(separator: ", ")
                if groups[name] == nil { order.append(name) }
                let xValue =
                    numeric
                    ? numericX(row, x)
                    : zipOnly
                        ? Double(aggregate.rows.firstIndex(of: row) ?? 0)
                        : Double(labels.firstIndex(of: aggregate.text(row, x)) ?? 0)
                groups[name, default: []].append(
                    ChartPoint(
                        x: xValue, y: aggregate.number(row, metric + "_mean"),
                        halfWidth: aggregate.number(row, metric + "_ci95")))
            }
            let series = order.map { ChartSeries(name: $0, points: groups[$0]!.sorted { $0.x < $1.x }) }
            var chart = LineChart(
                title: "\(FigureText.label(metric)) against \(zipOnly ? "the points" : x)",
                xLabel: zipOnly ? "point (see the table above)" : x + (isDuration ? " (duration)" : ""),
                yLabel: "\(FigureText.label(metric)) (\(column.unit == "s" ? "seconds" : column.unit))",
                xAxis: numeric ? (isDuration ? ChartAxis.seconds : ChartAxis.linear()) : ChartAxis.categories(labels),
                series: series)
            if column.unit.hasPrefix("share") {
                chart.yAxis = .linear(percent: true)
                chart.yRange = 0...1
            }
            out.append(
                chart.isEmpty
                    ? "<p class=\"note\">\(metric): unknown at every point.</p>"
                    : "<figure>\n\(chart.svg(id: "metric-\(index)"))\n<figcaption><code>\(metric)</code>: \(HTML.markdown(column.doc)).</figcaption>\n</figure>"
            )
        }
        out.append(ClassTables.sweep(aggregate, keys: keys))
        out.append(timeCharts())
        if others.isEmpty { out.append(nodeCharts(x: x, numeric: numeric, labels: labels)) }
        if !flat.isEmpty {
            out.append(
                "<p class=\"note\">The same at every point (or unknown everywhere), so not drawn: "
                    + flat.map { "<code>\($0)</code>" }.joined(separator: ", ") + ".</p>")
        }
        return out.joined(separator: "\n")
    }

    /// A one-point sweep's queue and utilization over time (mean over replications at each
    /// sampling time): where a warm-up folder's transient shows.
    func timeCharts() -> String {
        guard let series else { return "" }
        let workers = Double(max(scenario.server.syncWorkers, 1))
        let queue = RunFolderReport.timeChart(
            series, title: "Sync sessions waiting for a worker", yLabel: "sessions",
            series: [("queue_length", "queue length", 1)])
        var utilization = RunFolderReport.timeChart(
            series, title: "Server utilization", yLabel: "busy workers / workers",
            series: [("busy_workers", "utilization", 1 / workers)])
        utilization.yAxis = .linear(percent: true)
        utilization.yRange = 0...1
        return [
            "<h2>Over time</h2>",
            "<figure>\n\(queue.svg(id: "queue"))\n<figcaption>Sessions waiting for a worker; mean over replications at each sampling time.</figcaption>\n</figure>",
            "<figure>\n\(utilization.svg(id: "utilization"))\n<figcaption>Busy workers over the \(Int(workers)) workers; mean over replications at each sampling time.</figcaption>\n</figure>",
        ].joined(separator: "\n")
    }

    /// Utilization and refused connections of each server, gateway and relay, when the sweep
    /// has more than one server or any gateway or relay.
    func nodeCharts(x: String, numeric: Bool, labels: [String]) -> String {
        guard let nodes else { return "" }
        let names = HTML.unique(nodes.rows.map { nodes.text($0, "name") })
        guard names.count > 1 else { return "" }
        var out = ["<h2>Servers, gateways and relays</h2>"]
        for (index, (column, title, unit)) in [
            ("utilization", "utilization of each node", "share 0–1"),
            ("connections_refused", "connections refused by each node", "count"),
        ].enumerated() {
            let series = names.map { name -> ChartSeries in
                let points = aggregate.rows.enumerated().map { i, row -> ChartPoint in
                    let point = aggregate.text(row, "point")
                    let values = nodes.rows(where: ["point": point, "name": name]).map { nodes.number($0, column) }
                    let (mean, half) = ReplicationMean.point(values)
                    let xValue =
                        numeric
                        ? numericX(row, x)
                        : zipOnly ? Double(i) : Double(labels.firstIndex(of: aggregate.text(row, x)) ?? 0)
                    return ChartPoint(x: xValue, y: mean, halfWidth: half)
                }
                let kind = nodes.rows(where: ["name": name]).first.map { nodes.text($0, "kind") } ?? ""
                return ChartSeries(name: "\(kind) \(name)", points: points.sorted { $0.x < $1.x })
            }
            var chart = LineChart(
                title: "\(title) against \(zipOnly ? "the points" : x)",
                xLabel: zipOnly ? "point (see the table above)" : x,
                yLabel: "\(column) (\(unit))", xAxis: numeric ? ChartAxis.linear() : ChartAxis.categories(labels),
                series: series)
            if unit.hasPrefix("share") {
                chart.yAxis = .linear(percent: true)
                chart.yRange = 0...1
            }
            guard !chart.isEmpty else { continue }
            let doc = NodeRecord.columns.first { $0.name == column }?.doc ?? ""
            out.append(
                "<figure>\n\(chart.svg(id: "node-\(index)"))\n<figcaption><code>\(column)</code> of <code>nodes.csv</code>: \(HTML.markdown(doc)); mean over each point's replications.</figcaption>\n</figure>"
            )
        }
        return out.joined(separator: "\n")
    }
}
