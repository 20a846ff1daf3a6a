import Foundation
import KSCRandom
import KSCSupport

/// The data files of `empirical(file=..., column=...)` distributions, read relative to
/// the scenario file.
public enum EmpiricalFile {
    /// A loader for files relative to `baseDirectory`.
    public static func loader(baseDirectory: String?) -> EmpiricalLoader {
        { file, column in try values(file: file, column: column, baseDirectory: baseDirectory) }
    }

    /// The values of `column` in the CSV file `file` (durations, >= 0; at least one).
    static func values(file: String, column: String, baseDirectory: String?) throws -> [Double] {
        let path = file.hasPrefix("/") || baseDirectory == nil ? file : "\(baseDirectory!)/\(file)"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError("cannot read file \"\(path)\"")
        }
        let rows = try CSVReader.rows(text, file: path)
        guard let header = rows.first else { throw InputError("\(path): the file is empty; expected a header row") }
        guard let index = header.firstIndex(of: column) else {
            throw InputError("\(path):1: no column \"\(column)\"; columns: \(header.joined(separator: ", "))")
        }
        var values: [Double] = []
        for (offset, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = offset + 2
            guard index < row.count else { throw InputError("\(path):\(line): no value in column \"\(column)\"") }
            let value: Double
            do { value = try DurationText.seconds(row[index]) } catch let error as InputError {
                throw error.prefixed("\(path):\(line)")
            }
            guard value >= 0, value.isFinite else {
                throw InputError("\(path):\(line): value must be >= 0 (got \(row[index]))")
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw InputError("\(path): column \"\(column)\" has no values") }
        return values
    }

}
