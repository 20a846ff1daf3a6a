import Foundation
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
