import KSCStatistics

/// Every counter of a run and the one warm-up rule: an observation counts when what it
/// is about (a launch, a device going off) happened at or after the warm-up; counters of
/// events restart when the clock reaches the warm-up.
struct ModelStatistics {
    /// Statistics count only tasks launched and time after this, s.
    let warmup: Double
    /// Sampling period of `timeseries.csv`, s; nil for none.
    let timeseriesStep: Double?
    var latency: LatencyBook
    var tasksLaunched = 0
    var syncs = 0
    var connectionsRefused = 0
    var wakeSent = 0, wakeLost = 0, wakeToOffline = 0
    var staleness = Tally()

    init(warmup: Double, classCount: Int, timeseriesStep: Double?) {
        self.warmup = warmup
        self.timeseriesStep = timeseriesStep
        latency = LatencyBook(classCount: classCount)
    }

    /// Whether an observation about something that happened at `time` counts.
    @inline(__always)
    func counts(_ time: Double) -> Bool { time >= warmup }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// The clock reached the warm-up: counters and levels restart.
    mutating func warmupEnded(at time: Double) {
        stats.latency = LatencyBook(classCount: fleet.classes.count)
        stats.tasksLaunched = 0
        stats.syncs = 0
        stats.connectionsRefused = 0
        stats.wakeSent = 0; stats.wakeLost = 0; stats.wakeToOffline = 0
        stats.staleness = Tally()
        server.sessions.pool.resetStatistics(at: time)
        server.held.permanent.resetStatistics(at: time)
        server.held.push.resetStatistics(at: time)
    }

    /// The `sample` event: one time-series row, then the next sample.
    mutating func sample(in sim: inout Sim) {
        let pool = server.sessions.pool
        sink.record(TimeseriesRecord(
            replication: replication, time: sim.now, online: fleet.online, permInUse: server.held.permanent.inUse,
            queueLength: pool.queueLength, busyWorkers: pool.busy, undelivered: delivery.pending))
        if let step = stats.timeseriesStep, sim.now + step <= scenario.horizon {
            sim.schedule(.sample, after: step, priority: EventPriority.sample)
        }
    }

    /// The summary and latency rows at the end of the run.
    mutating func results(seed: UInt64, events: UInt64) -> (SummaryRecord, [LatencyRecord]) {
        let horizon = scenario.horizon
        for d in fleet.devices.indices where !fleet.devices[d].online { recordStaleness(d, until: horizon) }
        var undelivered = 0
        for d in fleet.devices.indices {
            let tasks = fleet.runtime(of: d).tasks
            for k in Int(fleet.devices[d].delivered)..<tasks.count where stats.counts(tasks[k].time) { undelivered += 1 }
        }
        let latency = stats.latency, all = latency.overall
        let n = Double(Swift.max(all.count, 1))
        let permanent = server.held.permanent, pool = server.sessions.pool
        var s = SummaryRecord()
        s.scenario = scenario.name
        s.replication = replication
        s.seed = seed
        s.devices = fleet.devices.count
        s.horizonSeconds = horizon
        s.tasksLaunched = stats.tasksLaunched
        s.deliveries = all.count
        s.undelivered = undelivered
        s.latencyMean = all.mean
        s.latencyP50 = all.quantile(0.5)
        s.latencyP90 = all.quantile(0.9)
        s.latencyP95 = all.quantile(0.95)
        s.latencyP99 = all.quantile(0.99)
        s.latencyMax = all.max
        s.within60 = Double(latency.within[0]) / n
        s.within300 = Double(latency.within[1]) / n
        s.within900 = Double(latency.within[2]) / n
        s.within3600 = Double(latency.within[3]) / n
        s.viaPush = latency.byPath[DeliveryPath.push.rawValue]
        s.viaWake = latency.byPath[DeliveryPath.wake.rawValue]
        s.viaSync = latency.byPath[DeliveryPath.sync.rawValue]
        s.viaStartup = latency.byPath[DeliveryPath.startup.rawValue]
        s.permAttempts = permanent.attempts
        s.permRefused = permanent.refused
        s.permBlocking = permanent.attempts > 0 ? Double(permanent.refused) / Double(permanent.attempts) : 0
        s.permInUseMean = permanent.level.mean(at: horizon)
        s.permInUseMax = permanent.level.maximum
        s.syncs = stats.syncs
        s.syncWaitMean = pool.waits.mean
        s.syncWaitP99 = pool.waits.quantile(0.99)
        s.queueLengthMax = Int(pool.queueLevel.maximum)
        s.serverUtilization = pool.busyLevel.mean(at: horizon) / Double(pool.workers)
        s.connectionsRefused = stats.connectionsRefused
        s.wakeSent = stats.wakeSent
        s.wakeLost = stats.wakeLost
        s.wakeToOffline = stats.wakeToOffline
        s.statusStaleMean = stats.staleness.mean
        s.events = events
        return (s, latencyRows())
    }

    /// One latency row per (class or all, path or all).
    func latencyRows() -> [LatencyRecord] {
        var rows: [LatencyRecord] = []
        let classCount = fleet.classes.count
        for c in 0...classCount {
            for path in [nil] + DeliveryPath.allCases.map(Optional.some) {
                let sketch = stats.latency.sketch(classIndex: c, path: path)
                var row = LatencyRecord()
                row.scenario = scenario.name
                row.replication = replication
                row.deviceClass = c == classCount ? "all" : fleet.classes[c].spec.name
                row.path = path?.description ?? "all"
                row.count = sketch.count
                row.mean = sketch.mean
                row.p50 = sketch.quantile(0.5)
                row.p90 = sketch.quantile(0.9)
                row.p95 = sketch.quantile(0.95)
                row.p99 = sketch.quantile(0.99)
                row.max = sketch.max
                rows.append(row)
            }
        }
        return rows
    }
}
