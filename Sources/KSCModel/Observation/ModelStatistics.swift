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
    /// Time-series samples taken (events that are observation, not model: left out of `events`).
    var samples: UInt64 = 0
    var connectionsRefused = 0
    var wakeSent = 0
    var wakeLost = 0
    var wakeToOffline = 0
    /// Pushes of (task, device) pairs sent over held connections whose device had gone off
    /// abruptly (the server still counted the connection as held).
    var pushLost = 0
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
        connectionsRefused = 0
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
