/// The events of the connectivity model. Device and token fields identify the device
/// and the sync, online period or held connection the event belongs to; an event whose
/// token no longer matches the device is stale and ignored.
enum ModelEvent {
    case availability(device: UInt32, epoch: UInt32)
    case syncTimer(device: UInt32, epoch: UInt32)
    case syncArrival(device: UInt32, token: UInt32)
    case serviceDone(device: UInt32, token: UInt32)
    case wakeSend
    case wakeArrival(device: UInt32, epoch: UInt32)
    case taskLaunch(task: UInt32)
    case release(device: UInt32, token: UInt32)
    case outageStart(index: UInt32)
    case outageEnd(index: UInt32)
    case sample
}

/// The connectivity model: Network Agents syncing with an Administration Server over
/// the Internet, permanent connections under a cap, UDP 15000 wake packets, shutdown
/// notices, push servers, outages and tasks. See README "The model" for each rule.
struct ConnectivityModel<Sink: RecordSink>: EventHandler {
    typealias Event = ModelEvent
    typealias Job = (device: UInt32, token: UInt32)

    let scenario: Scenario
    let replication: Int
    let timeseriesStep: Double?
    var sink: Sink
    var classes: [ClassRuntime]
    var devices: [Device]
    var server: ServerPool<Job>
    var permanent: LossPool
    var pushPool: LossPool
    var wakeQueue = RingQueue<(device: UInt32, index: Int32)>()
    var wakeSending = false
    var outageActive = false
    var lastOutageStart = -Double.infinity
    var deferredLaunches: [(task: Int, time: Double)] = []
    let serviceStream: RandomStream
    let retryStream: RandomStream
    let taskStreams: [RandomStream]
    let delayStream: RandomStream
    let assignStream: RandomStream
    var online = 0
    /// (task, device) pairs launched and not yet delivered (all tasks).
    var pending = 0

    // Statistics (restart at the warm-up).
    var latency: LatencyBook
    var tasksLaunched = 0
    var syncs = 0
    var connectionsRefused = 0
    var wakeSent = 0, wakeLost = 0, wakeToOffline = 0
    var staleness = Tally()
    var warmedUp = false

    init(scenario: Scenario, replication: Int, seed: UInt64, sink: Sink, timeseriesStep: Double?) throws {
        self.scenario = scenario
        self.replication = replication
        self.sink = sink
        self.timeseriesStep = timeseriesStep
        let streams = StreamSet(seed: seed, generator: scenario.generator)
        var classes: [ClassRuntime] = []
        var devices: [Device] = []
        devices.reserveCapacity(scenario.deviceCount)
        for (c, spec) in scenario.classes.enumerated() {
            let range = devices.count..<(devices.count + spec.devices)
            let usesPush = scenario.pushServers.count > 0 && scenario.pushServers.classes.contains(spec.name)
            classes.append(try ClassRuntime(spec: spec, devices: range, server: scenario.server, usesPushServer: usesPush, streams: streams))
            devices.append(contentsOf: repeatElement(Device(classIndex: Int32(c)), count: spec.devices))
        }
        self.classes = classes
        self.devices = devices
        server = ServerPool(workers: scenario.server.syncWorkers, backlog: scenario.server.backlog)
        permanent = LossPool(capacity: scenario.server.permanentConnectionCap)
        pushPool = LossPool(capacity: scenario.pushServers.count * scenario.pushServers.capacity)
        serviceStream = try streams.stream("server.syncService")
        retryStream = try streams.stream("server.retryAfter")
        taskStreams = try scenario.tasks.map { try streams.stream("tasks.\($0.name).launch") }
        delayStream = try streams.stream("tasks.randomizedDelay")
        assignStream = try streams.stream("assignment")
        latency = LatencyBook(classCount: classes.count)
        assignAttributes()
    }

    /// Ticks "Keep connection" and UDP 15000 reachability on exactly round(fraction x
    /// devices) devices of each class, chosen at random and independently.
    mutating func assignAttributes() {
        for runtime in classes {
            let range = runtime.devices
            for (fraction, keep) in [(runtime.spec.keepConnection, true), (runtime.spec.wakeReachable, false)] {
                let chosen = Int((fraction * Double(range.count)).rounded())
                var order = Array(range)
                // Partial Fisher-Yates: the first `chosen` positions are a uniform random subset.
                for i in 0..<chosen {
                    let j = i + assignStream.integer(below: order.count - i)
                    order.swapAt(i, j)
                    if keep { devices[order[i]].keepConnection = true } else { devices[order[i]].wakeReachable = true }
                }
            }
        }
    }

