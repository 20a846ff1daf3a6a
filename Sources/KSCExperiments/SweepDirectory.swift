import Foundation
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// The folder of a sweep: `scenario.resolved.yaml` (what the sweep is), `plan.csv`
/// (its runs), `runs/<index>.csv` (one file per finished run, written atomically),
/// `runs/<index>.failed` (the error of a run that failed), and after merge `sweep.csv`
/// and `aggregate.csv`.
public struct SweepDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    var runsFolder: String { file("runs") }
    func runFile(_ index: Int) -> String { (runsFolder as NSString).appendingPathComponent("\(index).csv") }
    func failedFile(_ index: Int) -> String { (runsFolder as NSString).appendingPathComponent("\(index).failed") }

    /// Columns of plan.csv.
    static func planColumns(_ plan: SweepPlan) -> [String] { ["index", "point", "replication", "seed"] + plan.columns }

    /// Makes the folder ready for `plan`: writes scenario.resolved.yaml and plan.csv.
    /// A folder holding another sweep is refused unless `force`, which deletes its results.
    /// - Throws: `InputError` naming the folder.
    public func prepare(_ plan: SweepPlan, force: Bool) throws {
        let fm = FileManager.default
        let resolved = file("scenario.resolved.yaml")
        let existing = fm.contents(atPath: resolved).flatMap { String(data: $0, encoding: .utf8) }
        if let existing, existing != plan.resolvedText {
            guard force else {
                let line = zip(existing.split(separator: "\n", omittingEmptySubsequences: false),
                               plan.resolvedText.split(separator: "\n", omittingEmptySubsequences: false))
                    .enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset + 1 } ?? 1
                throw InputError("--out \(path): holds results of a different sweep (scenario.resolved.yaml differs from line \(line)); use --force to discard them, or another --out")
            }
            for name in ["runs", "sweep.csv", "aggregate.csv", "plan.csv"] { try? fm.removeItem(atPath: file(name)) }
        }
        do {
            try fm.createDirectory(atPath: runsFolder, withIntermediateDirectories: true)
        } catch {
            throw InputError("--out \(path): cannot create the folder (\(error.localizedDescription))")
        }
        if existing != plan.resolvedText {
            try OutputFile.write(plan.resolvedText, to: resolved)
        }
        var table = CSVFormat.standard.header(SweepDirectory.planColumns(plan))
        for index in 0..<plan.runCount {
            let run = plan.run(index)
            table += CSVFormat.standard.line([.int(index), .int(run.point), .int(run.replication), .uint(run.seed)]
                                             + plan.pointLabels[run.point].map { .text($0) })
        }
        if fm.contents(atPath: file("plan.csv")).flatMap({ String(data: $0, encoding: .utf8) }) != table {
            try OutputFile.write(table, to: file("plan.csv"))
        }
    }

    /// State of each run.
    public enum RunState: Equatable, Sendable {
        case done, failed(String), missing
    }

    /// Whether run `index` has a complete result file, a failure note, or nothing.
    public func state(of index: Int) -> RunState {
        if let text = FileManager.default.contents(atPath: runFile(index)).flatMap({ String(data: $0, encoding: .utf8) }),
           SweepDirectory.isComplete(text) {
            return .done
        }
        if let note = FileManager.default.contents(atPath: failedFile(index)).flatMap({ String(data: $0, encoding: .utf8) }) {
            return .failed(note.trimmingSpaces())
        }
        return .missing
    }

    /// A run file is complete when it has the summary header and one row of as many fields.
    static func isComplete(_ text: String) -> Bool {
        guard let rows = try? CSVReader.rows(text, file: ""), rows.count == 2 else { return false }
        return rows[0] == SummaryRecord.columnNames && rows[1].count == SummaryRecord.columns.count
    }

    /// Counts of runs by state and the indexes not done.
    public struct Status: Sendable {
        public var done = 0, failed = 0, missing = 0
        /// Indexes of runs that are not done (failed or missing).
        public var notDone: [Int] = []
        /// Messages of failed runs, by index.
        public var failures: [(Int, String)] = []
        public var total: Int { done + failed + missing }
    }

    /// The state of every run of a plan with `runCount` runs.
    public func status(runCount: Int) -> Status {
        var status = Status()
        for index in 0..<runCount {
            switch state(of: index) {
            case .done: status.done += 1
            case .failed(let message):
                status.failed += 1
                status.notDone.append(index)
                status.failures.append((index, message))
            case .missing:
                status.missing += 1
                status.notDone.append(index)
            }
        }
        return status
    }

    /// Number of runs listed in plan.csv.
    /// - Throws: `InputError` when the folder holds no sweep.
    public func plannedRuns() throws -> Int {
        try readPlan().rows.count
    }

    func readPlan() throws -> (header: [String], rows: [[String]]) {
        let planPath = file("plan.csv")
        guard let text = FileManager.default.contents(atPath: planPath).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw InputError("\(path): not a sweep folder (no plan.csv); run kscsim sweep or kscsim slurm first")
        }
        let rows = try CSVReader.rows(text, file: planPath)
        guard let header = rows.first, Array(header.prefix(4)) == ["index", "point", "replication", "seed"] else {
            throw InputError("\(planPath):1: not a kscsim plan (expected index, point, replication, seed, ...)")
        }
        return (header, Array(rows.dropFirst()))
    }
}

/// Indexes as compact ranges: `0-3, 7, 9-10`.
public func compactRanges(_ indexes: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    while i < indexes.count {
        var j = i
        while j + 1 < indexes.count && indexes[j + 1] == indexes[j] + 1 { j += 1 }
        parts.append(i == j ? "\(indexes[i])" : "\(indexes[i])-\(indexes[j])")
        i = j + 1
    }
    return parts.joined(separator: ", ")
}
