import KSCRecords
import KSCScenario

/// Task payloads: a pair whose task carries a payload finishes when the device has downloaded
/// it, from the server or from its site's update source (which fetches each launch's payload
/// once from the server). A device downloads one payload at a time, the earliest ready first;
/// going offline cuts its download off, which resumes (or starts over) when it returns. A pair
/// of a task without payload finishes when the task starts on the device.
extension ConnectivityModel where Queue: ~Copyable {
    /// A delivered pair (the launch `launched` to device `d`, started on the device at
    /// `start`): records its completion, or queues its download.
    mutating func pairDelivered(
        _ d: DeviceID, launched: LaunchedTask, start: Double, path: DeliveryPath, in sim: inout Sim
    ) {
        let payload = downloads.payload[Int(launched.task)]
        guard payload > 0 else {
            recordCompletion(
                d,
                Downloads.Item(
                    launch: launched.launch, task: launched.task, launchedAt: launched.time, readyAt: start, path: path,
                    left: 0), at: start)
            return
        }
        let item = Downloads.Item(
            launch: launched.launch, task: launched.task, launchedAt: launched.time, readyAt: start, path: path,
            left: payload)
        if downloads.queues[d].group < 0 {
            let c = fleet.devices[d].classID
            let route = links.pointRoute[c] ?? links.serverRoute[c]
            downloads.queues[d].group = Int32(
                links.network.group(route: route, cap: downloads.drawCap(fleet.classes[c].spec.accessLink)))
        }
        downloads.enqueue(item, for: d)
        if start > sim.now { sim.schedule(.downloadReady(device: UInt32(d)), at: start) }
        startDownload(d, in: &sim)
    }

    /// Starts device `d`'s first ready download when it is online and runs none: from its update
    /// source when its class has one (fetching the payload first when the cache lacks it), else
    /// from the server.
    mutating func startDownload(_ d: DeviceID, in sim: inout Sim) {
        guard fleet.devices[d].online, downloads.queues[d].flow < 0, !downloads.queues[d].waitingForCache,
            let item = downloads.first(d), item.readyAt <= sim.now
        else { return }
        let c = fleet.devices[d].classID
        let site = downloads.sourceSite[c]
        if site >= 0 {
            let key = Downloads.CacheKey(site: site, launch: item.launch)
            if !downloads.cached.contains(key) {
                downloads.waiting[key, default: []].append(d)
                downloads.queues[d].waitingForCache = true
                if downloads.waiting[key]!.count == 1 {
                    fetch(key, classIndex: c, bytes: downloads.payload[Int(item.task)], in: &sim)
                }
                return
            }
        }
        let flow = links.network.start(group: Int(downloads.queues[d].group), bytes: item.left, at: sim.now)
        downloads.queues[d].flow = Int32(flow)
        downloads.own(flow, by: d)
        if links.network.ratesChanged {
            scheduleTransfer(in: &sim)
        } else {
            // Only the new flow moved: it may end before the event pending.
            scheduleTransfer(at: sim.now + item.left / links.network.rate(of: flow), in: &sim)
        }
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
        // No event is scheduled while flows end and start here: one at the end.
        links.transferDue = -.infinity
        links.network.endFinished(at: sim.now)
        var rounded: Int?
        if links.network.justFinished.isEmpty, let next = links.network.nextCompletion(), next.time <= sim.now {
            // Rounding left a flow a hair short of its end: it ends now.
            links.network.end(next.id, at: sim.now)
            rounded = next.id
        }
        // Whose flows they were, before any new flow takes one of their numbers: a device, or
        // (-1 - i) the i-th fetch of `endedFetches`.
        downloads.ended.removeAll(keepingCapacity: true)
        var endedFetches: [Downloads.CacheKey] = []
        for flow in rounded.map({ [$0] }) ?? links.network.justFinished {
            if !downloads.fetchOf.isEmpty, let key = downloads.fetchOf.removeValue(forKey: flow) {
                endedFetches.append(key)
                downloads.ended.append(-Int32(endedFetches.count))
            } else if let d = downloads.disown(flow) {
                downloads.ended.append(Int32(d))
            }
        }
        for i in downloads.ended.indices {
            let owner = Int(downloads.ended[i])
            if owner < 0 {
                let key = endedFetches[-owner - 1]
                downloads.cached.insert(key)
                for d in downloads.waiting.removeValue(forKey: key) ?? [] {
                    downloads.queues[d].waitingForCache = false
                    startDownload(d, in: &sim)
                }
            } else {
                let d = owner
                let item = downloads.removeFirst(d)
                downloads.queues[d].flow = -1
                let up = downloads.payloadUp[Int(item.task)]
                if up > 0 { links.countUp(up, on: links.serverRoute[fleet.devices[d].classID]) }
                recordCompletion(d, item, at: sim.now)
                startDownload(d, in: &sim)
            }
        }
        links.transferDue = .infinity
        scheduleTransfer(in: &sim)
    }

    /// Device `d` went offline: its running download is cut off, keeping the bytes it has
    /// (`resume: continue`) or none (`restart`).
    mutating func cutDownload(_ d: DeviceID, in sim: inout Sim) {
        let flow = Int(downloads.queues[d].flow)
        guard flow >= 0 else { return }
        let left = links.network.end(flow, at: sim.now)
        _ = downloads.disown(flow)
        downloads.queues[d].flow = -1
        let task = Int(downloads.first(d)!.task)
        downloads.setFirstLeft(d, downloads.restart[task] ? downloads.payload[task] : left)
        scheduleTransfer(in: &sim)
    }

    /// Schedules a `transfer` event at the next flow completion when that is before the one
    /// pending (which it replaces); a pending one that comes first is kept: at it nothing may
    /// have finished, and it schedules the next.
    mutating func scheduleTransfer(in sim: inout Sim) {
        guard let next = links.network.nextCompletion() else { return }
        scheduleTransfer(at: next.time, in: &sim)
    }

    /// Schedules a `transfer` event at `time` unless one is pending no later.
    mutating func scheduleTransfer(at time: Double, in sim: inout Sim) {
        let time = Swift.max(time, sim.now)
        guard time < links.transferDue else { return }
        links.generation &+= 1
        links.transferDue = time
        sim.schedule(.transfer(generation: links.generation), at: time)
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
        downloads.completion.recordAllPaths(classIndex: fleet.devices[d].classID, latency: time - item.launchedAt)
    }
}
