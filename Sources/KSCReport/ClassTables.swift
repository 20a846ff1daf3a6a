import Foundation
import KSCRecords
import KSCSupport

/// The per-class tables of a report: each device class's own figures (`ClassFigures`), so
/// that a class the fleet-wide figures hide (a few slow laptops among many servers) shows.
enum ClassTables {
    /// The figures shown per class, with their units.
    static let figures = [
        "pairs", "undelivered_share", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_mean_s",
    ]

    static func unit(_ figure: String) -> String {
        ClassFigures.figures.first { $0.name == figure }?.unit ?? ""
    }

    static func cell(_ values: [Double], unit: String) -> String {
        let (mean, half) = ReplicationMean.point(values)
        let unknown = values.filter { !$0.isFinite }.count
        // "unknown" alone when it is unknown in every replication.
        let note = unknown > 0 && unknown < values.count ? " (unknown in \(unknown) of \(values.count))" : ""
        return "<span class=\"num\">\(FigureText.value(mean, unit: unit))"
            + (half.isFinite ? " " + FigureText.halfWidth(half, unit: unit) : "") + note + "</span>"
    }

    /// A run folder's table from `latency.csv` (the `all`-path row of each class, and of
    /// every class together), means over replications with 95% intervals.
    static func run(_ latency: ResultTable?, classes: [String]) -> String {
        guard let latency, classes.count > 1 else { return "" }
        // latency.csv's own columns behind each figure.
        let source = [
            "pairs": "pairs", "latency_p50_s": "p50_s", "latency_p95_s": "p95_s", "latency_p99_s": "p99_s",
            "latency_mean_s": "mean_s",
        ]
        let rows = (classes + ["all"]).map { name -> [String] in
            let mine = latency.rows(where: ["class": name, "path": "all"])
            return [name == "all" ? "every class" : "<code>\(HTML.escape(name))</code>"]
                + figures.map { figure in
                    let values =
                        figure == "undelivered_share"
                        ? mine.map { row in
                            let pairs = latency.number(row, "pairs")
                            return pairs > 0 ? latency.number(row, "undelivered") / pairs : .nan
                        }
                        : mine.map { latency.number($0, source[figure] ?? figure) }
                    return cell(values, unit: unit(figure))
                }
        }
        return "<h2>By device class</h2>\n<p>Each class's own targeted (task, device) pairs are its denominator: "
            + "a percentile counts the class's undelivered pairs as later than any delivery, and is unknown when its rank falls among them. "
            + "From the <code>all</code>-path rows of <code>latency.csv</code>; means over replications with 95% intervals. "
            + "A sweep, <code>compare</code>, <code>screen</code> and <code>select</code> name these figures as <code>latency_p95_s[CLASS]</code>.</p>\n"
            + HTML.table(["class"] + figures.map(label), rows)
    }

    /// A merged sweep's table from `aggregate.csv`: for each point, each class's figures.
    static func sweep(_ aggregate: ResultTable, keys: [String]) -> String {
        let classes = HTML.unique(
            aggregate.header.compactMap { column -> String? in
                guard column.hasSuffix("_mean"),
                    let (metric, deviceClass) = ClassFigures.split(String(column.dropLast(5)))
                else { return nil }
                return metric == "pairs" ? deviceClass : nil
            })
        guard classes.count > 1 else { return "" }
        // With payloads, each class's 95th percentile of completion too.
        let completion = aggregate.rows.contains { row in
            classes.contains { aggregate.number(row, ClassFigures.name("completion_p95_s", of: $0) + "_mean").isFinite }
        }
        let shown = ["undelivered_share", "latency_p95_s"] + (completion ? ["completion_p95_s"] : [])
        let header = ["point"] + keys + classes.flatMap { c in shown.map { "\(label($0)) [\(c)]" } }
        let rows = aggregate.rows.map { row -> [String] in
            [HTML.escape(aggregate.text(row, "point"))]
                + keys.map { "<code>\(HTML.escape(aggregate.text(row, $0)))</code>" }
                + classes.flatMap { c in
                    shown.map { figure -> String in
                        let name = ClassFigures.name(figure, of: c)
                        let mean = aggregate.number(row, name + "_mean")
                        let half = aggregate.number(row, name + "_ci95")
                        return "<span class=\"num\">\(FigureText.value(mean, unit: unit(figure)))"
                            + (half.isFinite ? " " + FigureText.halfWidth(half, unit: unit(figure)) : "") + "</span>"
                    }
                }
        }
        return
            "<h2>By device class</h2>\n<p>For each point, each class's undelivered share and 95th percentile of latency "
            + (completion ? "and of completion (the payload on the device) " : "")
            + "over its own targeted pairs (columns <code>undelivered_share[CLASS]</code> and <code>latency_p95_s[CLASS]</code>"
            + (completion ? " and <code>completion_p95_s[CLASS]</code>" : "") + " of "
            + "<code>aggregate.csv</code>): means over the point's replications with 95% intervals.</p>\n"
            + HTML.wideTable(header, rows)
    }

    static func label(_ figure: String) -> String {
        switch figure {
        case "pairs": return "pairs"
        case "undelivered_share": return "undelivered"
        case "latency_p50_s": return "latency p50"
        case "latency_p95_s": return "latency p95"
        case "latency_p99_s": return "latency p99"
        case "latency_mean_s": return "latency mean"
        case "completion_p95_s": return "completion p95"
        default: return figure
        }
    }
}
