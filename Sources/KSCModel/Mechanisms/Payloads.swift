import KSCRecords
import KSCScenario

/// Task payloads: a pair whose task carries a payload finishes when the device has downloaded
/// it, from the server or from its site's update source (which fetches each launch's payload
/// once from the server). A device downloads one payload at a time, the earliest ready first;
/// going offline cuts its download off, which resumes (or starts over) when it returns. A pair
/// of a task without payload finishes when the task starts on the device.
extension ConnectivityModel where Queue: ~Copyable {
    /// A delivered pair (task index `k` of device `d`'s class, started on the device at
    /// `start`): records its completion, or queues its download.
    mutating func pairDelivered(_ d: DeviceID, k: Int, start: Double, path: DeliveryPath, in sim: inout Sim) {
        let runtime = fleet.runtime(of: d)
        let launched = runtime.tasks[k]
        let task = delivery.tasks[Int(launched.task)]
        guard task.payload > 0 else {
            recordCompletion(
                d,
                Downloads.Item(
                    launch: launched.launch, task: launched.task, launchedAt: launched.time, readyAt: start, path: path,
                    left: 0), at: start)
            return
        }
        let item = Downloads.Item(
            launch: launched.launch, task: launched.task, launchedAt: launched.time, readyAt: start, path: path,
            left: task.payload)
        if downloads.queues[d] == nil {
            downloads.queues[d] = Downloads.Queue(cap: downloads.drawCap(runtime.spec.accessLink))
        }
        let at = downloads.queues[d]!.items.firstIndex { $0.readyAt > start } ?? downloads.queues[d]!.items.count
        downloads.queues[d]!.items.insert(item, at: at)
        if start > sim.now { sim.schedule(.downloadReady(device: UInt32(d)), at: start) }
        startDownload(d, in: &sim)
    }

    /// Starts device `d`'s first ready download when it is online and runs none: from its update
    /// source when its class has one (fetching the payload first when the cache lacks it), else
    /// from the server.
    mutating func startDownload(_ d: DeviceID, in sim: inout Sim) {
        guard fleet.devices[d].online, var queue = downloads.queues[d], queue.flow < 0, !queue.waitingForCache,
            let item = queue.items.first, item.readyAt <= sim.now
        else { return }
        let c = fleet.devices[d].classID
        if let route = links.pointRoute[c] {
            let key = Downloads.CacheKey(site: Int32(fleet.runtime(of: d).site), launch: item.launch)
            if !downloads.cached.contains(key) {
                downloads.waiting[key, default: []].append(d)
                queue.waitingForCache = true
                downloads.queues[d] = queue
                if downloads.waiting[key]!.count == 1 && !downloads.fetchOf.values.contains(key) {
                    fetch(key, classIndex: c, bytes: delivery.tasks[Int(item.task)].payload, in: &sim)
                }
                return
            }
            queue.flow = links.network.start(route: route, cap: queue.cap, bytes: item.left, at: sim.now)
        } else {
            queue.flow = links.network.start(route: links.serverRoute[c], cap: queue.cap, bytes: item.left, at: sim.now)
        }
        downloads.owner[queue.flow] = d
        downloads.queues[d] = queue
        scheduleTransfer(in: &sim)
    }

    /// The update source of `key.site` fetches a launch's payload from the server.
    private mutating func fetch(_ key: Downloads.CacheKey, classIndex c: Int, bytes: Double, in sim: inout Sim) {
        let flow = links.network.start(route: links.fetchRoute[c]!, bytes: bytes, at: sim.now)
        downloads.fetchOf[flow] = key
        if stats.counts(sim.now) { downloads.fetches[Int(key.site)] += 1 }
        scheduleTransfer(in: &sim)
    }

