import Foundation
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// Runs the runs of a sweep plan on local threads, writing each finished run's
/// summary row atomically to `runs/<index>.csv`; runs already done are skipped.
public struct SweepRunner: Sendable {
    /// Which runs this process does: those with index % count == index.
    public struct Shard: Sendable, Equatable {
        public let index: Int
        public let count: Int

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        /// Parses `I/N` with 0 <= I < N.
        /// - Throws: `InputError` quoting the text.
        public init(parsing text: String) throws {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
                throw InputError("--shard \"\(text)\" must be I/N with 0 <= I < N, e.g. 0/4")
            }
            self.init(index: i, count: n)
        }
    }

    public let plan: SweepPlan
    public let directory: SweepDirectory
    public var jobs: Int
    public var shard: Shard

    public init(plan: SweepPlan, directory: SweepDirectory, jobs: Int, shard: Shard = Shard(index: 0, count: 1)) {
        self.plan = plan
        self.directory = directory
        self.jobs = jobs
        self.shard = shard
    }

    /// What a sweep did.
    public struct Outcome: Sendable {
        /// Runs of this shard, runs skipped as already done, runs that failed now.
        public var planned = 0, skipped = 0, failed = 0
    }

    /// Runs every run of the shard that is not done yet.
    /// - Parameter progress: called after each run with (finished, to do) from any thread.
    /// - Returns: counts; failed runs have a `runs/<index>.failed` note.
    public func execute(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> Outcome {
        let plan = self.plan, directory = self.directory, shard = self.shard
        TemporaryFiles.removeStale(in: directory.runsFolder)
        let mine = (0..<plan.runCount).filter { $0 % shard.count == shard.index }
        let todo = mine.filter { directory.state(of: $0) != .done }
        let queue = WorkQueue(todo)
        let workers = Swift.max(1, Swift.min(jobs, todo.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = queue.next() {
                let ok = SweepRunner.perform(index, plan: plan, directory: directory)
                progress(queue.finish(failed: !ok), todo.count)
            }
        }
        return Outcome(planned: mine.count, skipped: mine.count - todo.count, failed: queue.failures)
    }

    /// Runs one run and writes its file (or its failure note).
    static func perform(_ index: Int, plan: SweepPlan, directory: SweepDirectory) -> Bool {
        let run = plan.run(index)
        do {
            let result = try plan.points[run.point].runReplication(run.replication)
            try OutputFile.write(CSVFormat.standard.table([result.summary]), to: directory.runFile(index))
            unlink(directory.failedFile(index))
            return true
        } catch {
            try? OutputFile.write("\(error)\n", to: directory.failedFile(index))
            return false
        }
    }
}

/// Hands out run indexes to worker threads.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int]
    private var position = 0
    private var finished = 0
    private(set) var failures = 0

    init(_ items: [Int]) { self.items = items }

    func next() -> Int? {
        lock.withLock {
            guard position < items.count else { return nil }
            defer { position += 1 }
            return items[position]
        }
    }

    /// Marks one run finished; returns how many are.
    func finish(failed: Bool) -> Int {
        lock.withLock {
            finished += 1
            if failed { failures += 1 }
            return finished
        }
    }
}
