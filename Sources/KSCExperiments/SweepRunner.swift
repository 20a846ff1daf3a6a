import Foundation
import KSCModel
import KSCRandom
import KSCRecords
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
        /// Runs of this shard, runs skipped as already done, runs that failed now, runs left
        /// to another process that claimed them.
        public var planned = 0, skipped = 0, failed = 0, claimedElsewhere = 0
        /// Runs this process computed (done or failed).
        public var computed = 0
    }

    /// Runs every run of the shard that is not done yet and not claimed by another live
    /// process (so that two sweeps on one folder share the work), then waits for the runs
    /// others claimed until they are done, or computes them when their claims expire (see
    /// `SweepClaims.swift`): it returns only when every run of the shard is done or failed. A
    /// damaged run (a file of another sweep, another run, edited or cut) is computed again.
    /// - Parameters:
    ///   - progress: called after each run with (finished, to do) from any thread.
    ///   - failure: called with a failed run's index and error, from any thread (the note
    ///     in `runs/<index>.failed` may not be writable, e.g. on a full disk).
    /// - Returns: counts; failed runs have a `runs/<index>.failed` note when it could be written.
    /// - Parameter runs: the runs to do (default: every run of the plan), e.g. a round's.
    public func execute(
        runs: [Int]? = nil, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        failure: @escaping @Sendable (Int, String) -> Void = { _, _ in }
    ) -> Outcome {
        let plan = self.plan
        let directory = self.directory
        let shard = self.shard
        TemporaryFiles.removeStale(in: directory.runsFolder)
        directory.removeStaleClaims()
        let mine = (runs ?? Array(0..<plan.runCount)).filter { $0 % shard.count == shard.index }
        let todo = mine.filter { directory.state(of: $0, plan: plan) != .done }
        let lease = SweepDirectory.leaseSeconds
        let refresher = ClaimRefresher(interval: lease / 4)
        defer { refresher.stop() }
        let finished = Counter()
        let failures = Counter()
        let computed = Counter()
        var elsewhere = 0
        // Computes `batch`; returns the runs another process holds.
        func work(_ batch: [Int]) -> [Int] {
            let queue = WorkQueue(batch)
            let held = IndexList()
            let workers = Swift.max(1, Swift.min(jobs, batch.count))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = queue.next() {
                    guard directory.claim(index) else {
                        held.append(index)
                        continue
                    }
                    let claim = directory.claimFile(index)
                    refresher.hold(claim)
                    defer {
                        refresher.drop(claim)
                        directory.release(index)
                    }
                    // Another process may have finished it between the scan and the claim.
                    if directory.state(of: index, plan: plan) == .done {
                        progress(finished.increment(), todo.count)
                        continue
                    }
                    computed.increment()
                    let error = SweepRunner.perform(index, plan: plan, directory: directory)
                    if let error {
                        failures.increment()
                        failure(index, error)
                    }
                    progress(finished.increment(), todo.count)
                }
            }
            return held.sorted
        }
        var waiting = work(todo)
        var watch = ClaimWatch()
        while !waiting.isEmpty {
            Thread.sleep(forTimeInterval: Swift.min(1, lease / 4))
            let (take, done, failed) = watch.expired(&waiting, plan: plan, directory: directory, lease: lease)
            for index in done + failed {
                elsewhere += 1
                if failed.contains(index) {
                    failures.increment()
                    failure(index, "failed in another process: see \(directory.failedFile(index))")
                }
                progress(finished.increment(), todo.count)
            }
            if !take.isEmpty { waiting += work(take) }
        }
        return Outcome(
            planned: mine.count, skipped: mine.count - todo.count, failed: failures.value,
            claimedElsewhere: elsewhere, computed: computed.value)
    }

    /// Runs one run and writes its file (or its failure note); returns the error, if any.
    static func perform(_ index: Int, plan: SweepPlan, directory: SweepDirectory) -> String? {
        let run = plan.run(index)
        do {
            var sink = SeriesSink()
            let result = try plan.points[run.point].runReplication(
                run.replication, sink: &sink, timeseriesStep: plan.timeseriesStep)
            // The rows first: a run whose run file exists has its nodes (and series) file too.
            if plan.timeseriesStep != nil {
                try OutputFile.write(
                    RunSeriesFile.text(index: index, seed: run.seed, hash: plan.hash, rows: sink.samples),
                    to: directory.seriesFile(index))
            }
            try OutputFile.write(
                RunNodesFile.text(index: index, seed: run.seed, hash: plan.hash, rows: result.nodes),
                to: directory.nodesFile(index))
            try OutputFile.write(
                RunFile.text(
                    index: index, seed: run.seed, hash: plan.hash, summary: result.summary, classes: plan.classes,
                    latency: result.latency),
                to: directory.runFile(index))
            unlink(directory.failedFile(index))
            return nil
        } catch {
            let message = "\(error)"
            do {
                try OutputFile.write(message + "\n", to: directory.failedFile(index))
                return message
            } catch let noteError {
                return "\(message) (and its note could not be written: \(noteError))"
            }
        }
    }
}

/// Keeps a run's time-series samples (and no deliveries).
struct SeriesSink: RecordSink {
    var samples: [TimeseriesRecord] = []
    var wantsDeliveries: Bool { false }
    func record(_ delivery: DeliveryRecord) {}
    mutating func record(_ sample: TimeseriesRecord) { samples.append(sample) }
}

/// A count shared by worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    /// Adds one; returns the new count.
    @discardableResult func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
    var value: Int { lock.withLock { count } }
}

/// Run indexes collected by worker threads.
final class IndexList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func append(_ index: Int) { lock.withLock { items.append(index) } }
    var sorted: [Int] { lock.withLock { items.sorted() } }
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
