/// A small RFC 4180 reader: comma-separated fields, double-quoted fields with `""`
/// escapes and embedded commas or newlines; CRLF or LF line ends.
public enum CSVReader {
    /// The rows of `text`, each a list of fields separated by `separator`.
    /// - Throws: `InputError` naming `file` and the line of an unterminated quote.
    public static func rows(_ text: String, file: String, separator: Character = ",") throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var quoteLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let c = pending {
                pending = nil
                return c
            }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = after
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case separator:
                row.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                field = ""
                rows.append(row)
                row = []
                line += 1
            default:
                field.append(c)
            }
        }
        if inQuotes { throw InputError("\(file):\(quoteLine): unterminated quoted field") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
