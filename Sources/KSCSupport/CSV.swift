import Foundation

/// How CSV files are written: RFC 4180 with `,` and `.` (standard), or `;` and
/// decimal commas for spreadsheets in French locales.
public enum CSVFormat: String, Sendable, CaseIterable {
    case standard = "en"
    case french = "fr"

    var separator: Character { self == .standard ? "," : ";" }

    /// The text of one value; quoted when it holds the separator, a quote or a line break.
    public func encode(_ value: FieldValue) -> String {
        switch value {
        case .text(let s):
            if s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .number(let x):
            var text = CSVFormat.numberText(x)
            if self == .french { text = text.replacingOccurrences(of: ".", with: ",") }
            return text
        }
    }

    /// Shortest round-trip text of `x`, without a trailing `.0`; an empty cell for an
    /// unknown value (NaN); `inf`, `-inf`.
    static func numberText(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// One CSV line (with CRLF, as RFC 4180 says).
    public func line(_ values: [FieldValue]) -> String {
        values.map(encode).joined(separator: String(separator)) + "\r\n"
    }

    /// The header line.
    public func header(_ names: [String]) -> String {
        line(names.map { .text($0) })
    }
}

extension CSVFormat {
    /// A whole table: header and rows.
    public func table<Row: TabularRecord>(_ rows: [Row]) -> String { table(rows, columns: Row.columns) }

    /// The table of `rows` in the given columns (a subset of the record's, in its order).
    public func table<Row>(_ rows: [Row], columns: [Column<Row>]) -> String {
        var text = header(columns.map(\.name))
        for row in rows { text += line(columns.map { $0.value(row) }) }
        return text
    }
}
