import Foundation
import KSCRandom
import KSCSupport

/// The data files of `empirical(file=..., column=...)` distributions, read relative to
/// the scenario file.
public enum EmpiricalFile {
    /// A loader for files relative to `baseDirectory`.
    public static func loader(baseDirectory: String?) -> EmpiricalLoader {
        { file, column, unit in try values(file: file, column: column, unit: unit, baseDirectory: baseDirectory) }
    }

    /// The values of `column` in the CSV file `file`, in seconds (>= 0; at least one).
    /// The file may be `,`-separated with `.` decimals or `;`-separated with decimal
    /// commas (as French spreadsheets save it). A value is a duration with its unit
    /// (`45.2ms`); a plain number needs `unit` (`empirical(..., unit=ms)`) and is refused
    /// without one, so that a column of milliseconds is never read as seconds.
    static func values(file: String, column: String, unit: String?, baseDirectory: String?) throws -> [Double] {
        let path = file.hasPrefix("/") || baseDirectory == nil ? file : "\(baseDirectory!)/\(file)"
        guard let data = FileManager.default.contents(atPath: path), let raw = String(data: data, encoding: .utf8)
        else {
            throw InputError("cannot read file \"\(path)\"")
        }
        let firstLine = raw.prefix { $0 != "\n" && $0 != "\r" }
        let semicolons = firstLine.contains(";") && !firstLine.contains(",")
        // A ;-separated file: fields are separated by ; and decimals written with commas.
        let text =
            semicolons ? raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: ";", with: ",") : raw
        let rows = try CSVReader.rows(text, file: path)
        guard let header = rows.first else { throw InputError("\(path): the file is empty; expected a header row") }
        guard let index = header.firstIndex(of: column) else {
            throw InputError("\(path):1: no column \"\(column)\"; columns: \(header.joined(separator: ", "))")
        }
        let scale = unit.flatMap(DurationText.unitSeconds)
        var values: [Double] = []
        for (offset, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = offset + 2
            guard index < row.count else { throw InputError("\(path):\(line): no value in column \"\(column)\"") }
            let field = row[index].trimmingSpaces()
            let value: Double
            if let number = Double(field) {
                guard let scale else {
                    throw InputError(
                        "\(path):\(line): \"\(field)\" has no unit; write it with one (\(field)ms, \(field)s) or give the column's unit: empirical(file=\(file), column=\(column), unit=ms)"
                    )
                }
                value = number * scale
            } else {
                do { value = try DurationText.seconds(field) } catch let error as InputError {
                    throw error.prefixed("\(path):\(line)")
                }
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
