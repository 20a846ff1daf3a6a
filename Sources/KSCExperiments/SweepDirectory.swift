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
    /// The node rows of run `index` (`runs/<index>.nodes`).
    func nodesFile(_ index: Int) -> String { (runsFolder as NSString).appendingPathComponent("\(index).nodes") }
    /// The time-series rows of run `index` (`runs/<index>.series`), when the sweep records them.
    func seriesFile(_ index: Int) -> String { (runsFolder as NSString).appendingPathComponent("\(index).series") }
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
                let line =
                    zip(
                        existing.split(separator: "\n", omittingEmptySubsequences: false),
                        plan.resolvedText.split(separator: "\n", omittingEmptySubsequences: false)
                    )
                    .enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset + 1 } ?? 1
                let lines = existing.split(separator: "\n", omittingEmptySubsequences: false)
                if line <= lines.count, lines[line - 1].hasPrefix("kscsimBuild:") {
                    throw InputError(
                        "--out \(path): holds results made by another kscsim build (\(lines[line - 1]); this is \(KSCSimVersion.build)); results of two builds are not mixed: use --force to discard them, or another --out"
                    )
                }
                throw InputError(
                    "--out \(path): holds results of a different sweep (scenario.resolved.yaml differs from line \(line)); use --force to discard them, or another --out"
                )
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
        let table = SweepDirectory.planTable(plan)
        if fm.contents(atPath: file("plan.csv")).flatMap({ String(data: $0, encoding: .utf8) }) != table {
            try OutputFile.write(table, to: file("plan.csv"))
        }
        TemporaryFiles.removeStale(in: runsFolder)
        removeStaleClaims()
    }

    /// The text of plan.csv for `plan`.
    static func planTable(_ plan: SweepPlan) -> String {
        var table = CSVFormat.standard.header(planColumns(plan))
        for index in 0..<plan.runCount {
            let run = plan.run(index)
            table += CSVFormat.standard.line(
                [.int(index), .int(run.point), .int(run.replication), .uint(run.seed)]
                    + plan.pointLabels[run.point].map { .text($0) })
        }
        return table
    }

    /// The folder's plan, from its scenario.resolved.yaml, checked against its plan.csv.
    /// - Throws: `InputError` naming the file when the folder holds no sweep, or when
    ///   plan.csv was cut or edited.
    public func loadPlan() throws -> SweepPlan {
        let resolved = file("scenario.resolved.yaml")
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw InputError(
                "\(path): not a sweep folder (no scenario.resolved.yaml); run kscsim sweep or kscsim slurm first")
        }
        let plan = try SweepPlan.load(path: resolved)
        let planFile = file("plan.csv")
        let text = FileManager.default.contents(atPath: planFile).flatMap { String(data: $0, encoding: .utf8) }
        guard text == SweepDirectory.planTable(plan) else {
            throw InputError(
                "\(planFile): \(text == nil ? "missing" : "does not match scenario.resolved.yaml (cut or edited)"); rerun kscsim sweep \(resolved) --out \(path) to rewrite it"
            )
        }
        return plan
    }

    /// State of each run.
    public enum RunState: Equatable, Sendable {
        case done
        /// The run failed; its error.
        case failed(String)
        /// A file is there but is not this run's result (another sweep, another run, edited).
        case damaged(String)
        /// A process (host and pid) is computing it.
        case claimed(String)
        case missing
    }

    /// Whether run `index` of `plan` has a valid result file, a failure note, a claim, or nothing.
    public func state(of index: Int, plan: SweepPlan) -> RunState {
        let fm = FileManager.default
        if let text = fm.contents(atPath: runFile(index)).flatMap({ String(data: $0, encoding: .utf8) }) {
            switch RunFile.check(text, index: index, seed: plan.run(index).seed, hash: plan.hash, classes: plan.classes)
            {
            case .success: return companionProblem(of: index, plan: plan).map(RunState.damaged) ?? .done
            case .failure(let problem): return .damaged("\(runFile(index)): \(problem.reason)")
            }
        }
        if let claim = fm.contents(atPath: claimFile(index)).flatMap({ String(data: $0, encoding: .utf8) }) {
            return .claimed(claim.trimmingSpaces())
        }
        if let note = fm.contents(atPath: failedFile(index)).flatMap({ String(data: $0, encoding: .utf8) }) {
            return .failed(note.trimmingSpaces())
        }
        return .missing
    }

    /// The summary fields of run `index`'s valid result file.
    func summaryFields(of index: Int, plan: SweepPlan) -> [String]? {
        guard
            let text = FileManager.default.contents(atPath: runFile(index)).flatMap({
                String(data: $0, encoding: .utf8)
            }),
            case .success(let fields) = RunFile.check(
                text, index: index, seed: plan.run(index).seed, hash: plan.hash, classes: plan.classes)
        else { return nil }
        return fields
    }

    /// What is wrong with the rows beside a valid run file (`runs/<index>.nodes`, and
    /// `runs/<index>.series` when the sweep records time series), or nil when they are whole:
    /// a run is done only with all of its files, so a damaged one is computed again.
    func companionProblem(of index: Int, plan: SweepPlan) -> String? {
        let seed = plan.run(index).seed
        if let problem = RunNodesFile.read(
            path: nodesFile(index), index: index, seed: seed, hash: plan.hash, each: { _ in })
        {
            return "\(nodesFile(index)): \(problem.reason)"
        }
        if plan.timeseriesStep != nil,
            let problem = RunSeriesFile.read(
                path: seriesFile(index), index: index, seed: seed, hash: plan.hash, each: { _ in })
        {
            return "\(seriesFile(index)): \(problem.reason)"
        }
        return nil
    }

    /// Counts of runs by state and the indexes not done.
    public struct Status: Sendable {
        public var done = 0, failed = 0, damaged = 0, claimed = 0, missing = 0
        /// Indexes of runs that are not done.
        public var notDone: [Int] = []
        /// What is wrong with runs that failed, are damaged or claimed, by index.
        public var problems: [(Int, String)] = []
        public var total: Int { done + failed + damaged + claimed + missing }
    }

    /// The state of every run of `plan`.
    /// - Parameter runs: the runs to look at (default: every run of the plan).
    public func status(plan: SweepPlan, runs: [Int]? = nil) -> Status {
        var status = Status()
        for index in runs ?? Array(0..<plan.runCount) {
            let state = state(of: index, plan: plan)
            switch state {
            case .done: status.done += 1
            case .failed(let message):
                status.failed += 1
                status.problems.append((index, "failed: \(message)"))
            case .damaged(let message):
                status.damaged += 1
                status.problems.append((index, "damaged: \(message)"))
            case .claimed(let owner):
                status.claimed += 1
                status.problems.append((index, "being computed by \(owner)"))
            case .missing: status.missing += 1
            }
            if state != .done { status.notDone.append(index) }
        }
        return status
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
