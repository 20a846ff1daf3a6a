import KSCRecords
import KSCStatistics

extension ConnectivityModel where Queue: ~Copyable {
    /// The summary and latency rows at the end of the run. Launches still deferred by
    /// an outage count as launched and undelivered; devices still off record their
    /// staleness up to their known mark (or return) time.
    mutating func results(seed: UInt64, events: UInt64) -> (
        SummaryRecord, [LatencyRecord], [ReachRecord], [NodeRecord], [LinkRecord]
    ) {
        let horizon = scenario.horizon
        for p in servers.indices where servers[p].physical == p { endRecovery(physical: p) }
        for p in servers.indices {
            for launch in servers[p].outages.deferredLaunches { registerLaunch(launch.task, launchedAt: launch.time) }
            servers[p].outages.deferredLaunches = []
        }
        for d in fleet.devices.indices where !fleet.devices[d].online {
            recordStaleness(d, until: fleet.devices[d].nextOnAt)
        }
        // Undelivered pairs by class, and the latest launch among them (the shortest wait).
        let classCount = fleet.classes.count
        var undelivered = [Int](repeating: 0, count: classCount + 1)
        var latestLaunch = [Double](repeating: -.infinity, count: classCount + 1)
        // How long each undelivered pair was observed: its censoring time (Kaplan–Meier).
        var censoredTimes = QuantileSketch()
        for d in fleet.devices.indices {
            let c = fleet.devices[d].classID
            let tasks = fleet.classes[c].tasks
            for k in Int(fleet.devices[d].delivered)..<tasks.count where stats.counts(tasks[k].time) {
                for i in [c, classCount] {
                    undelivered[i] += 1
                    latestLaunch[i] = Swift.max(latestLaunch[i], tasks[k].time)
                }
                censoredTimes.record(horizon - tasks[k].time)
                if sink.wantsDeliveries {
                    sink.record(
                        DeliveryRecord(
                            replication: replication, task: delivery.tasks[Int(tasks[k].task)].name, device: d,
                            deviceClass: fleet.classes[c].spec.name, path: nil, launched: tasks[k].time,
                            delivered: .nan, latency: .nan))
                }
            }
        }
        let latency = stats.latency
        let all = latency.overall
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
        let km = KaplanMeier(events: all.buckets(), censored: censoredTimes.buckets())
        let estimates = [0.5, 0.9, 0.95, 0.99].map { km.quantile($0) }
        (s.kmP50, s.kmP50Low, s.kmP50High) = estimates[0]
        (s.kmP90, s.kmP90Low, s.kmP90High) = estimates[1]
        (s.kmP95, s.kmP95Low, s.kmP95High) = estimates[2]
        (s.kmP99, s.kmP99Low, s.kmP99High) = estimates[3]
        let launchReach = ReachAfterEvent.means(delivery.launches)
        (s.launchReachP50, s.launchReachP90, s.launchReachP95, s.launchReachP99) =
            (launchReach[0], launchReach[1], launchReach[2], launchReach[3])
        let recovery = ReachAfterEvent.means(stats.recoveries)
        (s.outageRecoveryP50, s.outageRecoveryP90, s.outageRecoveryP95, s.outageRecoveryP99) =
            (recovery[0], recovery[1], recovery[2], recovery[3])
        s.outagesEnded = stats.recoveries.filter(\.counted).count
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
        s.viaFCM = latency.byPath[DeliveryPath.fcm.rawValue]
        (s.fcmSent, s.fcmRefused, s.fcmLost, s.fcmExpired) = (fcm.sent, fcm.refused, fcm.lost, fcm.expired)
        fillServerFigures(&s, at: horizon)
        s.connectionsRefused = stats.connectionsRefused
        func share(_ part: Int, of whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : .nan }
        let byCause = stats.refused
        func refused(_ cause: RefusalCause) -> Int { byCause[cause.rawValue] }
        s.serverArrivals = stats.serverArrivals
        s.refusedServerDown = refused(.serverDown)
        s.refusedServerDownShare = share(s.refusedServerDown, of: s.serverArrivals)
        s.refusedBacklogFull = refused(.backlogFull)
        s.refusedBacklogFullShare = share(s.refusedBacklogFull, of: s.serverArrivals)
        s.realSyncs = stats.realSyncs
        (s.syncBytesIn, s.syncBytesOut) = (stats.bytesUp, stats.bytesDown)
        let unfinishedPairs = unfinished(undelivered: undelivered, latestLaunch: latestLaunch)
        if sink.wantsDeliveries {
            for d in downloads.queues.indices {
                for item in downloads.items(d) { recordCompletion(d, item, at: .nan) }
            }
        }
        fillTransferFigures(&s, unfinished: unfinishedPairs)
        s.heartbeatsReceived = stats.serverArrivals
        s.heartbeatsRejected = s.refusedBacklogFull + refused(.connectTimeout)
        s.gatewayArrivals = stats.gatewayArrivals
        s.refusedGateway = refused(.gateway)
        s.refusedGatewayShare = share(s.refusedGateway, of: s.gatewayArrivals)
        s.sessionsQueued = stats.queued
        s.refusedConnectTimeout = refused(.connectTimeout)
        s.refusedConnectTimeoutShare = share(s.refusedConnectTimeout, of: s.sessionsQueued)
        s.pushRequestRefusedShare = share(s.pushRequestsRefused, of: s.pushRequests)
        s.wakeSent = stats.wakeSent
        s.wakeLost = stats.wakeLost
        s.wakeToOffline = stats.wakeToOffline
        s.pushLost = stats.pushLost
        s.statusStaleMean = stats.staleness.count > 0 ? stats.staleness.mean : .nan
        s.events = events
        let linkRecords = linkRows(at: horizon)
        return (
            s, latencyRows(undelivered: undelivered, latestLaunch: latestLaunch, unfinished: unfinishedPairs),
            reachRows(undelivered: undelivered, latestLaunch: latestLaunch, unfinished: unfinishedPairs),
            nodeRows(at: horizon) + linkNodeRows(linkRecords), linkRecords
        )
    }

