import KSCSupport

/// The page: escaping, the style sheet and the skeleton. No script, no external file.
enum HTML {
    /// `text` with `&`, `<`, `>` and `"` escaped, for element content and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Escapes `text` and shows its markdown code spans (`` `x` ``) as `<code>`.
    static func markdown(_ text: String) -> String {
        let parts = escape(text).split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count % 2 == 1 else { return escape(text) }
        return parts.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }
            .joined()
    }

    /// The distinct values of `list`, in order of first appearance.
    static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }

    /// A table: `header` cells, then `rows` of cells already escaped (HTML allowed).
    static func table(_ header: [String], _ rows: [[String]], className: String = "data") -> String {
        var out = [
            "<table class=\"\(className)\"><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined()
                + "</tr></thead><tbody>"
        ]
        for row in rows { out.append("<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>") }
        out.append("</tbody></table>")
        return out.joined(separator: "\n")
    }

    /// A table too wide for the page, in a box that scrolls sideways.
    static func wideTable(_ header: [String], _ rows: [[String]]) -> String {
        "<div class=\"scroll\">\n" + table(header, rows) + "\n</div>"
    }

    /// A whole page with `title` and `body` (already HTML).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1f24; max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
        .question { font-size: 1.15em; background: #f3f6fa; border-left: 4px solid #0072B2; padding: 0.6em 1em; }
        .meta, .note { color: #57606a; font-size: 0.9em; }
        .answer { font-size: 1.1em; background: #eef7ee; border-left: 4px solid #009E73; padding: 0.6em 1em; }
        code.raw { color: #57606a; font-size: 0.8em; }
        .warning { background: #fff1c2; border-left: 4px solid #bf8700; padding: 0.6em 1em; }
        table.data { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        div.scroll { overflow-x: auto; max-width: 100%; }
        table.data th, table.data td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        table.data th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .badge { display: inline-block; border-radius: 0.8em; padding: 0 0.6em; font-size: 0.85em; white-space: nowrap; }
        .documented { background: #dafbe1; color: #116329; } .assumed { background: #fff1c2; color: #7d4e00; } .derived { background: #e8f5e9; color: #1b5e20; } .input { background: #ddf4ff; color: #0a3069; }
        figure { margin: 1.2em 0; } figcaption { color: #57606a; font-size: 0.9em; max-width: 760px; }
        svg.figure { max-width: 100%; height: auto; background: #fff; }
        svg .chart-title { font-size: 15px; font-weight: 600; fill: #1b1f24; }
        svg .tick, svg .legend { font-size: 12px; fill: #1b1f24; } svg .axis-label { font-size: 13px; fill: #1b1f24; }
        svg .grid { stroke: #e5e8eb; stroke-width: 1; } svg .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
        code { background: #f6f8fa; padding: 0 0.25em; border-radius: 3px; }
        """
}