    /// Schedules the initial events: each device's state at time 0, task launches,
    /// outages and sampling.
    mutating func start<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) where Q.Payload == Event {
        for c in classes.indices {
            let runtime = classes[c]
            for d in runtime.devices {
                switch runtime.spec.availability {
                case .always:
                    comeOnlineInSteadyState(d, in: &sim)
                case .onOff(let on, let off):
                    let pOn = on.mean / (on.mean + off.mean)
                    if runtime.availability.uniform() < pOn {
                        comeOnlineInSteadyState(d, in: &sim)
                        sim.schedule(.availability(device: UInt32(d), epoch: devices[d].epoch), after: on.sample(runtime.availability))
                    } else {
                        sim.schedule(.availability(device: UInt32(d), epoch: devices[d].epoch), after: off.sample(runtime.availability))
                    }
                case .weekly:
                    sim.schedule(.availability(device: UInt32(d), epoch: devices[d].epoch), at: nextWeeklyStart(after: 0, class: c))
                }
            }
        }
        for (i, task) in scenario.tasks.enumerated() {
            switch task.schedule {
            case .at(let times):
                for t in times where t < scenario.horizon { sim.schedule(.taskLaunch(task: UInt32(i)), at: t) }
            case .every(_, let start):
                if start < scenario.horizon { sim.schedule(.taskLaunch(task: UInt32(i)), at: start) }
            case .poisson(let rate):
                sim.schedule(.taskLaunch(task: UInt32(i)), after: Distribution.exponential(mean: 1 / rate).sample(taskStreams[i]))
            }
        }
        for (i, outage) in scenario.server.outages.enumerated() {
            sim.schedule(.outageStart(index: UInt32(i)), at: outage.start, priority: 0)
        }
        if timeseriesStep != nil { sim.schedule(.sample, at: 0, priority: 255) }
    }

    /// A device online at time 0, as if it had been for long: its periodic sync phase
    /// is uniform over one interval and the server believes it online; no startup sync.
    mutating func comeOnlineInSteadyState<Q: FutureEventSet & ~Copyable>(_ d: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        devices[d].online = true
        devices[d].lastSeen = 0
        online += 1
        let runtime = classes[Int(devices[d].classIndex)]
        let phase = runtime.availability.uniform() * runtime.nextSyncDelay()
        sim.schedule(.syncTimer(device: UInt32(d), epoch: devices[d].epoch), after: phase)
    }

    // MARK: - Events

    mutating func handle<Q: FutureEventSet & ~Copyable>(_ event: Event, in sim: inout Simulation<Q>) where Q.Payload == Event {
        switch event {
        case .availability(let d, let epoch):
            guard devices[Int(d)].epoch == epoch else { return }
            if devices[Int(d)].online { goOffline(Int(d), in: &sim) } else { goOnline(Int(d), in: &sim) }
        case .syncTimer(let d, let epoch):
            let d = Int(d)
            guard devices[d].epoch == epoch, devices[d].online else { return }
            startSync(d, reason: .sync, in: &sim)
            sim.schedule(.syncTimer(device: UInt32(d), epoch: epoch), after: classes[Int(devices[d].classIndex)].nextSyncDelay())
        case .syncArrival(let d, let token):
            syncArrives(Int(d), token: token, in: &sim)
        case .serviceDone(let d, let token):
            serviceDone(Int(d), token: token, in: &sim)
        case .wakeSend:
            sendWake(in: &sim)
        case .wakeArrival(let d, let epoch):
            let d = Int(d)
            guard devices[d].epoch == epoch, devices[d].online else { return }
            startSync(d, reason: .wake, in: &sim)
        case .taskLaunch(let i):
            taskLaunches(Int(i), in: &sim)
        case .release(let d, let token):
            let d = Int(d)
            guard devices[d].holdToken == token, devices[d].holds else { return }
            dropConnection(d, at: sim.now)
        case .outageStart(let i):
            outageStarts(Int(i), in: &sim)
        case .outageEnd:
            outageActive = false
            let launches = deferredLaunches
            deferredLaunches = []
            for launch in launches { launchTask(launch.task, launchedAt: launch.time, in: &sim) }
        case .sample:
            sink.record(TimeseriesRecord(
                replication: replication, time: sim.now, online: online, permInUse: permanent.inUse,
                queueLength: server.queueLength, busyWorkers: server.busy, undelivered: pending))
            if let step = timeseriesStep, sim.now + step <= scenario.horizon { sim.schedule(.sample, after: step, priority: 255) }
        }
    }

    mutating func warmupEnded<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) {
        latency = LatencyBook(classCount: classes.count)
        tasksLaunched = 0
        syncs = 0
        connectionsRefused = 0
        wakeSent = 0; wakeLost = 0; wakeToOffline = 0
        staleness = Tally()
        server.resetStatistics(at: sim.now)
        permanent.resetStatistics(at: sim.now)
        pushPool.resetStatistics(at: sim.now)
        warmedUp = true
    }

    // MARK: - Availability

    mutating func goOnline<Q: FutureEventSet & ~Copyable>(_ d: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        let c = Int(devices[d].classIndex)
        devices[d].online = true
        devices[d].epoch &+= 1
        online += 1
        recordStaleness(d, until: sim.now)
        if devices[d].holds {
            // A connection that died silently is taken over by the new one.
            devices[d].holdToken &+= 1
        }
        startSync(d, reason: .startup, in: &sim)
        let epoch = devices[d].epoch
        sim.schedule(.syncTimer(device: UInt32(d), epoch: epoch), after: classes[c].nextSyncDelay())
        switch classes[c].spec.availability {
        case .always:
            break
        case .onOff(let on, _):
            sim.schedule(.availability(device: UInt32(d), epoch: epoch), after: on.sample(classes[c].availability))
        case .weekly(_, _, _, let end, let endSpread):
            let day = (sim.now / 86400).rounded(.down) * 86400
            let off = day + end + endSpread * classes[c].availability.uniform()
            sim.schedule(.availability(device: UInt32(d), epoch: epoch), at: Swift.max(off, sim.now))
        }
    }

    mutating func goOffline<Q: FutureEventSet & ~Copyable>(_ d: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        let c = Int(devices[d].classIndex)
        let spec = classes[c].spec
        devices[d].online = false
        devices[d].epoch &+= 1
        devices[d].syncing = false
        online -= 1
        let abrupt = classes[c].shutdown.bernoulli(spec.abruptOff)
        let notice = !abrupt && classes[c].shutdown.bernoulli(spec.shutdownNotice)
        devices[d].offAt = sim.now
        if notice {
            devices[d].noticedOff = true
            devices[d].markOffAt = .nan
            if sim.now >= scenario.warmup { staleness.add(classes[c].halfRTT()) }
        } else {
            devices[d].markOffAt = devices[d].lastSeen + classes[c].missWindow
        }
        if devices[d].holds {
            if abrupt {
                sim.schedule(.release(device: UInt32(d), token: devices[d].holdToken), after: scenario.server.deadConnectionTimeout)
            } else {
                dropConnection(d, at: sim.now)
            }
        }
        let epoch = devices[d].epoch
        switch spec.availability {
        case .always:
            break
        case .onOff(_, let off):
            sim.schedule(.availability(device: UInt32(d), epoch: epoch), after: off.sample(classes[c].availability))
        case .weekly:
            sim.schedule(.availability(device: UInt32(d), epoch: epoch), at: nextWeeklyStart(after: sim.now, class: c))
        }
    }

    /// The start of the next working day's online period after `time`.
    func nextWeeklyStart(after time: Double, class c: Int) -> Double {
        guard case .weekly(let days, let start, let startSpread, _, _) = classes[c].spec.availability else { return .infinity }
        var day = (time / 86400).rounded(.down)
        while true {
            if days.contains(Int(day) % 7) {
                let t = day * 86400 + start + startSpread * classes[c].availability.uniform()
                if t > time { return t }
            }
            day += 1
        }
    }

    /// Records how long the server took to mark device `d` off (or until it came back).
    mutating func recordStaleness(_ d: Int, until time: Double) {
        let mark = devices[d].markOffAt
        guard !mark.isNaN else { return }
        if devices[d].offAt >= scenario.warmup {
            staleness.add(Swift.max(0, Swift.min(mark, time) - devices[d].offAt))
        }
        devices[d].markOffAt = .nan
    }

    /// Whether the server believes device `d` online (no notice, synced recently).
    func believedOnline(_ d: Int, at time: Double) -> Bool {
        !devices[d].noticedOff && time - devices[d].lastSeen <= classes[Int(devices[d].classIndex)].missWindow
    }

    // MARK: - Sync sessions

    mutating func startSync<Q: FutureEventSet & ~Copyable>(_ d: Int, reason: DeliveryPath, in sim: inout Simulation<Q>) where Q.Payload == Event {
        guard !devices[d].syncing else { return }
        devices[d].syncing = true
        devices[d].token &+= 1
        devices[d].reason = reason
        let delay = classes[Int(devices[d].classIndex)].halfRTT()
        sim.schedule(.syncArrival(device: UInt32(d), token: devices[d].token), after: delay)
    }

    func isCurrent(_ d: Int, token: UInt32) -> Bool {
        devices[d].token == token && devices[d].syncing && devices[d].online
    }

    mutating func syncArrives<Q: FutureEventSet & ~Copyable>(_ d: Int, token: UInt32, in sim: inout Simulation<Q>) where Q.Payload == Event {
        guard isCurrent(d, token: token) else { return }
        if outageActive {
            refuse(d, token: token, in: &sim)
            return
        }
        switch server.arrive((UInt32(d), token), at: sim.now) {
        case .started: beginService(d, in: &sim)
        case .queued: break
        case .refused: refuse(d, token: token, in: &sim)
        }
    }

    mutating func refuse<Q: FutureEventSet & ~Copyable>(_ d: Int, token: UInt32, in sim: inout Simulation<Q>) where Q.Payload == Event {
        connectionsRefused += 1
        sim.schedule(.syncArrival(device: UInt32(d), token: token), after: scenario.server.retryAfter.sample(retryStream))
    }

    mutating func beginService<Q: FutureEventSet & ~Copyable>(_ d: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        devices[d].snapshot = Int32(classes[Int(devices[d].classIndex)].tasks.count)
        devices[d].serviceStart = sim.now
        sim.schedule(.serviceDone(device: UInt32(d), token: devices[d].token), after: scenario.server.syncService.sample(serviceStream))
    }

    mutating func serviceDone<Q: FutureEventSet & ~Copyable>(_ d: Int, token: UInt32, in sim: inout Simulation<Q>) where Q.Payload == Event {
        // The worker takes the next waiting connection whose agent is still there.
        while let next = server.complete(at: sim.now) {
            if isCurrent(Int(next.device), token: next.token) {
                beginService(Int(next.device), in: &sim)
                break
            }
        }
        guard isCurrent(d, token: token) else { return }
        if outageActive || lastOutageStart > devices[d].serviceStart {
            refuse(d, token: token, in: &sim)
            return
        }
        finishSync(d, in: &sim)
    }

    mutating func finishSync<Q: FutureEventSet & ~Copyable>(_ d: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        let c = Int(devices[d].classIndex)
        devices[d].syncing = false
        devices[d].lastSeen = sim.now
        devices[d].noticedOff = false
        syncs += 1
        deliver(d, upTo: devices[d].snapshot, at: sim.now + classes[c].halfRTT(), path: devices[d].reason)
        guard !devices[d].holds else { return }
        if classes[c].usesPushServer {
            if pushPool.tryAcquire(at: sim.now) { devices[d].holds = true; devices[d].onPushServer = true }
        } else if devices[d].keepConnection {
            if permanent.tryAcquire(at: sim.now) { devices[d].holds = true; devices[d].onPushServer = false }
        }
        if devices[d].holds && devices[d].delivered < Int32(classes[c].tasks.count) {
            // Tasks launched during the session go down the new connection at once.
            deliver(d, upTo: Int32(classes[c].tasks.count), at: sim.now + scenario.server.pushCost, path: .push)
        }
    }

    /// Ends device `d`'s held connection and frees its slot.
    mutating func dropConnection(_ d: Int, at time: Double) {
        if devices[d].onPushServer { pushPool.release(at: time) } else { permanent.release(at: time) }
        devices[d].holds = false
        devices[d].onPushServer = false
        devices[d].holdToken &+= 1
    }

    // MARK: - Tasks and delivery

    /// A task launch; launches happen strictly before the horizon (one at the horizon
    /// could never be delivered).
    mutating func taskLaunches<Q: FutureEventSet & ~Copyable>(_ i: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        guard sim.now < scenario.horizon else { return }
        switch scenario.tasks[i].schedule {
        case .at: break
        case .every(let period, _):
            if sim.now + period < scenario.horizon { sim.schedule(.taskLaunch(task: UInt32(i)), after: period) }
        case .poisson(let rate):
            sim.schedule(.taskLaunch(task: UInt32(i)), after: Distribution.exponential(mean: 1 / rate).sample(taskStreams[i]))
        }
        if outageActive {
            deferredLaunches.append((i, sim.now))
        } else {
            launchTask(i, launchedAt: sim.now, in: &sim)
        }
    }

    /// Task `i` launched at `launchedAt` reaches each targeted device by push, or
    /// through a wake packet to devices the server believes online.
    mutating func launchTask<Q: FutureEventSet & ~Copyable>(_ i: Int, launchedAt: Double, in sim: inout Simulation<Q>) where Q.Payload == Event {
        let task = scenario.tasks[i]
        if launchedAt >= scenario.warmup { tasksLaunched += 1 }
        for c in classes.indices where task.targets.isEmpty || task.targets.contains(classes[c].spec.name) {
            classes[c].tasks.append(LaunchedTask(time: launchedAt, task: Int32(i), randomizedDelay: task.randomizedDelay))
            let count = Int32(classes[c].tasks.count)
            pending += classes[c].devices.count
            for d in classes[c].devices {
                if devices[d].holds {
                    if devices[d].online {
                        deliver(d, upTo: count, at: sim.now + classes[c].halfRTT() + scenario.server.pushCost, path: .push)
                    }
                } else if believedOnline(d, at: sim.now) {
                    wakeQueue.append((UInt32(d), count - 1))
                }
            }
        }
        if !wakeSending && !wakeQueue.isEmpty {
            wakeSending = true
            sim.schedule(.wakeSend, after: 0)
        }
    }

    /// Sends the next useful wake packet, then waits 1 / wakeSendRate.
    mutating func sendWake<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) where Q.Payload == Event {
        guard !outageActive else {
            _ = wakeQueue.removeAll()
            wakeSending = false
            return
        }
        while let (device, index) = wakeQueue.popFirst() {
            let d = Int(device)
            // Skip devices that got the task meanwhile.
            guard devices[d].delivered <= index else { continue }
            wakeSent += 1
            let c = Int(devices[d].classIndex)
            if !devices[d].online {
                wakeToOffline += 1
            } else if !devices[d].wakeReachable || classes[c].network.bernoulli(classes[c].spec.udpLoss) {
                wakeLost += 1
            } else {
                sim.schedule(.wakeArrival(device: device, epoch: devices[d].epoch), after: classes[c].halfRTT())
            }
            sim.schedule(.wakeSend, after: 1 / scenario.server.wakeSendRate)
            return
        }
        wakeSending = false
    }

    /// Delivers to device `d` every pending task of its class before index `upTo`.
    mutating func deliver(_ d: Int, upTo: Int32, at time: Double, path: DeliveryPath) {
        let first = devices[d].delivered
        guard first < upTo else { return }
        let c = Int(devices[d].classIndex)
        for k in Int(first)..<Int(upTo) {
            let launched = classes[c].tasks[k]
            var start = time
            if launched.randomizedDelay > 0 {
                start = Swift.max(time, launched.time + launched.randomizedDelay * delayStream.uniform())
            }
            if launched.time >= scenario.warmup {
                latency.record(classIndex: c, path: path, latency: start - launched.time)
            }
            if sink.wantsDeliveries {
                sink.record(DeliveryRecord(
                    replication: replication, task: scenario.tasks[Int(launched.task)].name, device: d,
                    deviceClass: classes[c].spec.name, path: path, launched: launched.time, delivered: start,
                    latency: start - launched.time))
            }
        }
        pending -= Int(upTo - first)
        devices[d].delivered = upTo
    }

    // MARK: - Outages

    mutating func outageStarts<Q: FutureEventSet & ~Copyable>(_ i: Int, in sim: inout Simulation<Q>) where Q.Payload == Event {
        outageActive = true
        lastOutageStart = sim.now
        for d in devices.indices where devices[d].holds && !devices[d].onPushServer {
            devices[d].holds = false
            devices[d].holdToken &+= 1
        }
        permanent.releaseAll(at: sim.now)
        for job in server.drainQueue(at: sim.now) where isCurrent(Int(job.device), token: job.token) {
            refuse(Int(job.device), token: job.token, in: &sim)
        }
        sim.schedule(.outageEnd(index: UInt32(i)), after: scenario.server.outages[i].duration, priority: 0)
    }

    // MARK: - Results

    /// The summary and latency rows at the end of the run.
    mutating func results(seed: UInt64, events: UInt64) -> (SummaryRecord, [LatencyRecord]) {
        let horizon = scenario.horizon
        for d in devices.indices where !devices[d].online { recordStaleness(d, until: horizon) }
        var undelivered = 0
        for d in devices.indices {
            let tasks = classes[Int(devices[d].classIndex)].tasks
            for k in Int(devices[d].delivered)..<tasks.count where tasks[k].time >= scenario.warmup { undelivered += 1 }
        }
        let all = latency.overall
        let n = Double(Swift.max(all.count, 1))
        let summary = SummaryRecord(
            scenario: scenario.name, replication: replication, seed: seed, devices: devices.count,
            horizonSeconds: horizon, tasksLaunched: tasksLaunched, deliveries: all.count, undelivered: undelivered,
            latencyMean: all.mean, latencyP50: all.quantile(0.5), latencyP90: all.quantile(0.9),
            latencyP95: all.quantile(0.95), latencyP99: all.quantile(0.99), latencyMax: all.max,
            within60: Double(latency.within[0]) / n, within300: Double(latency.within[1]) / n,
            within900: Double(latency.within[2]) / n, within3600: Double(latency.within[3]) / n,
            viaPush: latency.byPath[DeliveryPath.push.rawValue], viaWake: latency.byPath[DeliveryPath.wake.rawValue],
            viaSync: latency.byPath[DeliveryPath.sync.rawValue], viaStartup: latency.byPath[DeliveryPath.startup.rawValue],
            permAttempts: permanent.attempts, permRefused: permanent.refused,
            permBlocking: permanent.attempts > 0 ? Double(permanent.refused) / Double(permanent.attempts) : 0,
            permInUseMean: permanent.level.mean(at: horizon), permInUseMax: permanent.level.maximum,
            syncs: syncs, syncWaitMean: server.waits.mean, syncWaitP99: server.waits.quantile(0.99),
            queueLengthMax: Int(server.queueLevel.maximum),
            serverUtilization: server.busyLevel.mean(at: horizon) / Double(server.workers),
            connectionsRefused: connectionsRefused, wakeSent: wakeSent, wakeLost: wakeLost, wakeToOffline: wakeToOffline,
            statusStaleMean: staleness.mean, events: events)
        var rows: [LatencyRecord] = []
        for c in 0...classes.count {
            for path in [nil] + DeliveryPath.allCases.map(Optional.some) {
                let s = latency.sketch(classIndex: c, path: path)
                rows.append(LatencyRecord(
                    scenario: scenario.name, replication: replication,
                    deviceClass: c == classes.count ? "all" : classes[c].spec.name, path: path?.description ?? "all",
                    count: s.count, mean: s.mean, p50: s.quantile(0.5), p90: s.quantile(0.9), p95: s.quantile(0.95),
                    p99: s.quantile(0.99), max: s.max))
            }
        }
        return (summary, rows)
    }
}

