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
    /// Per deadline of `within_*`: (task, device) pairs launched after the warm-up and at
    /// least that deadline before the horizon (the denominators).
    var pairsWithin = [Int](repeating: 0, count: LatencyBook.thresholds.count)
    var syncs = 0
    /// Time-series samples taken (events that are observation, not model: left out of `events`).
    var samples: UInt64 = 0
    var connectionsRefused = 0
    var wakeSent = 0, wakeLost = 0, wakeToOffline = 0
    var staleness = Tally()

    init(warmup: Double, horizon: Double, classCount: Int, timeseriesStep: Double?) {
        self.warmup = warmup
        self.timeseriesStep = timeseriesStep
        latency = LatencyBook(classCount: classCount, horizon: horizon)
    }

    /// Whether an observation about something that happened at `time` counts.
    @inline(__always)
    func counts(_ time: Double) -> Bool { time >= warmup }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// The clock reached the warm-up: counters and levels restart.
    mutating func warmupEnded(at time: Double) {
        stats.latency = LatencyBook(classCount: fleet.classes.count, horizon: scenario.horizon)
        stats.tasksLaunched = 0
        stats.syncs = 0
        stats.connectionsRefused = 0
        stats.wakeSent = 0; stats.wakeLost = 0; stats.wakeToOffline = 0
        stats.staleness = Tally()
        for i in servers.indices {
            servers[i].sessions.pool.resetStatistics(at: time)
            servers[i].held.permanent.resetStatistics(at: time)
            servers[i].held.wantingLevel.reset(at: time)
            servers[i].held.withoutLevel.reset(at: time)
            servers[i].refused = 0; servers[i].wakeSent = 0; servers[i].wakeLost = 0
        }
        push.resetStatistics(at: time)
        for g in gateways.indices {
            gateways[g].slots.resetStatistics(at: time)
            gateways[g].refused = 0; gateways[g].wakeLost = 0
        }
        for r in relays.indices { relays[r].wakeSent = 0; relays[r].wakeLost = 0; relays[r].connectedLevel.reset(at: time) }
    }

    /// The `sample` event: one time-series row, then the next sample.
    mutating func sample(in sim: inout Sim) {
        stats.samples += 1
        let physical = servers.indices.filter { servers[$0].physical == $0 }
        sink.record(TimeseriesRecord(
            replication: replication, time: sim.now, online: fleet.online,
            permInUse: servers.reduce(0) { $0 + $1.held.permanent.inUse },
            permWithout: servers.reduce(0) { $0 + $1.held.wanting - $1.held.wantingHolding },
            queueLength: physical.reduce(0) { $0 + servers[$1].sessions.pool.queueLength },
            busyWorkers: physical.reduce(0) { $0 + servers[$1].sessions.pool.busy }, undelivered: delivery.pending))
        if let step = stats.timeseriesStep, sim.now + step <= scenario.horizon {
            sim.schedule(.sample, after: step, priority: EventPriority.sample)
        }
    }

    /// The summary and latency rows at the end of the run. Launches still deferred by
    /// an outage count as launched and undelivered; devices still off record their
    /// staleness up to their known mark (or return) time.
    mutating func results(seed: UInt64, events: UInt64) -> (SummaryRecord, [LatencyRecord], [ReachRecord], [NodeRecord]) {
        let horizon = scenario.horizon
        for p in servers.indices {
            for launch in servers[p].outages.deferredLaunches { registerLaunch(launch.task, launchedAt: launch.time) }
            servers[p].outages.deferredLaunches = []
        }
        for d in fleet.devices.indices where !fleet.devices[d].online { recordStaleness(d, until: fleet.devices[d].nextOnAt) }
        // Undelivered pairs by class, and the latest launch among them (the shortest wait).
        let classCount = fleet.classes.count
        var undelivered = [Int](repeating: 0, count: classCount + 1)
        var latestLaunch = [Double](repeating: -.infinity, count: classCount + 1)
        for d in fleet.devices.indices {
            let c = fleet.devices[d].classID, tasks = fleet.classes[c].tasks
            for k in Int(fleet.devices[d].delivered)..<tasks.count where stats.counts(tasks[k].time) {
                for i in [c, classCount] {
                    undelivered[i] += 1
                    latestLaunch[i] = Swift.max(latestLaunch[i], tasks[k].time)
                }
                if sink.wantsDeliveries {
                    sink.record(DeliveryRecord(
                        replication: replication, task: delivery.tasks[Int(tasks[k].task)].name, device: d,
                        deviceClass: fleet.classes[c].spec.name, path: nil, launched: tasks[k].time, delivered: .nan, latency: .nan))
                }
            }
        }
        let latency = stats.latency, all = latency.overall
        let pairs = all.count + undelivered[classCount]
        let censoredAfter = horizon - latestLaunch[classCount]
        var s = SummaryRecord()
        s.scenario = scenario.name
        s.replication = replication
        s.seed = seed
        s.devices = fleet.devices.count
        s.horizonSeconds = horizon
        s.tasksLaunched = stats.tasksLaunched
        s.pairs = pairs
        s.deliveries = all.count
        s.undelivered = undelivered[classCount]
        s.undeliveredShare = pairs > 0 ? Double(s.undelivered) / Double(pairs) : .nan
        s.censoredAfter = s.undelivered > 0 ? censoredAfter : .nan
        let q = LatencyBook.quantiles([0.5, 0.9, 0.95, 0.99], of: all, pairs: pairs, censoredAfter: censoredAfter)
        (s.latencyP50, s.latencyP90, s.latencyP95, s.latencyP99) = (q[0], q[1], q[2], q[3])
        s.latencyMean = s.undelivered == 0 && pairs > 0 ? all.mean : .nan
        s.latencyMax = s.undelivered == 0 && pairs > 0 ? all.max : .nan
        s.deliveredLatencyMean = all.count > 0 ? all.mean : .nan
        s.deliveredLatencyMax = all.count > 0 ? all.max : .nan
        let within = zip(latency.within, stats.pairsWithin).map { $1 > 0 ? Double($0) / Double($1) : .nan }
        (s.within60, s.within300, s.within900, s.within3600) = (within[0], within[1], within[2], within[3])
        s.viaPush = latency.byPath[DeliveryPath.push.rawValue]
        s.viaWake = latency.byPath[DeliveryPath.wake.rawValue]
        s.viaSync = latency.byPath[DeliveryPath.sync.rawValue]
        s.viaStartup = latency.byPath[DeliveryPath.startup.rawValue]
        fillServerFigures(&s, at: horizon)
        s.connectionsRefused = stats.connectionsRefused
        s.wakeSent = stats.wakeSent
        s.wakeLost = stats.wakeLost
        s.wakeToOffline = stats.wakeToOffline
        s.statusStaleMean = stats.staleness.count > 0 ? stats.staleness.mean : .nan
        s.events = events
        return (s, latencyRows(undelivered: undelivered, latestLaunch: latestLaunch),
                reachRows(undelivered: undelivered, latestLaunch: latestLaunch), nodeRows(at: horizon))
    }

    /// One reach row per (class or all, path or all, time of the grid up to the horizon):
    /// the share of the class's targeted pairs delivered by the path within that time.
    func reachRows(undelivered: [Int], latestLaunch: [Double]) -> [ReachRecord] {
        var rows: [ReachRecord] = []
        let classCount = fleet.classes.count
        for c in 0...classCount {
            let pairs = stats.latency.sketch(classIndex: c, path: nil).count + undelivered[c]
            // Below this wait every pair's fate is known: each undelivered pair waited longer.
            let known = scenario.horizon - latestLaunch[c]
            for path in [nil] + DeliveryPath.allCases.map(Optional.some) {
                let sketch = stats.latency.sketch(classIndex: c, path: path)
                let grid = ReachRecord.grid.filter { $0 <= scenario.horizon }
                let reached = sketch.counts(atOrBelow: grid)
                for (g, after) in grid.enumerated() {
                    var row = ReachRecord()
                    row.scenario = scenario.name
                    row.replication = replication
                    row.deviceClass = c == classCount ? "all" : fleet.classes[c].spec.name
                    row.path = path?.description ?? "all"
                    row.after = after
                    row.pairs = pairs
                    row.reached = reached[g]
                    row.share = pairs > 0 && after <= known ? Double(row.reached) / Double(pairs) : .nan
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// One latency row per (class or all, path or all): a path row describes the
    /// deliveries by that path; the `all` row every targeted pair, delivered or not.
    func latencyRows(undelivered: [Int], latestLaunch: [Double]) -> [LatencyRecord] {
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
                row.deliveries = sketch.count
                let missing = path == nil ? undelivered[c] : 0
                row.pairs = sketch.count + missing
                row.undelivered = missing
                let censoredAfter = scenario.horizon - latestLaunch[c]
                row.mean = missing == 0 && sketch.count > 0 ? sketch.mean : .nan
                let q = LatencyBook.quantiles([0.5, 0.9, 0.95, 0.99], of: sketch, pairs: row.pairs, censoredAfter: censoredAfter)
                (row.p50, row.p90, row.p95, row.p99) = (q[0], q[1], q[2], q[3])
                row.max = missing == 0 && sketch.count > 0 ? sketch.max : .nan
                rows.append(row)
            }
        }
        return rows
    }
}
