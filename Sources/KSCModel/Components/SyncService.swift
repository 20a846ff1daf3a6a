import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario

/// A physical server's sync service: `syncWorkers` workers in front of a FIFO backlog of
/// `backlog` sessions, with the streams of service times and retry delays.
struct SyncService: Tracker {
    /// A sync session waiting for or holding a worker: the device and its sync token.
    typealias Job = (device: UInt32, token: UInt32)
    private(set) var pool: ServerPool<Job>
    private let service: Distribution
    private let retryAfter: Distribution
    private let serviceStream: RandomStream
    private let retryStream: RandomStream
    /// How long a session waits in the backlog before its agent gives up, s; 0 for never.
    let connectTimeout: Double

    /// - Parameter prefix: the streams' names start with it (`server.`, `servers.NAME.`).
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(config: ServerConfig, streams: StreamSet, prefix: String) throws {
        pool = ServerPool(workers: config.syncWorkers, backlog: config.backlog)
        service = config.syncService
        retryAfter = config.retryAfter
        connectTimeout = config.connectTimeout
        serviceStream = try streams.stream(prefix + "syncService")
        retryStream = try streams.stream(prefix + "retryAfter")
    }

    /// A session arrives: started on a free worker, queued, or refused (backlog full).
    mutating func arrive(_ job: Job, at time: Double) -> ServerPool<Job>.Admission { pool.arrive(job, at: time) }

    /// A worker finishes: the next queued session, if any, takes it.
    mutating func complete(at time: Double) -> Job? { pool.complete(at: time) }

    /// Session `job` gives up waiting (a connect timeout): it leaves the backlog, with the
    /// stale sessions ahead of it.
    mutating func abandon(_ job: Job, at time: Double) {
        let found = pool.abandon(at: time) { $0.device == job.device && $0.token == job.token }
        assert(found, "a session that timed out was not in the backlog")
    }

    /// Empties the backlog (an outage): the sessions that were waiting.
    mutating func drainQueue(at time: Double) -> [Job] { pool.drainQueue(at: time) }

    /// A draw of the service time of one session, s.
    /// - Complexity: O(1). Mutating (a draw advances the stream), so that a caller reaches
    ///   the service in place in its array instead of copying it (its pool and sketch).
    mutating func drawService() -> Double { service.sample(serviceStream) }

    /// A draw of `retryAfter`: how long whatever this server refused waits to try again, s.
    mutating func drawRetryAfter() -> Double { retryAfter.sample(retryStream) }

    mutating func resetStatistics(at time: Double) { pool.resetStatistics(at: time) }
}
