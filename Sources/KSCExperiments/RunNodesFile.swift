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
    func check(_ text: String, index: Int, seed: UInt64, hash: String) -> Result<[[String]], RunFileProblem> {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map { String($0) + "\r\n" }
        if let last = lines.last {
            // The text after the last line end (empty for a whole file) has no line end.
            lines[lines.count - 1] = String(last.dropLast())
            if lines[lines.count - 1].isEmpty { lines.removeLast() }
        }
        var position = 0
        var rows: [[String]] = []
        if let problem = read(
            next: {
                defer { position += 1 }
                return position < lines.count ? lines[position] : nil
            }, index: index, seed: seed, hash: hash, each: { rows.append($0) })
        {
            return .failure(problem)
        }
        return .success(rows)
    }

    /// Reads the file at `path` a chunk at a time, giving each row's fields to `each` as it
    /// goes; nil when the file is whole, else why it is not (rows given before a problem was
    /// found are then to be discarded).
    /// - Complexity: O(size) time, memory of one chunk and one row.
    func read(path: String, index: Int, seed: UInt64, hash: String, each: ([String]) throws -> Void) rethrows
        -> RunFileProblem?
    {
        guard var reader = try? LineReader(path: path) else { return .init("missing") }
        return try read(next: { reader.nextRaw() }, index: index, seed: seed, hash: hash, each: each)
    }

    /// The check, over lines given with their line ends.
    private func read(
        next: () -> String?, index: Int, seed: UInt64, hash: String, each: ([String]) throws -> Void
    ) rethrows -> RunFileProblem? {
        var digest = FNV1a64()
        guard let first = next() else { return .init("not a complete \(kind) file (empty)") }
        guard first == CSVFormat.standard.header(header) else {
            return .init("its columns are not those of this kscsim")
        }
        digest.add(first)
        let lead = "\(index),\(seed),\(hash),"
        var count = 0
        while let raw = next() {
            guard raw.hasSuffix("\r\n") else { return .init("not a complete \(kind) file (cut mid-row)") }
            let line = String(raw.dropLast())
            if line.hasPrefix("end,") {
                // The footer: the row count and the checksum of the text before it, and nothing after.
                let footer = line.split(separator: ",", omittingEmptySubsequences: false)
                guard footer.count == 3, Int(footer[1]) == count, next() == nil else {
                    return .init("not a complete \(kind) file (\(count) rows, not as its last line says)")
                }
                guard footer[2] == RunFile.hex(digest.value) else {
                    return .init("its checksum does not match: rows were cut, repeated or edited")
                }
                return nil
            }
            digest.add(raw)
            count += 1
            guard line.hasPrefix(lead), let row = (try? CSVReader.rows(line, file: ""))?.first,
                row.count == header.count
            else {
                return .init("a row belongs to another run or sweep, or is cut")
            }
            guard RunFile.isSigned(line) else { return .init("its checksum does not match: the file was edited") }
            try each(Array(row.dropFirst(RunFile.leading.count).dropLast()))
        }
        return .init("not a complete \(kind) file (its last line, with the row count, is missing)")
    }
}

/// `runs/<index>.nodes`.
let RunNodesFile = RunRowsFile<NodeRecord>(kind: "nodes")
/// `runs/<index>.series`.
let RunSeriesFile = RunRowsFile<TimeseriesRecord>(kind: "time-series")
