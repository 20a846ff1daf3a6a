import KSCRecords

/// Sync sessions: a TCP 13000 connection travels its route (`Route.swift`), waits for a
/// worker of its physical server (or is refused and retried), is served, and its answer
/// travels back. A sync delivers every task launched before its service started.
extension ConnectivityModel where Queue: ~Copyable {
    /// Index of the server that manages device `d` (0 without a lookup when there is one).
    @inline(__always)
    func serverIndex(of d: DeviceID) -> Int { servers.count == 1 ? 0 : fleet.runtime(of: d).server }

    /// Index of the physical server whose workers serve device `d`.
    @inline(__always)
    func physicalIndex(of d: DeviceID) -> Int { servers.count == 1 ? 0 : servers[serverIndex(of: d)].physical }

    /// Whether server `s` (or the physical server it runs on) is in an outage.
    @inline(__always)
    func isDown(_ s: Int) -> Bool { servers[servers[s].physical].outages.active }

    /// Starts a sync of device `d` (skipped when one is under way).
    mutating func startSync(_ d: DeviceID, reason: SyncReason, in sim: inout Sim) {
        guard !fleet.devices[d].syncing else { return }
        fleet.devices[d].syncing = true
        fleet.devices[d].token &+= 1
        fleet.devices[d].reason = reason
        sendConnection(d, token: fleet.devices[d].token, in: &sim)
    }

    /// Whether `token` is device `d`'s sync under way (and the device still online).
    func isCurrent(_ d: DeviceID, token: UInt32) -> Bool {
        fleet.devices[d].token == token && fleet.devices[d].syncing && fleet.devices[d].online
    }

    /// The connection reaches the server: served, queued, or refused.
    mutating func syncArrives(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        settleTimer(d, in: &sim)
        guard isCurrent(d, token: token) else { return }
        stats.serverArrivals += 1
        let s = serverIndex(of: d)
        if isDown(s) {
            refuse(d, token: token, cause: .serverDown, in: &sim)
            return
        }
        let p = servers[s].physical
        switch servers[p].sessions.arrive((UInt32(d), token), at: sim.now) {
        case .started:
            // A session that takes no time decides nothing before it ends: end it now.
            if beginService(d, in: &sim) == 0 { serviceDone(d, token: token, in: &sim) }
        case .queued:
            stats.queued += 1
            fleet.devices[d].waiting = true
            fleet.devices[d].serviceStart = sim.now
            let timeout = servers[p].sessions.connectTimeout
            if timeout > 0 { sim.schedule(.connectTimeout(device: UInt32(d), token: token), after: timeout) }
        case .refused: refuse(d, token: token, cause: .backlogFull, in: &sim)
        }
    }

    /// The server refuses the connection; the agent tries again after `retryAfter`.
    mutating func refuse(_ d: DeviceID, token: UInt32, cause: RefusalCause, in sim: inout Sim) {
        stats.refused[cause.rawValue] += 1
        servers[serverIndex(of: d)].refused += 1
        retry(d, token: token, in: &sim)
    }

    /// The `connectTimeout` event: a session still waiting in the backlog gives up. Its
    /// agent closes the connection and tries again after `retryAfter`; the server drops it
    /// from the backlog. (Timeouts are one constant, so the backlog gives them up in its
    /// own order: every session ahead of this one has started or given up.)
    mutating func connectTimeoutExpires(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        settleTimer(d, in: &sim)
        // A timer of an earlier wait of the same sync (it was refused by an outage since) is stale.
        let timeout = servers[physicalIndex(of: d)].sessions.connectTimeout
        guard isCurrent(d, token: token), fleet.devices[d].waiting,
            fleet.devices[d].serviceStart + timeout <= sim.now
        else { return }
        fleet.devices[d].waiting = false
        servers[physicalIndex(of: d)].sessions.abandon((UInt32(d), token), at: sim.now)
        fleet.devices[d].token &+= 1
        refuse(d, token: fleet.devices[d].token, cause: .connectTimeout, in: &sim)
    }

