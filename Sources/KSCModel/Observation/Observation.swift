import KSCRecords

extension ConnectivityModel where Queue: ~Copyable {
    /// The clock reached the warm-up: every component restarts its own statistics.
    mutating func warmupEnded(at time: Double) {
        stats.resetStatistics(at: time)
        servers.resetStatistics(at: time)
        push.resetStatistics(at: time)
        gateways.resetStatistics(at: time)
        relays.resetStatistics(at: time)
        fcm.resetStatistics(at: time)
        links.resetStatistics(at: time)
        downloads.resetStatistics(at: time)
    }

    /// Width of the windows of the saturation figures, s.
    static var window: Double { 60 }

    /// The `window` event: every physical server and gateway closes a 1-minute window, then
    /// the next window is scheduled (observation: no model state changes).
    mutating func closeWindow(in sim: inout Sim) {
        stats.samples += 1
        for p in servers.indices where servers[p].physical == p {
            let refused = servers.reduce(0) { $0 + ($1.physical == p ? $1.refused : 0) }
            servers[p].sessions.closeWindow(width: Self.window, at: sim.now, refused: refused)
        }
        for g in gateways.indices { gateways[g].closeWindow(width: Self.window, at: sim.now) }
        if links.enabled { links.closeWindow(at: sim.now, length: Self.window) }
        if sim.now + Self.window <= scenario.horizon {
            sim.schedule(.window, after: Self.window, priority: EventPriority.sample)
        }
    }

    /// The `sample` event: one time-series row, then the next sample.
    mutating func sample(in sim: inout Sim) {
        stats.samples += 1
        let physical = servers.indices.filter { servers[$0].physical == $0 }
        sink.record(
            TimeseriesRecord(
                replication: replication, time: sim.now, online: fleet.online,
                permInUse: servers.reduce(0) { $0 + $1.slots.pool.inUse },
                permWithout: servers.reduce(0) { $0 + $1.slots.without },
                queueLength: physical.reduce(0) { $0 + servers[$1].sessions.pool.queueLength },
                busyWorkers: physical.reduce(0) { $0 + servers[$1].sessions.pool.busy }, undelivered: delivery.pending))
        if links.enabled {
            for row in links.sample(at: sim.now, replication: replication) { sink.record(row) }
        }
        if let step = stats.timeseriesStep, sim.now + step <= scenario.horizon {
            sim.schedule(.sample, after: step, priority: EventPriority.sample)
        }
    }
}
