import KSCStatistics

/// Every counter of a run and the one warm-up rule: an observation counts when what it
/// is about (a launch, a device going off) happened at or after the warm-up; counters of
/// events restart when the clock reaches the warm-up.
struct ModelStatistics: Tracker {
    /// Statistics count only tasks launched and time after this, s.
    let warmup: Double
    /// Sampling period of `timeseries.csv`, s; nil for none.
    let timeseriesStep: Double?
    var latency: LatencyBook
    var tasksLaunched = 0
    /// Per deadline of `within_*`: (task, device) pairs launched after the warm-up and at
    /// least that deadline before the horizon (the denominators).
    var pairsWithin = [Int](repeating: 0, count: LatencyBook.thresholds.count)
    var syncs = 0
    /// Completed sessions that delivered a task: the server's "real" syncs.
    var realSyncs = 0
    /// Bytes of completed sync sessions: up (devices to servers) and down.
    var bytesUp = 0.0, bytesDown = 0.0
    /// Time-series samples and window closings (events that are observation, not model: left
    /// out of `events`).
    var samples: UInt64 = 0
    /// Sync connections that reached a server, and that reached a gateway (first tries and
    /// retries): the denominators of the refusal causes.
    var serverArrivals = 0
    var gatewayArrivals = 0
    /// Sessions that had to wait in a backlog (the denominator of connect timeouts).
    var queued = 0
    /// Sync connections refused, by cause (`RefusalCause`); they add up to `connections_refused`.
    var refused = [Int](repeating: 0, count: RefusalCause.allCases.count)
    /// Every sync connection refused.
    var connectionsRefused: Int { refused.reduce(0, +) }
    var wakeSent = 0
    var wakeLost = 0
    var wakeToOffline = 0
    /// Pushes of (task, device) pairs sent over held connections whose device had gone off
    /// abruptly (the server still counted the connection as held).
    var pushLost = 0
    /// The recoveries from outages that ended (how long until shares of the devices online at
    /// the end completed a sync).
    var recoveries: [ReachAfterEvent] = []
    var staleness = Tally()

    init(warmup: Double, horizon: Double, classCount: Int, timeseriesStep: Double?) {
        self.warmup = warmup
        self.timeseriesStep = timeseriesStep
        latency = LatencyBook(classCount: classCount, horizon: horizon)
    }

    /// Restarts the counters of events; `pairsWithin` counts by launch time and stays.
    mutating func resetStatistics(at time: Double) {
        latency = LatencyBook(classCount: latency.classCount, horizon: latency.horizon)
        tasksLaunched = 0
        syncs = 0
        realSyncs = 0
        (bytesUp, bytesDown) = (0, 0)
        serverArrivals = 0
        gatewayArrivals = 0
        queued = 0
        refused = [Int](repeating: 0, count: RefusalCause.allCases.count)
        wakeSent = 0
        wakeLost = 0
        wakeToOffline = 0
        pushLost = 0
        staleness = Tally()
    }

    /// Whether an observation about something that happened at `time` counts.
    @inline(__always)
    func counts(_ time: Double) -> Bool { time >= warmup }
}

/// Why a sync connection was refused.
enum RefusalCause: Int, CaseIterable {
    /// Its server was in an outage: at arrival, waiting in the backlog when it started, or in
    /// service across its start.
    case serverDown
    /// Every worker busy and the backlog full.
    case backlogFull
    /// Its gateway was full, down or cut off from its server (at arrival or in flight).
    case gateway
    /// It waited in the backlog longer than `connectTimeout` and gave up.
    case connectTimeout
}
