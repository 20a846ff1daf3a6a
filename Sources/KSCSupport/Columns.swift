/// One value of an output row, typed so that each file format can write it its own way.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    case uint(UInt64)
    case number(Double)

    /// The value as a number (NaN for text), for aggregation.
    public var number: Double {
        switch self {
        case .text: return .nan
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .number(let x): return x
        }
    }
}

/// One output column, declared once: its name, unit and meaning, and how a row gives its
/// value. The declaration drives the CSV header and values, the aggregate's metric list
/// and the reference's column tables (docs/reference).
public struct Column<Row>: Sendable {
    /// Header name, e.g. `latency_p95_s`.
    public let name: String
    /// Unit as the reference shows it (`s`, `count`, `share 0–1`, `text`).
    public let unit: String
    /// One line saying what the value is, with its denominator.
    public let doc: String
    /// Whether `aggregate.csv` summarises the column over replications.
    public let aggregated: Bool
    /// The row's value.
    public let value: @Sendable (Row) -> FieldValue

    public init(
        _ name: String, unit: String, doc: String, aggregated: Bool = true,
        value: @escaping @Sendable (Row) -> FieldValue
    ) {
        self.name = name
        self.unit = unit
        self.doc = doc
        self.aggregated = aggregated
        self.value = value
    }

    /// A text column (never aggregated).
    public static func text(_ name: String, _ path: KeyPath<Row, String> & Sendable, doc: String) -> Column {
        Column(name, unit: "text", doc: doc, aggregated: false) { .text($0[keyPath: path]) }
    }

    /// A whole-number column.
    public static func int(
        _ name: String, _ path: KeyPath<Row, Int> & Sendable, unit: String = "count", doc: String,
        aggregated: Bool = true
    ) -> Column {
        Column(name, unit: unit, doc: doc, aggregated: aggregated) { .int($0[keyPath: path]) }
    }

    /// An unsigned 64-bit column (seeds, event counts).
    public static func uint(
        _ name: String, _ path: KeyPath<Row, UInt64> & Sendable, unit: String = "count", doc: String,
        aggregated: Bool = true
    ) -> Column {
        Column(name, unit: unit, doc: doc, aggregated: aggregated) { .uint($0[keyPath: path]) }
    }

    /// A real-number column.
    public static func number(
        _ name: String, _ path: KeyPath<Row, Double> & Sendable, unit: String, doc: String, aggregated: Bool = true
    ) -> Column {
        Column(name, unit: unit, doc: doc, aggregated: aggregated) { .number($0[keyPath: path]) }
    }
}

/// A record that is one row of an output table, described by its columns.
public protocol TabularRecord {
    /// The columns, in order.
    static var columns: [Column<Self>] { get }
}

extension TabularRecord {
    /// Column names, in order.
    public static var columnNames: [String] { columns.map(\.name) }

    /// The row's values, in column order.
    public var fields: [FieldValue] { Self.columns.map { $0.value(self) } }

    /// The reference table of the columns: `| column | unit | meaning |`.
    public static var markdownTable: String {
        markdownColumnTable(columns.map { ($0.name, $0.unit, $0.doc) })
    }
}

/// The reference table of output columns: `| column | unit | meaning |`, one row each.
public func markdownColumnTable(_ columns: [(name: String, unit: String, doc: String)]) -> String {
    var lines = ["| column | unit | meaning |", "|---|---|---|"]
    for c in columns { lines.append("| `\(c.name)` | \(c.unit) | \(c.doc) |") }
    return lines.joined(separator: "\n") + "\n"
}