    /// A draw of server `s`'s `retryAfter` (its physical server's): the wait of whatever
    /// it refused (an agent, a gateway or relay at the cap) before trying again.
    mutating func retryAfter(server s: Int) -> Double {
        servers[servers[s].physical].sessions.drawRetryAfter()
    }

    /// Schedules device `d`'s next attempt after its server's `retryAfter` (through its
    /// gateway again, whose session slot it gives back meanwhile).
    mutating func retry(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        sendConnection(d, token: token, after: retryAfter(server: serverIndex(of: d)), in: &sim)
    }

    /// A worker starts on device `d`'s session: the tasks launched so far are in it.
    /// - Returns: the session's service time, s; when it is 0 no `serviceDone` is
    ///   scheduled and the caller ends the session.
    @discardableResult
    mutating func beginService(_ d: DeviceID, in sim: inout Sim) -> Double {
        fleet.devices[d].snapshot = Int32(fleet.runtime(of: d).tasks.count)
        fleet.devices[d].serviceStart = sim.now
        fleet.devices[d].waiting = false
        // A full sync carries a task the device has not had; a woken session is forced.
        let service = servers[physicalIndex(of: d)].sessions.drawService(
            full: fleet.devices[d].delivered < fleet.devices[d].snapshot, forced: fleet.devices[d].reason.forced)
        if service > 0 { sim.schedule(.serviceDone(device: UInt32(d), token: fleet.devices[d].token), after: service) }
        return service
    }

    /// A session ends: the worker takes the next waiting session whose agent is still
    /// there; the finished one completes unless an outage started during it.
    mutating func serviceDone(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        let p = physicalIndex(of: d)
        while let next = servers[p].sessions.complete(at: sim.now) {
            if isCurrent(Int(next.device), token: next.token) {
                if beginService(Int(next.device), in: &sim) == 0 {
                    sim.schedule(.serviceDone(device: next.device, token: next.token), after: 0)
                }
                break
            }
        }
        settleTimer(d, in: &sim)
        guard isCurrent(d, token: token) else { return }
        if servers[p].outages.active || servers[p].outages.lastStart > fleet.devices[d].serviceStart {
            refuse(d, token: token, cause: .serverDown, in: &sim)
            return
        }
        finishSync(d, in: &sim)
    }

    /// A completed sync: deliver, then ask for a held connection if the device wants
    /// one. A wake packet that arrived during the session (for a task it did not carry)
    /// makes the agent sync again at once.
    mutating func finishSync(_ d: DeviceID, in sim: inout Sim) {
        fleet.devices[d].syncing = false
        serverSeesDevice(d, at: sim.now)
        if fleet.devices[d].awaitingRecovery {
            fleet.devices[d].awaitingRecovery = false
            servers[physicalIndex(of: d)].outages.recovery?.reach(at: sim.now)
        }
        stats.syncs += 1
        let full = fleet.devices[d].delivered < fleet.devices[d].snapshot
        let bytes =
            fleet.devices[d].reason.forced
            ? scenario.traffic.forcedSync : full ? scenario.traffic.fullSync : scenario.traffic.heartbeat
        stats.bytesUp += bytes.up
        stats.bytesDown += bytes.down
        if links.enabled { links.countSession(classIndex: fleet.devices[d].classID, up: bytes.up, down: bytes.down) }
        if full {
            stats.realSyncs += 1
            // The answer's travel time is drawn only when it carries tasks.
            deliver(
                d, upTo: fleet.devices[d].snapshot, at: sim.now + travelToDevice(d),
                path: fleet.devices[d].reason.path, in: &sim)
        }
        connectAfterSync(d, in: &sim)
        if fleet.devices[d].wakePending {
            fleet.devices[d].wakePending = false
            let runtime = fleet.runtime(of: d)
            if fleet.devices[d].delivered < Int32(runtime.tasks.count) {
                // Phones get no wake packet: a pending wake of a phone came through FCM.
                startSync(d, reason: runtime.takesWakePackets ? .wake : .fcm, in: &sim)
            }
        }
    }
}
