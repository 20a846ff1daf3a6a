import KSCStatistics

/// `workers` identical servers in front of a first-come first-served queue with room
/// for `backlog` waiting jobs; a job arriving to a full queue is refused. Tracks busy
/// workers and queue length over time and each job's wait before service.
public struct ServerPool<Job> {
    /// What happened to an arriving job.
    public enum Admission: Equatable {
        case started, queued, refused
    }

    /// Number of servers.
    public let workers: Int
    /// Room in the queue (jobs waiting, not counting those in service).
    public let backlog: Int
    /// Servers busy now.
    public private(set) var busy = 0
    private var waiting: RingQueue<(job: Job, since: Double)>
    /// Busy servers over time.
    public private(set) var busyLevel: TimeWeightedLevel
    /// Queue length over time.
    public private(set) var queueLevel: TimeWeightedLevel
    /// Waits before service (seconds) of jobs that started service.
    public private(set) var waits = QuantileSketch()
    /// Jobs refused since the last statistics reset.
    public private(set) var refusedCount = 0

    public init(workers: Int, backlog: Int, at time: Double = 0) {
        precondition(workers >= 1 && backlog >= 0)
        self.workers = workers
        self.backlog = backlog
        self.waiting = RingQueue(capacity: Swift.min(backlog, 1024) + 1)
        self.busyLevel = TimeWeightedLevel(level: 0, at: time)
        self.queueLevel = TimeWeightedLevel(level: 0, at: time)
    }

    /// Jobs waiting now.
    public var queueLength: Int { waiting.count }

    /// A job arrives: it starts service if a server is free, waits if there is room,
    /// or is refused.
    /// - Complexity: O(1)
    public mutating func arrive(_ job: Job, at time: Double) -> Admission {
        if busy < workers {
            busy += 1
            busyLevel.set(Double(busy), at: time)
            waits.record(0)
            return .started
        }
        guard waiting.count < backlog else {
            refusedCount += 1
            return .refused
        }
        waiting.append((job, time))
        queueLevel.set(Double(waiting.count), at: time)
        return .queued
    }

    /// A job finishes service; the first waiting job, if any, starts on the freed
    /// server (its wait is recorded). A caller that finds that job no longer wanted
    /// calls `complete` again at once, which frees the server for the next one.
    /// - Returns: the job that starts service, if any.
    /// - Complexity: O(1)
    public mutating func complete(at time: Double) -> Job? {
        precondition(busy > 0, "ServerPool completed a job with no server busy")
        if let next = waiting.popFirst() {
            queueLevel.set(Double(waiting.count), at: time)
            waits.record(time - next.since)
            return next.job
        }
        busy -= 1
        busyLevel.set(Double(busy), at: time)
        return nil
    }

    /// A waiting job gives up: it leaves the queue, and so does every job ahead of it, which
    /// the caller knows are no longer wanted (a constant timeout gives up jobs in queue order).
    /// No wait is recorded for them.
    /// - Returns: false when no waiting job matched (the queue is then empty).
    /// - Complexity: O(k) for the k jobs removed.
    @discardableResult
    public mutating func abandon(at time: Double, where matches: (Job) -> Bool) -> Bool {
        var found = false
        while let next = waiting.popFirst() {
            if matches(next.job) {
                found = true
                break
            }
        }
        queueLevel.set(Double(waiting.count), at: time)
        return found
    }

    /// Empties the queue, returning the waiting jobs in order.
    public mutating func drainQueue(at time: Double) -> [Job] {
        let jobs = waiting.removeAll().map(\.job)
        queueLevel.set(0, at: time)
        return jobs
    }

    /// Restarts the statistics at `time`, keeping the jobs in service and waiting.
    public mutating func resetStatistics(at time: Double) {
        busyLevel.reset(at: time)
        queueLevel.reset(at: time)
        waits = QuantileSketch()
        refusedCount = 0
    }
}
