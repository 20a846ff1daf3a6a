import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// A physical server's sync service: `syncWorkers` workers in front of a FIFO backlog of
/// `backlog` sessions, with the streams of service times and retry delays.
struct SyncService: Tracker {
    /// A sync session waiting for or holding a worker: the device and its sync token.
    typealias Job = (device: UInt32, token: UInt32)
    private(set) var pool: ServerPool<Job>
    private let service: Distribution
    /// Under `sessionCost: by-kind`: the heartbeat and full-sync times and the woken factor.
    private let byKind: (heartbeat: Distribution, fullSync: Distribution, forcedFactor: Double)?
    private let retryAfter: Distribution
    private let serviceStream: RandomStream
    private let retryStream: RandomStream
    /// How long a session waits in the backlog before its agent gives up, s; 0 for never.
    let connectTimeout: Double
    /// 1 while every worker is busy and the backlog is full (the next arrival is refused).
    private(set) var full = TimeWeightedLevel()
    /// Utilization and refusals per 1-minute window.
    private(set) var peaks = WindowPeaks()

    /// - Parameter prefix: the streams' names start with it (`server.`, `servers.NAME.`).
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(config: ServerConfig, streams: StreamSet, prefix: String) throws {
        pool = ServerPool(workers: config.syncWorkers, backlog: config.backlog)
        service = config.syncService
        byKind =
            config.sessionCost == .byKind
            ? (config.heartbeatService, config.fullSyncService, config.forcedSyncFactor) : nil
        retryAfter = config.retryAfter
        connectTimeout = config.connectTimeout
        serviceStream = try streams.stream(prefix + "syncService")
        retryStream = try streams.stream(prefix + "retryAfter")
    }

    /// A session arrives: started on a free worker, queued, or refused (backlog full).
    mutating func arrive(_ job: Job, at time: Double) -> ServerPool<Job>.Admission {
        let admission = pool.arrive(job, at: time)
        noteFull(at: time)
        return admission
    }

    /// A worker finishes: the next queued session, if any, takes it.
    mutating func complete(at time: Double) -> Job? {
        let next = pool.complete(at: time)
        noteFull(at: time)
        return next
    }

    /// Records whether the service is full now (only changes are recorded).
    /// - Complexity: O(1)
    @inline(__always)
    private mutating func noteFull(at time: Double) {
        let isFull: Double = pool.busy == pool.workers && pool.queueLength >= pool.backlog ? 1 : 0
        if isFull != full.level { full.set(isFull, at: time) }
    }

    /// Closes a 1-minute window at `time`: the busy workers' area and `refused`, the sessions
    /// of this server's group refused since the warm-up.
    mutating func closeWindow(width: Double, at time: Double, refused: Int) {
        peaks.close(
            width: width, integral: pool.busyLevel.integral(at: time), count: refused, capacity: Double(pool.workers))
    }

    /// Session `job` gives up waiting (a connect timeout): it leaves the backlog, with the
    /// stale sessions ahead of it.
    mutating func abandon(_ job: Job, at time: Double) {
        let found = pool.abandon(at: time) { $0.device == job.device && $0.token == job.token }
        assert(found, "a session that timed out was not in the backlog")
        noteFull(at: time)
    }

    /// Empties the backlog (an outage): the sessions that were waiting.
    mutating func drainQueue(at time: Double) -> [Job] {
        let jobs = pool.drainQueue(at: time)
        noteFull(at: time)
        return jobs
    }

    /// A draw of the service time of one session, s.
    /// - Complexity: O(1). Mutating (a draw advances the stream), so that a caller reaches
    ///   the service in place in its array instead of copying it (its pool and sketch).
    /// - Parameters:
    ///   - full: the session carries a task (a full sync), else it is a heartbeat.
    ///   - forced: the session was woken (a forced sync).
    mutating func drawService(full: Bool, forced: Bool) -> Double {
        guard let byKind else { return service.sample(serviceStream) }
        let draw = (full ? byKind.fullSync : byKind.heartbeat).sample(serviceStream)
        return forced ? draw * byKind.forcedFactor : draw
    }

    /// A draw of `retryAfter`: how long whatever this server refused waits to try again, s.
    mutating func drawRetryAfter() -> Double { retryAfter.sample(retryStream) }

    mutating func resetStatistics(at time: Double) {
        pool.resetStatistics(at: time)
        full.reset(at: time)
        peaks.reset()
    }
}
