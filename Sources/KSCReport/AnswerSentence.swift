import Foundation
import KSCSupport

/// The answer at the top of a report, in words a manager reads: what the figures say, out of
/// what, and whether the system was overloaded; for a selection, a comparison or a screening,
/// its decision.
enum AnswerSentence {
    /// The paragraph, or "" when the folder holds nothing to answer from.
    static func html(folder: String, isSweep: Bool) throws -> String {
        let file = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        var text: String?
        if let md = try? String(contentsOfFile: file("selection.md"), encoding: .utf8) {
            text = md.split(separator: "\n").first { $0.contains("Chosen") || $0.contains("No candidate") }.map {
                String($0).replacingOccurrences(of: "**", with: "")
            }
        } else if let table = try ResultTable.optional(file("compare.csv")) {
            text = compare(table)
        } else if let table = try ResultTable.optional(file("screening.csv")) {
            text = screening(table)
        } else if let table = try ResultTable.optional(file("warmup.csv")) {
            text = warmup(table)
        } else if isSweep, let table = try ResultTable.aggregate(folder: folder) {
            text = sweep(table)
        } else if !isSweep, let table = try ResultTable.optional(file("summary.csv")) {
            text = run(table) + (try ResultTable.optional(file("links.csv")).map(links) ?? "")
        }
        guard let text, !text.isEmpty else { return "" }
        return "<p class=\"answer\"><strong>Answer.</strong> \(HTML.escape(text))</p>"
    }

    /// A run: the median and the 95th percentile over every targeted pair, what was left
    /// undelivered, and the server's state.
    static func run(_ summary: ResultTable) -> String {
        func mean(_ name: String) -> Double {
            ReplicationMean.point(summary.rows.map { summary.number($0, name) }).mean
        }
        let pairs = mean("pairs")
        guard pairs > 0 else {
            return
                "No task was launched after the warm-up, so no latency applies (n/a); see the server's figures below."
        }
        let n = summary.rows.count
        let p50 = mean("latency_p50_s")
        let p95 = mean("latency_p95_s")
        var parts = [
            "Over \(n) replication\(n == 1 ? "" : "s"), half of the \(FigureText.count(pairs)) (task, device) pairs launched after the warm-up reached their device within \(FigureText.words(p50, unit: "s"))"
        ]
        parts.append(
            p95.isFinite
                ? "and 95% within \(FigureText.words(p95, unit: "s"))"
                : "and the time for 95% is unknown: more than 5% were still undelivered when the run ended")
        let undelivered = mean("undelivered_share")
        var sentence = parts.joined(separator: " ") + "; "
        sentence += "\(FigureText.words(undelivered, unit: "share")) were still undelivered at the end. "
        let done50 = summary.has("completion_p50_s") ? mean("completion_p50_s") : .nan
        if done50.isFinite {
            // With payloads, a pair is finished when its download is: say when.
            let done95 = mean("completion_p95_s")
            sentence +=
                "With the downloads, half had their payload on the device within \(FigureText.words(done50, unit: "s")) "
                + (done95.isFinite
                    ? "and 95% within \(FigureText.words(done95, unit: "s"))"
                    : "and the time for 95% is unknown (more than 5% unfinished at the end)")
                + "; the servers sent \(FigureText.count(mean("payload_bytes_out") / 1e9)) GB of payloads, \(FigureText.count(mean("server_uplink_peak_mbps"))) Mbit/s in their busiest minute. "
        }
        let saturated = summary.rows.filter { summary.number($0, "saturated") == 1 }.count
        sentence +=
            saturated > 0
            ? "The system was overloaded in \(saturated) of \(n) replications: these figures describe an overloaded server."
            : "The server was not overloaded (mean utilization \(FigureText.words(mean("server_utilization"), unit: "share")))."
        return sentence
    }

    /// A run with links: the link that was full longest (its whole rate given to downloads), or
    /// that none was; the server's overload is said apart, as links are not the server.
    static func links(_ table: ResultTable) -> String {
        let names = HTML.unique(table.rows.map { table.text($0, "link") })
        let full = names.map { name in
            (
                name,
                ReplicationMean.point(
                    table.rows(where: ["link": name]).map { table.number($0, "time_saturated_share") }
                ).mean
            )
        }.filter { $0.1.isFinite }
        guard let busiest = full.max(by: { $0.1 < $1.1 }) else { return "" }
        return busiest.1 > 0
            ? " The link \(busiest.0) was full (its whole rate given to downloads, which waited for it) \(FigureText.words(busiest.1, unit: "share")) of the time; syncs are counted on links, not held back."
            : " No link with a rate was ever full."
    }

