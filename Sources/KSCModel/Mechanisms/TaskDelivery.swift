import KSCGSL
import KSCRandom
import KSCRecords
import KSCScenario

/// Task launches and deliveries: the launch streams, the randomized-delay stream and
/// the (task, device) pairs still to deliver.
struct TaskDelivery {
    let tasks: [TaskSpec]
    let launchStreams: [RandomStream]
    let delayStream: RandomStream
    /// (task, device) pairs launched and not yet delivered (all tasks).
    var pending = 0
    /// Every launch, with how long it took to reach shares of its devices.
    var launches: [ReachAfterEvent] = []

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(tasks: [TaskSpec], streams: StreamSet) throws {
        self.tasks = tasks
        launchStreams = try tasks.map { try streams.stream("tasks.\($0.name).launch") }
        delayStream = try streams.stream("tasks.randomizedDelay")
    }
}

/// A task reaches each targeted device by push over a held connection, by a sync a
/// wake packet or an FCM push starts, or by the device's next sync; launches happen strictly before
/// the horizon, and those during an outage wait for its end.
extension ConnectivityModel where Queue: ~Copyable {
    /// Launches happen strictly before this time: the horizon less the drain.
    var lastLaunch: Double { scenario.horizon - scenario.drain }

    /// Schedules each task's first launch.
    mutating func scheduleFirstLaunches(in sim: inout Sim) {
        for (i, task) in delivery.tasks.enumerated() {
            switch task.schedule {
            case .at(let times):
                for t in times where t < lastLaunch { sim.schedule(.taskLaunch(task: UInt32(i)), at: t) }
            case .every(_, let start):
                if start < lastLaunch { sim.schedule(.taskLaunch(task: UInt32(i)), at: start) }
            case .poisson(let rate):
                sim.schedule(
                    .taskLaunch(task: UInt32(i)),
                    after: Distribution.exponential(mean: 1 / rate).sample(delivery.launchStreams[i]))
            }
        }
    }

    /// The `taskLaunch` event: schedules the next launch, then launches (or defers the
    /// launch to the end of an outage). Launches stop `drain` before the horizon.
    mutating func taskLaunches(_ i: Int, in sim: inout Sim) {
        guard sim.now < lastLaunch else { return }
        switch delivery.tasks[i].schedule {
        case .at: break
        case .every(let period, _):
            if sim.now + period < lastLaunch { sim.schedule(.taskLaunch(task: UInt32(i)), after: period) }
        case .poisson(let rate):
            sim.schedule(
                .taskLaunch(task: UInt32(i)),
                after: Distribution.exponential(mean: 1 / rate).sample(delivery.launchStreams[i]))
        }
        // The administrator launches on the first server; during its outage the launch waits.
        if servers[servers[0].physical].outages.active {
            servers[servers[0].physical].outages.deferredLaunches.append((i, sim.now))
        } else {
            launchTask(i, launchedAt: sim.now, in: &sim)
        }
    }

    /// Records a launch of task `i` at `launchedAt` in every targeted class; returns them.
    @discardableResult
    mutating func registerLaunch(_ i: Int, launchedAt: Double) -> [ClassRuntime] {
        let task = delivery.tasks[i]
        let targeted = fleet.classes.filter { task.targets.isEmpty || task.targets.contains($0.spec.name) }
        let counted = stats.counts(launchedAt)
        if counted { stats.tasksLaunched += 1 }
        let devices = targeted.reduce(0) { $0 + $1.devices.count }
        delivery.launches.append(ReachAfterEvent(start: launchedAt, devices: devices, counted: counted))
        let launch = Int32(delivery.launches.count - 1)
        for runtime in targeted {
            runtime.tasks.append(
                LaunchedTask(time: launchedAt, task: Int32(i), randomizedDelay: task.randomizedDelay, launch: launch))
            delivery.pending += runtime.devices.count
            guard counted else { continue }
            for (k, t) in LatencyBook.thresholds.enumerated() where launchedAt <= scenario.horizon - t {
                stats.pairsWithin[k] += runtime.devices.count
            }
        }
        return targeted
    }

    /// Task `i` launched at `launchedAt` reaches each targeted device by push over the
    /// connection it holds, or through a wake packet to devices the server believes online.
    /// A held connection whose device went off abruptly still counts as held until the
    /// dead-connection timeout: the push goes into it and is lost (`push_lost`), and the task
    /// waits for the device's next sync.
    mutating func launchTask(_ i: Int, launchedAt: Double, in sim: inout Sim) {
        let counted = stats.counts(launchedAt)
        for runtime in registerLaunch(i, launchedAt: launchedAt) {
            let count = Int32(runtime.tasks.count)
            for d in runtime.devices {
                if fleet.devices[d].holds {
                    if fleet.devices[d].online {
                        deliver(d, upTo: count, at: pushArrival(d, at: sim.now), path: .push, in: &sim)
                    } else if counted {
                        stats.pushLost += 1
                    }
                } else if runtime.takesWakePackets, believedOnline(d, at: sim.now) {
                    if runtime.site >= 0 {
                        queueRelayWake(d, index: count - 1, in: &sim)
                    } else {
                        queueWake(d, index: count - 1)
                    }
                } else if runtime.spec.fcm != .off {
                    sendPush(d, index: count - 1, priority: runtime.spec.fcm, in: &sim)
                }
            }
        }
        startWakeSenders(in: &sim)
    }

    /// Delivers to device `d`, handed now (which `launch_reach_*` counts from), every pending
    /// task of its class before index `upTo`; each reaches the device at `time`. With payloads,
    /// each pair then finishes or queues its download (`Payloads.swift`).
    mutating func deliver(_ d: DeviceID, upTo: Int32, at time: Double, path: DeliveryPath, in sim: inout Sim) {
        let now = sim.now
        let first = fleet.devices[d].delivered
        guard first < upTo else { return }
        let runtime = fleet.runtime(of: d)
        for k in Int(first)..<Int(upTo) {
            let launched = runtime.tasks[k]
            delivery.launches[Int(launched.launch)].reach(at: now)
            var start = time
            if launched.randomizedDelay > 0 {
                start = Swift.max(time, launched.time + launched.randomizedDelay * delivery.delayStream.uniform())
            }
            if stats.counts(launched.time) {
                stats.latency.record(
                    classIndex: fleet.devices[d].classID, path: path, latency: start - launched.time,
                    launched: launched.time)
            }
            if sink.wantsDeliveries && !downloads.enabled {
                sink.record(
                    DeliveryRecord(
                        replication: replication, task: delivery.tasks[Int(launched.task)].name, device: d,
                        deviceClass: runtime.spec.name, path: path, launched: launched.time, delivered: start,
                        latency: start - launched.time))
            }
            if downloads.enabled { pairDelivered(d, launched: launched, start: start, path: path, in: &sim) }
        }
        delivery.pending -= Int(upTo - first)
        fleet.devices[d].delivered = upTo
    }
}
