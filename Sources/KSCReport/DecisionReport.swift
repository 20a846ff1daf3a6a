import Foundation
import KSCSupport

/// The decisions a folder holds, for the report: a selection's answer and table
/// (`selection.md`, `selection.csv`), a screening's ranking (`screening.csv`), a paired
/// comparison (`compare.csv`) and a warm-up check (`warmup.csv`).
enum DecisionReport {
    /// The HTML sections of whichever of those files the folder has (empty when none).
    static func body(folder: String) throws -> String {
        let file = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        var out: [String] = []
        if let answer = try? String(contentsOfFile: file("selection.md"), encoding: .utf8) {
            out.append("<h2>The selection</h2>")
            out.append(markdown(answer))
            if let table = try ResultTable.optional(file("selection.csv")) {
                out.append(HTML.wideTable(table.header, table.rows.map { $0.map { HTML.escape($0) } }))
            }
        }
        if let table = try ResultTable.optional(file("screening.csv")) {
            out.append("<h2>Screening: which keys the answers depend on</h2>")
            out.append(
                "<p>Morris elementary effects: <code>mu_star</code> is the mean absolute change of the metric when the factor moves across its whole range, with a 95% bootstrap interval; rank 1 moves the metric most.</p>"
            )
            let shown = ["metric", "factor", "range", "rank", "mu_star", "mu_star_low", "mu_star_high", "sigma"]
            out.append(HTML.wideTable(shown, table.rows.map { row in shown.map { HTML.escape(table.text(row, $0)) } }))
        }
        for (name, title) in [
            ("compare.csv", "B − A with common random numbers"), ("warmup.csv", "Warm-up detection (MSER-5)"),
        ] {
            if let table = try ResultTable.optional(file(name)) {
                out.append("<h2>\(HTML.escape(title))</h2>")
                out.append(HTML.wideTable(table.header, table.rows.map { $0.map { HTML.escape($0) } }))
            }
        }
        return out.joined(separator: "\n")
    }

    /// The little markdown kscsim writes (`#` titles, `-` items, `**bold**`, `` `code` ``) as HTML.
    static func markdown(_ text: String) -> String {
        var out: [String] = []
        var items: [String] = []
        func inline(_ line: String) -> String {
            let parts = HTML.markdown(line).components(separatedBy: "**")
            return parts.enumerated().map {
                $0.offset % 2 == 1 && parts.count % 2 == 1 ? "<strong>\($0.element)</strong>" : $0.element
            }.joined()
        }
        func flush() {
            if !items.isEmpty {
                out.append("<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>")
                items = []
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("- ") {
                items.append(inline(String(line.dropFirst(2))))
                continue
            }
            flush()
            if line.hasPrefix("# ") { continue }
            if line.hasPrefix("## ") {
                out.append("<h3>\(HTML.escape(String(line.dropFirst(3))))</h3>")
            } else if !line.isEmpty {
                out.append("<p>\(inline(line))</p>")
            }
        }
        flush()
        return out.joined(separator: "\n")
    }
}
