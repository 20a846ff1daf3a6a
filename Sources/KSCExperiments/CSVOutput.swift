import KSCSupport

/// The CSV files a command writes: always in English (`,` and `.`: the files other commands,
/// notebooks and scripts read), and with `--csv-locale fr` a French copy of each beside it
/// (`NAME.fr.csv`: `;` and decimal commas), so asking for French never replaces a file.
public struct CSVOutput: Sendable {
    /// Also write the French copies.
    public var french = false
    /// Start every file with a UTF-8 byte-order mark (for Excel on a double click).
    public var byteOrderMark = false
    /// Keep every metric in aggregate.csv, the constant ones too.
    public var allColumns = false

    public init(french: Bool = false, byteOrderMark: Bool = false, allColumns: Bool = false) {
        self.french = french
        self.byteOrderMark = byteOrderMark
        self.allColumns = allColumns
    }

    /// The dialects written, English first.
    public var formats: [CSVFormat] { french ? [.standard, .french] : [.standard] }

    /// The byte-order mark, or nothing.
    public var mark: String { byteOrderMark ? "\u{FEFF}" : "" }

    /// The name of file `name` (`summary.csv`) in `format`: `summary.fr.csv` in French.
    public static func fileName(_ name: String, _ format: CSVFormat) -> String {
        format == .french && name.hasSuffix(".csv") ? String(name.dropLast(4)) + ".fr.csv" : name
    }

    /// Writes one table into `folder` in each dialect; returns the English file's path.
    /// - Throws: `InputError` when a file cannot be written.
    @discardableResult
    func write(_ name: String, in folder: SweepDirectory, _ text: (CSVFormat) -> String) throws -> String {
        for (file, content) in files(name, text) { try OutputFile.write(content, to: folder.file(file)) }
        return folder.file(name)
    }

    /// Each dialect's file name and text of one table, `text` building it in a dialect.
    public func files(_ name: String, _ text: (CSVFormat) -> String) -> [(name: String, text: String)] {
        formats.map { (CSVOutput.fileName(name, $0), mark + text($0)) }
    }
}