    /// The delivery paths of the run's rows: `fcm` only when a class uses FCM, so that the
    /// files of other scenarios stay as they were.
    var paths: [DeliveryPath] { DeliveryPath.allCases.filter { $0 != .fcm || scenario.usesFCM } }

    /// One reach row per (class or all, path or all, time of the grid up to the horizon):
    /// the share of the class's targeted pairs delivered by the path within that time.
    func reachRows(undelivered: [Int], latestLaunch: [Double], unfinished: (count: [Int], latest: [Double]))
        -> [ReachRecord]
    {
        var rows: [ReachRecord] = []
        let classCount = fleet.classes.count
        for c in 0...classCount {
            let pairs = stats.latency.sketch(classIndex: c, path: nil).count + undelivered[c]
            // Below this wait every pair's fate is known: each undelivered pair waited longer.
            let known = scenario.horizon - latestLaunch[c]
            // Path rows, then (with payloads) the completions: delivery plus download.
            var series: [(String, QuantileSketch, Int, Double)] = ([nil] + paths.map(Optional.some)).map {
                ($0?.description ?? "all", stats.latency.sketch(classIndex: c, path: $0), pairs, known)
            }
            if downloads.enabled {
                let sketch = downloads.completion.sketch(classIndex: c, path: nil)
                series.append(
                    ("completed", sketch, sketch.count + unfinished.count[c], scenario.horizon - unfinished.latest[c]))
            }
            for (path, sketch, pairs, known) in series {
                let grid = ReachRecord.grid.filter { $0 <= scenario.horizon }
                let reached = sketch.counts(atOrBelow: grid)
                for (g, after) in grid.enumerated() {
                    var row = ReachRecord()
                    row.scenario = scenario.name
                    row.replication = replication
                    row.deviceClass = c == classCount ? "all" : fleet.classes[c].spec.name
                    row.path = path
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
    func latencyRows(undelivered: [Int], latestLaunch: [Double], unfinished: (count: [Int], latest: [Double]))
        -> [LatencyRecord]
    {
        var rows: [LatencyRecord] = []
        let classCount = fleet.classes.count
        for c in 0...classCount {
            for path in [nil] + paths.map(Optional.some) {
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
                let q = LatencyBook.quantiles(
                    [0.5, 0.9, 0.95, 0.99], of: sketch, pairs: row.pairs, censoredAfter: censoredAfter)
                (row.p50, row.p90, row.p95, row.p99) = (q[0], q[1], q[2], q[3])
                row.max = missing == 0 && sketch.count > 0 ? sketch.max : .nan
                rows.append(row)
            }
            if downloads.enabled { rows.append(completionRow(c, unfinished: unfinished)) }
        }
        return rows
    }
}
