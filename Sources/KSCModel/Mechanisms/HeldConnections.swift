import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// Held connections: the server's permanent ("Keep connection") slots under the cap,
/// and the push servers' slots.
struct HeldConnections {
    /// The server's permanent connections (at most `permanentConnectionCap`).
    var permanent: LossPool
    /// Connections held by push servers (count x capacity).
    var push: LossPool
    /// How long a silently dropped connection keeps its slot, s.
    let deadConnectionTimeout: Double
    /// Server time to push a task over a held connection, s.
    let pushCost: Double
    /// Online devices that want a permanent connection (Keep connection, no push server).
    var wanting = 0
    /// Of those, the ones that hold one.
    var wantingHolding = 0
    /// Online devices that want a permanent connection, over time.
    var wantingLevel = TimeWeightedLevel()
    /// Online devices that want a permanent connection and hold none, over time.
    var withoutLevel = TimeWeightedLevel()
    /// The order in which devices online at time 0 take their connections.
    let startStream: RandomStream

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(config: ServerConfig, pushServers: PushServerConfig, streams: StreamSet) throws {
        startStream = try streams.stream("start.connections")
        permanent = LossPool(capacity: config.permanentConnectionCap)
        push = LossPool(capacity: pushServers.count * pushServers.capacity)
        deadConnectionTimeout = config.deadConnectionTimeout
        pushCost = config.pushCost
    }
}

/// At the end of each sync a device that may hold a connection and has none asks for
/// one (under the dynamic reading of the cap it may be refused, and asks again at its
/// next sync); it keeps it until it goes offline (released at once on a clean shutdown, after
/// `deadConnectionTimeout` on an abrupt one) or an outage drops it.
extension ConnectivityModel where Queue: ~Copyable {
    /// After a completed sync: a push-server class connects to a push server, a device
    /// that may keep a connection asks for a permanent slot; tasks launched during the
    /// session go down the new connection at once (push cost, then RTT/2).
    mutating func connectAfterSync(_ d: DeviceID, in sim: inout Sim) {
        guard !fleet.devices[d].holds else { return }
        let runtime = fleet.runtime(of: d)
        connect(d, at: sim.now)
        if fleet.devices[d].holds && fleet.devices[d].delivered < Int32(runtime.tasks.count) {
            deliver(d, upTo: Int32(runtime.tasks.count), at: sim.now + server.held.pushCost + runtime.halfRTT(), path: .push)
        }
    }

    /// Device `d` (online, holding nothing) asks for the connection it may hold.
    mutating func connect(_ d: DeviceID, at time: Double) {
        if fleet.runtime(of: d).usesPushServer {
            if server.held.push.tryAcquire(at: time) { fleet.devices[d].holds = true; fleet.devices[d].onPushServer = true }
        } else if fleet.devices[d].mayKeep {
            if server.held.permanent.tryAcquire(at: time) {
                fleet.devices[d].holds = true
                fleet.devices[d].onPushServer = false
                server.held.wantingHolding += 1
                updateWantLevels(at: time)
            }
        }
    }

    /// At time 0, devices online that may hold a connection already hold one, in a
    /// random order up to the cap (the steady state of a fleet that has run for long).
    mutating func startHeldConnections() {
        let stream = server.held.startStream
        var candidates = fleet.devices.indices.filter {
            fleet.devices[$0].online && (fleet.devices[$0].mayKeep || fleet.runtime(of: $0).usesPushServer)
        }
        for i in candidates.indices { candidates.swapAt(i, i + stream.integer(below: candidates.count - i)) }
        for d in candidates { connect(d, at: 0) }
    }

    /// Device `d` came online or went off: the counts of devices that want a permanent
    /// connection (and hold one) change.
    mutating func permanentWantChanges(_ d: DeviceID, online: Bool, at time: Double) {
        guard fleet.wantsPermanent(d) else { return }
        let step = online ? 1 : -1
        server.held.wanting += step
        if fleet.devices[d].holds && !fleet.devices[d].onPushServer { server.held.wantingHolding += step }
        updateWantLevels(at: time)
    }

    /// Records the wanting and without levels now.
    mutating func updateWantLevels(at time: Double) {
        server.held.wantingLevel.set(Double(server.held.wanting), at: time)
        server.held.withoutLevel.set(Double(server.held.wanting - server.held.wantingHolding), at: time)
    }

    /// The device goes offline: a clean close frees the slot now; an abrupt one frees
    /// it after `deadConnectionTimeout`, unless the device comes back first.
    mutating func connectionEndsWithDevice(_ d: DeviceID, abrupt: Bool, in sim: inout Sim) {
        guard fleet.devices[d].holds else { return }
        if abrupt {
            sim.schedule(.release(device: UInt32(d), token: fleet.devices[d].holdToken), after: server.held.deadConnectionTimeout)
        } else {
            dropConnection(d, at: sim.now)
        }
    }

    /// A device back online takes over the connection that died silently.
    mutating func takeOverDeadConnection(_ d: DeviceID) {
        if fleet.devices[d].holds { fleet.devices[d].holdToken &+= 1 }
    }

    /// The `release` event: the server notices the dead connection.
    mutating func deadConnectionExpires(_ d: DeviceID, token: UInt32, at time: Double) {
        guard fleet.devices[d].holdToken == token, fleet.devices[d].holds else { return }
        dropConnection(d, at: time)
    }

    /// Ends device `d`'s held connection and frees its slot.
    mutating func dropConnection(_ d: DeviceID, at time: Double) {
        if fleet.devices[d].onPushServer {
            server.held.push.release(at: time)
        } else {
            server.held.permanent.release(at: time)
            if fleet.devices[d].online {
                server.held.wantingHolding -= 1
                updateWantLevels(at: time)
            }
        }
        fleet.devices[d].holds = false
        fleet.devices[d].onPushServer = false
        fleet.devices[d].holdToken &+= 1
    }

    /// An outage of the server drops every permanent connection (push servers keep theirs).
    mutating func dropPermanentConnections(at time: Double) {
        for d in fleet.devices.indices where fleet.devices[d].holds && !fleet.devices[d].onPushServer {
            dropConnection(d, at: time)
        }
    }
}
