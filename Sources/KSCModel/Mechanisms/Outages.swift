/// The state of the server's outages.
struct OutageState {
    /// An outage is under way.
    var active = false
    /// Start of the latest outage (a session served across it is refused).
    var lastStart = -Double.infinity
    /// Task launches that fell inside the outage: launched when it ends.
    var deferredLaunches: [(task: Int, time: Double)] = []
}

/// Outages: every connection is refused, every permanent connection dropped, queued
/// sessions refused, the wake queue dropped; task launches wait for the end.
extension ConnectivityModel where Queue: ~Copyable {
    /// Schedules the start of every outage (before any other event at that time).
    mutating func scheduleOutages(in sim: inout Sim) {
        for (i, outage) in server.config.outages.enumerated() {
            sim.schedule(.outageStart(index: UInt32(i)), at: outage.start, priority: EventPriority.outage)
        }
    }

    mutating func outageStarts(_ i: Int, in sim: inout Sim) {
        server.outages.active = true
        server.outages.lastStart = sim.now
        dropPermanentConnections(at: sim.now)
        for job in server.sessions.pool.drainQueue(at: sim.now) where isCurrent(Int(job.device), token: job.token) {
            refuse(Int(job.device), token: job.token, in: &sim)
        }
        sim.schedule(.outageEnd, after: server.config.outages[i].duration, priority: EventPriority.outage)
    }

    mutating func outageEnds(in sim: inout Sim) {
        server.outages.active = false
        let launches = server.outages.deferredLaunches
        server.outages.deferredLaunches = []
        for launch in launches { launchTask(launch.task, launchedAt: launch.time, in: &sim) }
    }
}
