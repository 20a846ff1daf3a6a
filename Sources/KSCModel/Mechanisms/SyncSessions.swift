import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario

/// The server's sync service: `syncWorkers` workers in front of a FIFO backlog, with
/// the streams of service times and retry delays.
struct SyncService {
    /// A sync session waiting for or holding a worker: the device and its sync token.
    typealias Job = (device: UInt32, token: UInt32)
    var pool: ServerPool<Job>
    let service: Distribution
    let retryAfter: Distribution
    let serviceStream: RandomStream
    let retryStream: RandomStream

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(config: ServerConfig, streams: StreamSet) throws {
        pool = ServerPool(workers: config.syncWorkers, backlog: config.backlog)
        service = config.syncService
        retryAfter = config.retryAfter
        serviceStream = try streams.stream("server.syncService")
        retryStream = try streams.stream("server.retryAfter")
    }
}

/// Sync sessions: a TCP 13000 connection travels RTT/2, waits for a worker (or is
/// refused and retried), is served, and its answer travels another RTT/2. A sync
/// delivers every task launched before its service started.
extension ConnectivityModel where Queue: ~Copyable {
    /// The periodic timer: sync now (unless a sync is under way) and set the next timer.
    mutating func syncTimerFires(_ d: DeviceID, epoch: UInt32, in sim: inout Sim) {
        guard fleet.devices[d].epoch == epoch, fleet.devices[d].online else { return }
        startSync(d, reason: .sync, in: &sim)
        sim.schedule(.syncTimer(device: UInt32(d), epoch: epoch), after: fleet.runtime(of: d).nextSyncDelay())
    }

    /// Starts a sync of device `d` (skipped when one is under way).
    mutating func startSync(_ d: DeviceID, reason: DeliveryPath, in sim: inout Sim) {
        guard !fleet.devices[d].syncing else { return }
        fleet.devices[d].syncing = true
        fleet.devices[d].token &+= 1
        fleet.devices[d].reason = reason
        sim.schedule(.syncArrival(device: UInt32(d), token: fleet.devices[d].token), after: fleet.runtime(of: d).halfRTT())
    }

    /// Whether `token` is device `d`'s sync under way (and the device still online).
    func isCurrent(_ d: DeviceID, token: UInt32) -> Bool {
        fleet.devices[d].token == token && fleet.devices[d].syncing && fleet.devices[d].online
    }

    /// The connection reaches the server: served, queued, or refused.
    mutating func syncArrives(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        guard isCurrent(d, token: token) else { return }
        if server.outages.active {
            refuse(d, token: token, in: &sim)
            return
        }
        switch server.sessions.pool.arrive((UInt32(d), token), at: sim.now) {
        case .started: beginService(d, in: &sim)
        case .queued: break
        case .refused: refuse(d, token: token, in: &sim)
        }
    }

    /// The connection is refused; the agent tries again after `retryAfter`.
    mutating func refuse(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        stats.connectionsRefused += 1
        sim.schedule(.syncArrival(device: UInt32(d), token: token), after: server.sessions.retryAfter.sample(server.sessions.retryStream))
    }

    /// A worker starts on device `d`'s session: the tasks launched so far are in it.
    mutating func beginService(_ d: DeviceID, in sim: inout Sim) {
        fleet.devices[d].snapshot = Int32(fleet.runtime(of: d).tasks.count)
        fleet.devices[d].serviceStart = sim.now
        sim.schedule(.serviceDone(device: UInt32(d), token: fleet.devices[d].token),
                     after: server.sessions.service.sample(server.sessions.serviceStream))
    }

    /// A session ends: the worker takes the next waiting session whose agent is still
    /// there; the finished one completes unless an outage started during it.
    mutating func serviceDone(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        while let next = server.sessions.pool.complete(at: sim.now) {
            if isCurrent(Int(next.device), token: next.token) {
                beginService(Int(next.device), in: &sim)
                break
            }
        }
        guard isCurrent(d, token: token) else { return }
        if server.outages.active || server.outages.lastStart > fleet.devices[d].serviceStart {
            refuse(d, token: token, in: &sim)
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
        stats.syncs += 1
        deliver(d, upTo: fleet.devices[d].snapshot, at: sim.now + fleet.runtime(of: d).halfRTT(), path: fleet.devices[d].reason)
        connectAfterSync(d, in: &sim)
        if fleet.devices[d].wakePending {
            fleet.devices[d].wakePending = false
            if fleet.devices[d].delivered < Int32(fleet.runtime(of: d).tasks.count) { startSync(d, reason: .wake, in: &sim) }
        }
    }
}
