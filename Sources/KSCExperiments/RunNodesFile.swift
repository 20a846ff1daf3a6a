import KSCModel
import KSCRandom
import KSCRecords
import KSCSupport

/// The rows of one finished sweep run beside its run file: `runs/<index>.nodes` (servers,
/// gateways and relays) and, when the sweep records time series, `runs/<index>.series`. A
/// header, then one row per record with the run's index, seed and sweep hash in front and a
/// checksum at the end, as in `RunFile`; written just before the run file, so that a run
/// whose run file exists has them too. The last line, `end,<rows>,<checksum>`, gives the
/// number of rows and the checksum of everything before it, so a file cut at a row boundary,
/// or with a row repeated or dropped, is recognised as well as one cut mid-row.
struct RunRowsFile<Row: TabularRecord> {
    /// What the file holds, in messages ("nodes", "time-series").
    let kind: String

    var header: [String] { RunFile.leading + Row.columnNames + ["checksum"] }

    /// The file's text.
    func text(index: Int, seed: UInt64, hash: String, rows: [Row]) -> String {
        var text = CSVFormat.standard.header(header)
        for row in rows { text += RunFile.signedLine([.int(index), .uint(seed), .text(hash)] + row.fields) }
        return text + "end,\(rows.count),\(RunFile.hex(StreamSet.fnv1a64(text)))\r\n"
    }

    /// The fields of a valid file for run `index` with `seed` of the sweep `hash`;
    /// otherwise why it is not.
    func check(_ whole: String, index: Int, seed: UInt64, hash: String) -> Result<[[String]], RunFileProblem> {
        // The footer: the row count and the checksum of the text before it.
        guard whole.hasSuffix("\r\n"), let cut = whole.dropLast(1).lastIndex(of: "\r\n") else {
            return .failure(.init("not a complete \(kind) file"))
        }
        let text = String(whole[..<whole.index(after: cut)])
        let footer = whole[whole.index(after: cut)...].dropLast(1).split(
            separator: ",", omittingEmptySubsequences: false)
        guard footer.count == 3, footer[0] == "end", let count = Int(footer[1]) else {
            return .failure(.init("not a complete \(kind) file (its last line, with the row count, is missing)"))
        }
        guard footer[2] == RunFile.hex(StreamSet.fnv1a64(text)) else {
            return .failure(.init("its checksum does not match: rows were cut, repeated or edited"))
        }
        let lines = text.components(separatedBy: "\r\n")
        guard lines.count >= 2, lines.last == "", let rows = try? CSVReader.rows(text, file: ""),
            rows.count == lines.count - 1, rows.count - 1 == count
        else {
            return .failure(.init("not a complete \(kind) file (\(count) rows announced)"))
        }
        guard rows[0] == header else { return .failure(.init("its columns are not those of this kscsim")) }
        var result: [[String]] = []
        for (row, raw) in zip(rows.dropFirst(), lines.dropFirst()) {
            guard row.count == header.count, row[0] == String(index), row[1] == String(seed), row[2] == hash else {
                return .failure(.init("a row belongs to another run or sweep"))
            }
            guard RunFile.isSigned(raw) else {
                return .failure(.init("its checksum does not match: the file was edited"))
            }
            result.append(Array(row.dropFirst(RunFile.leading.count).dropLast()))
        }
        return .success(result)
    }
}

/// `runs/<index>.nodes`.
let RunNodesFile = RunRowsFile<NodeRecord>(kind: "nodes")
/// `runs/<index>.series`.
let RunSeriesFile = RunRowsFile<TimeseriesRecord>(kind: "time-series")
