import ArgumentParser
import KSCExperiments
import KSCSupport

/// The words a command's help uses for its folder, its files and what `--force` discards.
protocol FolderWords {
    /// Help of `--out`.
    static var out: String { get }
    /// What a different one of in the folder is discarded by `--force` ("sweep", "design").
    static var what: String { get }
    /// The CSV files `--bom` marks ("each CSV file", "compare.csv").
    static var files: String { get }
}

extension FolderWords {
    static var what: String { "sweep" }
    static var files: String { "each CSV file" }
}

/// `--out DIR` where the command has a default folder.
struct OutputFolderOption<Words: FolderWords>: ParsableArguments {
    @Option(help: ArgumentHelp(Words.out, valueName: "dir"))
    var out: String?
}

/// `--out DIR`, required: a sweep folder.
struct SweepFolderOption<Words: FolderWords>: ParsableArguments {
    @Option(help: ArgumentHelp(Words.out, valueName: "dir"))
    var out: String
}

/// `--jobs` and `--shard`: how a command that runs a folder's runs spreads them.
struct ParallelOptions: ParsableArguments {
    @Option(help: "Runs in parallel (default: all cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Run only the runs with index % N == I.", valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let shard { _ = try SweepRunner.Shard(parsing: shard) }
    }
}

/// `--force`: a folder of something else is discarded instead of refused.
struct ForceOption<Words: FolderWords>: ParsableArguments {
    @Flag(help: ArgumentHelp("Discard the results of a different \(Words.what) in the folder."))
    var force = false
}

/// `--csv-locale` and `--bom`: the dialects of the CSV files a command writes.
struct CSVOptions<Words: FolderWords>: ParsableArguments {
    @Option(
        help:
            "en: the CSV files in English (',' and '.'); fr: also a French copy of each beside it, NAME.fr.csv (';' and decimal commas, for spreadsheets in French)."
    )
    var csvLocale: CSVFormat = .standard

    @Flag(
        help: ArgumentHelp(
            "Start \(Words.files) with a UTF-8 byte-order mark (Excel then reads accents right on a double click)."))
    var bom = false
}

extension CSVOptions {
    /// What the options ask for; `allColumns` from `--all-columns` where the command has it.
    func output(allColumns: Bool = false) -> CSVOutput {
        CSVOutput(french: csvLocale == .french, byteOrderMark: bom, allColumns: allColumns)
    }
}

/// `--all-columns`: aggregate.csv with every metric, the constant ones too.
struct AggregateOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Keep every metric in aggregate.csv (by default a metric with the same value in every run is left out; metrics.csv has them all)."
        ))
    var allColumns = false
}

/// The folder words of each command.
enum RunFolder: FolderWords {
    static let out = "Output folder (default: out/<scenario name>, which git ignores; Results/ is for make results)."
}
enum SweepFolder: FolderWords {
    static let out = "Sweep folder."
}
enum SlurmFolder: FolderWords {
    static let out = "Sweep folder, on storage the cluster's nodes share."
}
enum CompareFolder: FolderWords {
    static let out = "Output folder (default: out/compare-<A's name>)."
    static let what = "comparison"
    static let files = "compare.csv"
}
enum ScreenFolder: FolderWords {
    static let out = "Output folder (default: out/screen-<scenario name>)."
    static let what = "design"
    static let files = "screening.csv"
}
enum WarmupFolder: FolderWords {
    static let out = "Output folder (default: out/warmup-<scenario name>)."
    static let what = "check"
}
