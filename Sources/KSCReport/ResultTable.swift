import Foundation
import KSCRecords
import KSCSupport

/// A CSV file of a result folder, in either dialect kscsim writes (`,` and decimal points,
/// or `;` and decimal commas, with or without a byte-order mark), read by column name.
struct ResultTable {
    let path: String
    let header: [String]
    let rows: [[String]]
    private let decimalComma: Bool

    /// Reads `path`.
    /// - Throws: `InputError` naming the file when it cannot be read or has no header.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8)
        else {
            throw InputError("\(path): cannot be read (missing, or not UTF-8 text)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        decimalComma = firstLine.contains(";")
        var rows = try CSVReader.rows(text, file: path, separator: decimalComma ? ";" : ",")
        guard !rows.isEmpty, !(rows[0].count == 1 && rows[0][0].isEmpty) else {
            throw InputError("\(path): empty file (no header)")
        }
        self.path = path
        header = rows.removeFirst()
        self.rows = rows.filter { !($0.count == 1 && $0[0].isEmpty) }
    }

    private init(path: String, header: [String], rows: [[String]], decimalComma: Bool) {
        (self.path, self.header, self.rows, self.decimalComma) = (path, header, rows, decimalComma)
    }

    /// A sweep folder's aggregate.csv with every metric: the ones merge left out because their
    /// value is the same in every run are put back from sweep.csv (mean that value, sd and
    /// half-width 0, or unknown with one replication), so that nothing reads a constant as
    /// missing. nil when the folder has no aggregate.csv.
    /// - Throws: `InputError` when a file exists but cannot be read.
    static func aggregate(folder: String) throws -> ResultTable? {
        guard let table = try optional(folder + "/aggregate.csv") else { return nil }
        guard let sweep = try optional(folder + "/sweep.csv"), let first = sweep.rows.first else { return table }
        let metrics = sweep.header.filter { name in
            !table.has(name + "_mean")
                && (SummaryRecord.columns.contains { $0.name == name && $0.aggregated }
                    || ClassFigures.split(name) != nil)
        }
        guard !metrics.isEmpty else { return table }
        let header = table.header + metrics.flatMap { ["\($0)_mean", "\($0)_sd", "\($0)_ci95"] }
        let rows = table.rows.map { row in
            let spread = table.number(row, "replications") >= 2 ? "0" : ""
            return row + metrics.flatMap { [sweep.text(first, $0), spread, spread] }
        }
        // sweep.csv's values are in its own dialect: the table takes it (merge writes both alike).
        return ResultTable(path: table.path, header: header, rows: rows, decimalComma: table.decimalComma)
    }

    /// Reads `path` if it exists; nil when it does not.
    /// - Throws: `InputError` when it exists but cannot be read.
    static func optional(_ path: String) throws -> ResultTable? {
        FileManager.default.fileExists(atPath: path) ? try ResultTable(path: path) : nil
    }

    /// Whether the file has column `name`.
    func has(_ name: String) -> Bool { header.contains(name) }

    /// The text of column `name` in `row` ("" when absent).
    func text(_ row: [String], _ name: String) -> String {
        guard let i = header.firstIndex(of: name), i < row.count else { return "" }
        return row[i]
    }

    /// The number in column `name` of `row`; NaN when empty, absent or not a number.
    func number(_ row: [String], _ name: String) -> Double {
        let raw = text(row, name)
        return Double(decimalComma ? raw.replacingOccurrences(of: ",", with: ".") : raw) ?? .nan
    }

    /// The rows whose columns equal the given texts.
    func rows(where conditions: [String: String]) -> [[String]] {
        rows.filter { row in conditions.allSatisfy { text(row, $0.key) == $0.value } }
    }
}
