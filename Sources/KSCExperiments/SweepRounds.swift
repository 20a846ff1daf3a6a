import Foundation
import KSCModel
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// The rounds of a sequential sweep (`precision` or `select`): round k asks for replications
/// 1 … N_k(p) of each point p, written to `rounds/<k>.csv` by whichever process creates the
/// round first. Round k + 1 is computed only from the runs of rounds 1 … k, once they are
/// all done, and a procedure replays its decisions replication by replication, so the
/// rounds and every result are the same whatever the threads, shards or order of finishing.
extension SweepDirectory {
    var roundsFolder: String { file("rounds") }
    func roundFile(_ k: Int) -> String { (roundsFolder as NSString).appendingPathComponent("\(k).csv") }

    /// Where a sequential sweep stands.
    public enum RoundState: Sendable {
        /// Round `round` has runs not done yet (`runs`: their indexes).
        case running(round: Int, runs: [Int])
        /// The procedure has finished after `round` rounds with `decision`; `used`
        /// replications per point.
        case finished(round: Int, used: [Int], decision: Decision)
    }

    /// The replications of each point asked for by round `k` (nil when the round does not exist).
    func roundTargets(_ k: Int, plan: SweepPlan) throws -> [Int]? {
        guard
            let text = FileManager.default.contents(atPath: roundFile(k)).flatMap({ String(data: $0, encoding: .utf8) })
        else { return nil }
        let rows = try CSVReader.rows(text, file: roundFile(k))
        guard rows.first == ["point", "replications"], rows.count == plan.points.count + 1 else {
            throw InputError(
                "\(roundFile(k)): not a round file of this sweep (cut or edited); delete the rounds folder to start the rounds again"
            )
        }
        return try rows.dropFirst().enumerated().map { p, row in
            guard row.count == 2, row[0] == String(p), let n = Int(row[1]), n >= 0, n <= plan.replications else {
                throw InputError(
                    "\(roundFile(k)): row \(p + 2) is not \"\(p),N\" with 0 <= N <= \(plan.replications); delete the rounds folder to start again"
                )
            }
            return n
        }
    }

    /// Every run of round `k` (done or not).
    /// - Throws: `InputError` when the round does not exist or its file is damaged.
    public func roundRuns(_ k: Int, plan: SweepPlan) throws -> [Int] {
        guard let targets = try roundTargets(k, plan: plan) else { throw InputError("\(roundFile(k)): missing") }
        return SweepDirectory.runs(targets, plan: plan)
    }

