import KSCModel
import KSCSupport

/// The node rows of one finished sweep run, `runs/<index>.nodes` (written just before its
/// run file): a header, then one row per server, gateway and relay with the run's index,
/// seed and sweep hash in front and a checksum at the end, as in `RunFile`.
enum RunNodesFile {
    static var header: [String] { RunFile.leading + NodeRecord.columnNames + ["checksum"] }

    /// The file's text.
    static func text(index: Int, seed: UInt64, hash: String, nodes: [NodeRecord]) -> String {
        var text = CSVFormat.standard.header(header)
        for node in nodes { text += RunFile.signedLine([.int(index), .uint(seed), .text(hash)] + node.fields) }
        return text
    }

    /// The node fields of a valid file for run `index` with `seed` of the sweep `hash`;
    /// otherwise why it is not.
    static func check(_ text: String, index: Int, seed: UInt64, hash: String) -> Result<[[String]], RunFileProblem> {
        let lines = text.components(separatedBy: "\r\n")
        guard lines.count >= 3, lines.last == "", let rows = try? CSVReader.rows(text, file: ""), rows.count == lines.count - 1 else {
            return .failure(.init("not a complete nodes file"))
        }
        guard rows[0] == header else { return .failure(.init("its columns are not those of this kscsim")) }
        var nodes: [[String]] = []
        for (row, raw) in zip(rows.dropFirst(), lines.dropFirst()) {
            guard row.count == header.count, row[0] == String(index), row[1] == String(seed), row[2] == hash else {
                return .failure(.init("a row belongs to another run or sweep"))
            }
            guard RunFile.isSigned(raw) else {
                return .failure(.init("its checksum does not match: the file was edited"))
            }
            nodes.append(Array(row.dropFirst(RunFile.leading.count).dropLast()))
        }
        return .success(nodes)
    }
}
