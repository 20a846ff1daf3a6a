/// The state of the server's outages.
struct OutageState {
    /// An outage is under way.
    var active = false
    /// Start of the latest outage (a session served across it is refused).
    var lastStart = -Double.infinity
    /// Task launches that fell inside the outage: launched when it ends.
    var deferredLaunches: [(task: Int, time: Double)] = []
    /// The recovery from the last outage: devices online at its end seen completing a sync.
    var recovery: ReachAfterEvent?
}

/// Outages of a physical server, which restart its virtual servers with it: every
/// connection refused, every permanent connection dropped (those of its gateways and relays
/// too), queued sessions refused, the wake queues dropped; task launches wait for the end.
extension ConnectivityModel where Queue: ~Copyable {
    /// Schedules the start of every outage (before any other event at that time).
    mutating func scheduleOutages(in sim: inout Sim) {
        for p in servers.indices where servers[p].physical == p {
            for (i, outage) in servers[p].outageList.enumerated() {
                sim.schedule(
                    .outageStart(server: UInt32(p), index: UInt32(i)), at: outage.start, priority: EventPriority.outage)
            }
        }
    }

    mutating func outageStarts(server p: Int, index i: Int, in sim: inout Sim) {
        servers[p].outages.active = true
        servers[p].outages.lastStart = sim.now
        endRecovery(physical: p)
        dropPermanentConnections(physical: p, in: &sim)
        for job in servers[p].sessions.drainQueue(at: sim.now) where isCurrent(Int(job.device), token: job.token) {
            fleet.devices[Int(job.device)].waiting = false
            refuse(Int(job.device), token: job.token, cause: .serverDown, in: &sim)
        }
        sim.schedule(
            .outageEnd(server: UInt32(p)), after: servers[p].outageList[i].duration, priority: EventPriority.outage)
    }

    mutating func outageEnds(server p: Int, in sim: inout Sim) {
        servers[p].outages.active = false
        let launches = servers[p].outages.deferredLaunches
        servers[p].outages.deferredLaunches = []
        for launch in launches { launchTask(launch.task, launchedAt: launch.time, in: &sim) }
        for g in gateways.indices where servers[gateways[g].server].physical == p {
            connectGateway(g, at: sim.now, in: &sim)
        }
        for r in relays.indices where servers[relays[r].server].physical == p { connectRelay(r, at: sim.now, in: &sim) }
        // The recovery: how long until shares of the devices online now have completed a sync.
        var online = 0
        for d in fleet.devices.indices where fleet.devices[d].online && physicalIndex(of: d) == p {
            fleet.devices[d].awaitingRecovery = true
            online += 1
        }
        servers[p].outages.recovery = ReachAfterEvent(start: sim.now, devices: online, counted: stats.counts(sim.now))
    }

    /// Ends the recovery from physical server `p`'s last outage (another outage starts, or the
    /// run ends): shares not reached by then stay unknown.
    mutating func endRecovery(physical p: Int) {
        guard let recovery = servers[p].outages.recovery else { return }
        stats.recoveries.append(recovery)
        servers[p].outages.recovery = nil
        for d in fleet.devices.indices where fleet.devices[d].awaitingRecovery && physicalIndex(of: d) == p {
            fleet.devices[d].awaitingRecovery = false
        }
    }
}