    /// The `transfer` event: every flow finished by now ends (a device's download completes its
    /// pair; a fetch fills the cache and starts the downloads waiting for it).
    mutating func transfersFinish(generation: UInt32, in sim: inout Sim) {
        guard generation == links.generation else { return }
        var done = links.network.finished(at: sim.now)
        if done.isEmpty, let next = links.network.nextCompletion(), next.time <= sim.now {
            // Rounding left a flow a hair short of its end: it ends now.
            links.network.end(next.id, at: sim.now)
            done = [next.id]
        }
        for flow in done {
            if let key = downloads.fetchOf.removeValue(forKey: flow) {
                downloads.cached.insert(key)
                for d in downloads.waiting.removeValue(forKey: key) ?? [] {
                    downloads.queues[d]!.waitingForCache = false
                    startDownload(d, in: &sim)
                }
            } else if let d = downloads.owner.removeValue(forKey: flow) {
                var queue = downloads.queues[d]!
                let item = queue.items.removeFirst()
                queue.flow = -1
                downloads.queues[d] = queue.items.isEmpty ? nil : queue
                let task = delivery.tasks[Int(item.task)]
                if task.payloadUp > 0 { links.countUp(task.payloadUp, on: links.serverRoute[fleet.devices[d].classID]) }
                recordCompletion(d, item, at: sim.now)
                startDownload(d, in: &sim)
            }
        }
        scheduleTransfer(in: &sim)
    }

    /// Device `d` went offline: its running download is cut off, keeping the bytes it has
    /// (`resume: continue`) or none (`restart`).
    mutating func cutDownload(_ d: DeviceID, in sim: inout Sim) {
        guard var queue = downloads.queues[d], queue.flow >= 0 else { return }
        let left = links.network.end(queue.flow, at: sim.now)
        downloads.owner[queue.flow] = nil
        queue.flow = -1
        let task = delivery.tasks[Int(queue.items[0].task)]
        queue.items[0].left = task.resume == .restart ? task.payload : left
        downloads.queues[d] = queue
        scheduleTransfer(in: &sim)
    }

    /// Schedules the next flow completion, replacing any pending one.
    mutating func scheduleTransfer(in sim: inout Sim) {
        links.generation &+= 1
        guard let next = links.network.nextCompletion() else { return }
        sim.schedule(.transfer(generation: links.generation), at: Swift.max(next.time, sim.now))
    }

    /// A restriction's hours start or end: its link's capacity is the limit inside them,
    /// unlimited outside.
    mutating func limitHoursChange(classIndex c: Int, in sim: inout Sim) {
        guard let limit = links.limits[c], let hours = limit.hours else { return }
        let inside = hours.contains(sim.now)
        links.network.setCapacity(limit.link, to: inside ? limit.rate : Links.unlimited, at: sim.now)
        let next = Self.nextBoundary(of: hours, after: sim.now)
        if next < scenario.horizon { sim.schedule(.limitHours(classIndex: UInt32(c)), at: next) }
        scheduleTransfer(in: &sim)
    }

    /// Sets each restriction with hours to its state at time 0 and schedules its next change.
    mutating func startLimits(in sim: inout Sim) {
        for (c, limit) in links.limits.enumerated() {
            guard let limit, let hours = limit.hours else { continue }
            if !hours.contains(0) { links.network.setCapacity(limit.link, to: Links.unlimited, at: 0) }
            let next = Self.nextBoundary(of: hours, after: 0)
            if next < scenario.horizon { sim.schedule(.limitHours(classIndex: UInt32(c)), at: next) }
        }
    }

    /// The first start or end of `hours` after `time`.
    static func nextBoundary(of hours: DailyHours, after time: Double) -> Double {
        let day = (time / 86400).rounded(.down) * 86400
        let candidates = [hours.from, hours.to, hours.from + 86400, hours.to + 86400].map { day + $0 }
        return candidates.filter { $0 > time }.min()!
    }

    /// A pair finished at `time` (NaN: unfinished at the horizon, for deliveries.csv only): its
    /// completion latency counts when its launch counts.
    mutating func recordCompletion(_ d: DeviceID, _ item: Downloads.Item, at time: Double) {
        if sink.wantsDeliveries {
            var record = DeliveryRecord(
                replication: replication, task: delivery.tasks[Int(item.task)].name, device: d,
                deviceClass: fleet.runtime(of: d).spec.name, path: item.path, launched: item.launchedAt,
                delivered: item.readyAt, latency: item.readyAt - item.launchedAt)
            record.completed = time
            sink.record(record)
        }
        guard stats.counts(item.launchedAt), !time.isNaN else { return }
        downloads.completion.record(
            classIndex: fleet.devices[d].classID, path: item.path, latency: time - item.launchedAt,
            launched: item.launchedAt)
    }
}
