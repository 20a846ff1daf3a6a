import KSCModel
import KSCRandom
import KSCRecords
import KSCSupport

/// The file of one finished sweep run, `runs/<index>.csv`: a header, then one row with the
/// run's index, its seed and the sweep's hash, the run's summary, and a checksum of the
/// row, so that a file from another sweep, another run or edited by hand is recognised.
/// After the summary come the figures of each class of the sweep (`ClassFigures`).
enum RunFile {
    static let leading = ["run_index", "run_seed", "sweep_hash"]
    static func header(classes: [String]) -> [String] {
        leading + SummaryRecord.columnNames + ClassFigures.columnNames(classes: classes) + ["checksum"]
    }

    /// The hash of a sweep (its resolved scenario and sweep section), 16 hex digits.
    static func hash(_ resolvedText: String) -> String { hex(StreamSet.fnv1a64(resolvedText)) }

    static func hex(_ x: UInt64) -> String {
        let digits = String(x, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The file's text.
    static func text(
        index: Int, seed: UInt64, hash: String, summary: SummaryRecord, classes: [String] = [],
        latency: [LatencyRecord] = []
    ) -> String {
        CSVFormat.standard.header(header(classes: classes))
            + signedLine(
                [.int(index), .uint(seed), .text(hash)] + summary.fields
                    + ClassFigures.values(classes: classes, latency: latency))
    }

    /// One row with the checksum of its text appended, and its line end.
    static func signedLine(_ fields: [FieldValue]) -> String {
        // The row without its line end ("\r\n" is one Character in Swift: join the fields instead).
        let body = fields.map(CSVFormat.standard.encode).joined(separator: ",")
        return body + "," + hex(StreamSet.fnv1a64(body)) + "\r\n"
    }

    /// Whether a row read back (without its line end) ends with the checksum of the rest.
    static func isSigned(_ raw: String) -> Bool {
        guard let comma = raw.lastIndex(of: ",") else { return false }
        return hex(StreamSet.fnv1a64(String(raw[..<comma]))) == raw[raw.index(after: comma)...]
    }

    /// The summary and class fields of a valid file for run `index` with `seed` of the sweep
    /// `hash`; otherwise why it is not.
    static func check(_ text: String, index: Int, seed: UInt64, hash: String, classes: [String] = [])
        -> Result<[String], RunFileProblem>
    {
        let header = header(classes: classes)
        let lines = text.components(separatedBy: "\r\n")
        guard lines.count == 3, lines[2].isEmpty, let rows = try? CSVReader.rows(text, file: ""), rows.count == 2 else {
            return .failure(.init("not a complete run file"))
        }
        guard rows[0] == header, rows[1].count == header.count else {
            return .failure(.init("its columns are not those of this kscsim"))
        }
        let row = rows[1]
        guard row[0] == String(index), row[1] == String(seed) else {
            return .failure(.init("it holds run \(row[0]) (seed \(row[1])), not run \(index)"))
        }
        guard row[2] == hash else {
            return .failure(
                .init(
                    "it belongs to another sweep or was made by another kscsim build (hash \(row[2]), this sweep with this build \(hash))"
                ))
        }
        guard isSigned(lines[1]) else {
            return .failure(.init("its checksum does not match: the file was edited"))
        }
        return .success(Array(row.dropFirst(leading.count).dropLast()))
    }
}

/// Why a run file is not a valid result.
struct RunFileProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
