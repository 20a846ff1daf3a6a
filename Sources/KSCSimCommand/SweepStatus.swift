import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

/// `kscsim sweep status DIR`.
struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Print which runs of the sweep in DIR are done, failed or missing; exit 0 only when every run is done.")

    @Argument(help: ArgumentHelp("Sweep folder.", valueName: "dir"))
    var directory: String

    @Flag(help: "Print nothing, only set the exit status.")
    var quiet = false

    func run() throws {
        try SweepStatusCommand.report(SweepDirectory(path: directory), quiet: quiet)
    }

    static func report(_ directory: SweepDirectory, quiet: Bool) throws {
        let plan = try directory.loadPlan()
        var runs: [Int]?
        if plan.procedure.isSequential {
            switch try directory.advanceRounds(plan) {
            case .finished(let rounds, let used, _):
                if !quiet {
                    print(
                        "\(directory.path): the \(plan.procedure.name) procedure has finished after \(rounds) rounds, \(used.reduce(0, +)) replications; merge with: kscsim merge \(directory.path)"
                    )
                }
                return
            case .running(let round, _):
                runs = try directory.roundRuns(round, plan: plan)
                if !quiet { print("\(directory.path): the \(plan.procedure.name) procedure is at round \(round)") }
            }
        }
        let s = directory.status(plan: plan, runs: runs)
        if !quiet {
            print(
                "\(directory.path): \(s.done) done, \(s.failed) failed, \(s.damaged) damaged, \(s.claimed) being computed, \(s.missing) missing of \(runs?.count ?? plan.runCount) runs\(runs == nil ? "" : " in this round")"
            )
            if !s.notDone.isEmpty { print("not done: \(compactRanges(s.notDone))") }
            for (index, message) in s.problems.prefix(10) { print("run \(index) \(message)") }
            if s.problems.count > 10 { print("(\(s.problems.count - 10) more)") }
            if !s.notDone.isEmpty {
                print(
                    "to finish them here:  kscsim sweep \(directory.path)/scenario.resolved.yaml --out \(directory.path)"
                )
                if FileManager.default.fileExists(atPath: directory.path + "/sweep.sbatch") {
                    print("or resubmit the Slurm array (done runs are skipped):  sbatch \(directory.path)/sweep.sbatch")
                }
            }
        }
        if !s.notDone.isEmpty { throw ExitCode(1) }
    }
}

/// Progress on stderr: a bar on a terminal, plain lines otherwise.
final class Progress: @unchecked Sendable {
    let total: Int
    let start = Date()
    let terminal = isatty(2) == 1
    private let lock = NSLock()
    private var lastLine = Date.distantPast

    init(total: Int) { self.total = total }

    func update(done: Int, todo: Int) {
        lock.withLock {
            let elapsed = Date().timeIntervalSince(start)
            let eta = done > 0 ? elapsed / Double(done) * Double(todo - done) : 0
            let text = "\(done)/\(todo) runs, \(Console.human(elapsed)) elapsed, ETA \(Console.human(eta))"
            if terminal {
                let width = 30
                let filled = todo > 0 ? width * done / todo : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                // Back to the line start, the bar, then erase what a longer line left.
                FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
            } else if done == todo || Date().timeIntervalSince(lastLine) >= 5 {
                Console.error("sweep: \(text)")
                lastLine = Date()
            }
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