    /// A sweep: the range of the median latency over the points, and the saturated points.
    static func sweep(_ aggregate: ResultTable) -> String {
        let rows = aggregate.rows
        // A point is named by its number (as in every file, from 0), and its label when it has one.
        let name = { (row: [String]) in
            aggregate.text(row, "point") + (aggregate.has("label") ? ", " + aggregate.text(row, "label") : "")
        }
        // With payloads a pair is finished when its download is: the median completion, not delivery.
        let completion =
            aggregate.has("completion_p50_s_mean")
            && rows.contains { aggregate.number($0, "completion_p50_s_mean").isFinite }
        let metric = completion ? "the median time until the payload is on the device" : "the median latency"
        let values = rows.map {
            (name($0), aggregate.number($0, completion ? "completion_p50_s_mean" : "latency_p50_s_mean"))
        }
        let known = values.filter { $0.1.isFinite }
        guard let low = known.min(by: { $0.1 < $1.1 }), let high = known.max(by: { $0.1 < $1.1 }) else {
            return "The median latency is unknown at every point (more than half of the pairs undelivered, or no task)."
        }
        let saturated = rows.filter { aggregate.number($0, "saturated_mean") > 0 }.map { aggregate.text($0, "point") }
        return
            "Across \(rows.count) points, \(metric) goes from \(FigureText.words(low.1, unit: "s")) (point \(low.0)) to \(FigureText.words(high.1, unit: "s")) (point \(high.0))"
            + (known.count < rows.count ? ", and is unknown at \(rows.count - known.count) points" : "") + "; "
            + (saturated.isEmpty
                ? "no point was overloaded."
                : "\(saturated.count) point\(saturated.count == 1 ? " was" : "s were") overloaded in at least one replication (\(saturated.prefix(8).joined(separator: ", "))).")
    }

    /// A comparison: B − A of the median and the 95th percentile, and whether it is noise.
    static func compare(_ table: ResultTable) -> String {
        let said = ["latency_p50_s": "the median latency", "latency_p95_s": "the 95th-percentile latency"].sorted {
            $0.key < $1.key
        }
        var parts: [String] = []
        for (metric, words) in said {
            guard let row = table.rows.first(where: { table.text($0, "metric") == metric }) else { continue }
            let d = table.number(row, "difference")
            guard d.isFinite else {
                parts.append("\(words): unknown in A or B")
                continue
            }
            let (low, high) = (table.number(row, "paired_low"), table.number(row, "paired_high"))
            let noise = low > 0 || high < 0 ? "not noise" : "within the noise"
            parts.append(
                "\(words) \(d < 0 ? "falls" : "rises") by \(FigureText.words(abs(d), unit: "s")) (± \(FigureText.words(table.number(row, "paired_half_width"), unit: "s")), \(noise))"
            )
        }
        return parts.isEmpty ? "" : "From A to B, " + parts.joined(separator: "; ") + "."
    }

    /// A warm-up check: the longest MSER-5 truncation over the series that settled, and those
    /// that did not settle within the horizon.
    static func warmup(_ table: ResultTable) -> String {
        let settled = table.rows.filter { table.text($0, "settled") == "1" }
        let unsettled = table.rows.filter { table.text($0, "settled") != "1" }.map { table.text($0, "column") }
        let longest = settled.map { table.number($0, "truncation_s") }.max() ?? .nan
        let names = settled.map { table.text($0, "column") }.joined(separator: ", ")
        var text =
            settled.isEmpty
            ? "No series settled within the horizon: run longer before choosing a warm-up"
            : longest > 0
                ? "A warm-up of at least \(FigureText.words(longest, unit: "s")) covers the start-up transient of \(names)"
                : "No warm-up is needed for \(names): they start settled"
        if !unsettled.isEmpty && !settled.isEmpty {
            text += "; \(unsettled.joined(separator: ", ")) did not settle within the horizon (run longer to tell)"
        }
        return text + "."
    }

    /// A screening: the factor that moves each metric most.
    static func screening(_ table: ResultTable) -> String {
        let top = table.rows.filter { table.text($0, "rank") == "1" }
        guard !top.isEmpty else { return "" }
        let text =
            top.prefix(3).map { row in
                let metric = table.text(row, "metric")
                let unit = FigureText.column(metric)?.unit ?? ""
                return
                    "\(FigureText.label(metric)) depends most on \(table.text(row, "factor")) (μ*, its mean effect: \(FigureText.words(table.number(row, "mu_star"), unit: unit)))"
            }.joined(separator: "; ") + "."
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