    /// Claims the submission of round `k` to a batch system for this process (exclusive
    /// create of `rounds/<k>.submitted`); false when another process has it.
    public func claimSubmission(ofRound k: Int) -> Bool {
        let fd = open(
            (roundsFolder as NSString).appendingPathComponent("\(k).submitted"), O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Run indexes of replications 1 … targets[p] of every point.
    static func runs(_ targets: [Int], plan: SweepPlan) -> [Int] {
        targets.enumerated().flatMap { p, n in (0..<n).map { p * plan.replications + $0 } }
    }

    /// The aggregated metrics of replications 1 … targets[p] of each point, reading each run
    /// file once, and the runs among them that are not done (their values are NaN).
    func read(_ targets: [Int], plan: SweepPlan) -> (data: [[[Double]]], missing: [Int]) {
        let metrics = plan.metrics
        let count = metrics.names.count
        var missing: [Int] = []
        let data = targets.enumerated().map { p, n in
            (0..<n).map { r -> [Double] in
                let index = p * plan.replications + r
                guard let fields = summaryFields(of: index, plan: plan) else {
                    missing.append(index)
                    return [Double](repeating: .nan, count: count)
                }
                return metrics.values(fields: fields)
            }
        }
        return (data, missing)
    }

    /// The aggregated metrics of replications 1 … targets[p] of each point (all done).
    func observations(_ targets: [Int], plan: SweepPlan) -> [[[Double]]] {
        read(targets, plan: plan).data
    }

    /// What the procedure decides from the runs of rounds 1 … k.
    public enum Decision: Sendable {
        case precision([FixedWidthStopping.Decision])
        case select(SequentialSelection.Outcome)

        /// Replications each point needs before the replay can go on (nil: none).
        var needs: [Int?] {
            switch self {
            case .precision(let list): return list.map { $0.stopped ? nil : $0.used + 1 }
            case .select(let outcome): return outcome.needs
            }
        }

        /// Replications the procedure used per point.
        public var used: [Int] {
            switch self {
            case .precision(let list): return list.map(\.used)
            case .select(let outcome): return outcome.used
            }
        }
    }

    /// Replays the plan's procedure on each point's replications 1, 2, … (`data`).
    func decide(_ data: [[[Double]]], plan: SweepPlan) throws -> Decision {
        switch plan.procedure {
        case .fixed:
            return .precision(data.map { FixedWidthStopping.Decision(used: $0.count, stopped: true, met: false) })
        case .precision(let rule):
            return .precision(data.map { rule.stopping.decide($0) })
        case .select(let rule):
            return .select(try rule.procedure(points: plan.points).replay(data))
        }
    }

    /// Brings the rounds up to date: checks the last round and, when its runs are all done,
    /// writes the next round (or reports the procedure finished).
    /// - Throws: `InputError` for a damaged round file or an unwritable folder.
    public func advanceRounds(_ plan: SweepPlan) throws -> RoundState {
        precondition(plan.procedure.isSequential)
        try FileManager.default.createDirectory(atPath: roundsFolder, withIntermediateDirectories: true)
        var k = 1
        var targets: [Int]
        if let first = try roundTargets(1, plan: plan) {
            targets = first
            while let next = try roundTargets(k + 1, plan: plan) {
                targets = next
                k += 1
            }
        } else {
            targets = Array(
                repeating: Swift.min(plan.procedure.firstRound, plan.replications), count: plan.points.count)
            try writeRound(1, targets)
        }
        while true {
            let (data, missing) = read(targets, plan: plan)
            if !missing.isEmpty { return .running(round: k, runs: missing) }
            let decision = try decide(data, plan: plan)
            let needs = decision.needs
            if needs.allSatisfy({ $0 == nil }) { return .finished(round: k, used: decision.used, decision: decision) }
            let step = plan.procedure.roundSize
            let next = zip(targets, needs).map { current, need in
                need.map { Swift.min(plan.replications, Swift.max(current, $0 - 1 + step)) } ?? current
            }
            precondition(next != targets, "a round must ask for more replications")
            k += 1
            targets = next
            try writeRound(k, targets)
        }
    }

    /// Writes round `k` unless a process wrote it already (the text is the same).
    func writeRound(_ k: Int, _ targets: [Int]) throws {
        guard !FileManager.default.fileExists(atPath: roundFile(k)) else { return }
        var text = CSVFormat.standard.header(["point", "replications"])
        for (p, n) in targets.enumerated() { text += CSVFormat.standard.line([.int(p), .int(n)]) }
        try OutputFile.write(text, to: roundFile(k))
    }
}

extension SweepRunner {
    /// What a sequential sweep did.
    public struct RoundsOutcome: Sendable {
        /// Totals over the rounds this process worked on.
        public var runs = Outcome()
        /// Where the sweep stands now.
        public var state: SweepDirectory.RoundState
    }

    /// Runs a sequential sweep round after round until its procedure finishes, or until this
    /// shard has nothing left to do in a round other processes are still computing, or after
    /// `maxRounds` rounds.
    /// - Parameter roundStarted: called with each round's number and its runs not done.
    /// - Throws: `InputError` for a damaged round file.
    public func executeRounds(
        maxRounds: Int? = nil,
        roundStarted: (Int, Int) -> Void = { _, _ in },
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        failure: @escaping @Sendable (Int, String) -> Void = { _, _ in }
    ) throws -> RoundsOutcome {
        var total = Outcome()
        var rounds = 0
        while true {
            let state = try directory.advanceRounds(plan)
            guard case .running(let round, let runs) = state else { return RoundsOutcome(runs: total, state: state) }
            let mine = runs.filter { $0 % shard.count == shard.index }
            if mine.isEmpty || rounds == maxRounds || total.failed > 0 {
                return RoundsOutcome(runs: total, state: state)
            }
            roundStarted(round, mine.count)
            let outcome = execute(runs: runs, progress: progress, failure: failure)
            total.planned += outcome.planned
            total.skipped += outcome.skipped
            total.failed += outcome.failed
            total.claimedElsewhere += outcome.claimedElsewhere
            total.computed += outcome.computed
            rounds += 1
        }
    }
}