/// The outcome of one replication.
public struct ReplicationResult: Sendable {
    public let summary: SummaryRecord
    public let latency: [LatencyRecord]
}

extension Scenario {
    /// Runs replication `replication` (1-based) of this scenario.
    /// - Parameters:
    ///   - sink: receives delivery and time-series records as they happen.
    ///   - timeseriesStep: sampling period of `TimeseriesRecord`s, s; nil for none.
    /// - Throws: `GSLError` when a random generator cannot be allocated.
    public func runReplication<Sink: RecordSink>(_ replication: Int, sink: inout Sink, timeseriesStep: Double? = nil) throws -> ReplicationResult {
        let seed = Scenario.runSeed(base: self.seed, replication: replication)
        var model = try ConnectivityModel(scenario: self, replication: replication, seed: seed, sink: sink, timeseriesStep: timeseriesStep)
        var sim = Simulation<BinaryHeap<ModelEvent>>(expectedEvents: deviceCount * 2 + 64)
        model.start(in: &sim)
        sim.run(until: horizon, warmup: warmup, handler: &model)
        let (summary, latency) = model.results(seed: seed, events: sim.eventsHandled)
        sink = model.sink
        return ReplicationResult(summary: summary, latency: latency)
    }

    /// Runs replication `replication` keeping only its summary and latency rows (the
    /// model specialised for no per-event records: the fastest way to run).
    public func runReplication(_ replication: Int) throws -> ReplicationResult {
        var sink = DiscardingSink()
        return try runReplication(replication, sink: &sink)
    }
}
