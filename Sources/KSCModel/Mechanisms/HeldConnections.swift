import KSCPrimitives
import KSCScenario

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

    init(config: ServerConfig, pushServers: PushServerConfig) {
        permanent = LossPool(capacity: config.permanentConnectionCap)
        push = LossPool(capacity: pushServers.count * pushServers.capacity)
        deadConnectionTimeout = config.deadConnectionTimeout
        pushCost = config.pushCost
    }
}

/// At the end of each sync a device that wants a held connection and has none asks for
/// one; it keeps it until it goes offline (released at once on a clean shutdown, after
/// `deadConnectionTimeout` on an abrupt one) or an outage drops it.
extension ConnectivityModel where Queue: ~Copyable {
    /// After a completed sync: a push-server class connects to a push server, a Keep
    /// connection device asks for a permanent slot; tasks launched during the session
    /// go down the new connection at once.
    mutating func connectAfterSync(_ d: DeviceID, in sim: inout Sim) {
        guard !fleet.devices[d].holds else { return }
        let runtime = fleet.runtime(of: d)
        if runtime.usesPushServer {
            if server.held.push.tryAcquire(at: sim.now) { fleet.devices[d].holds = true; fleet.devices[d].onPushServer = true }
        } else if fleet.devices[d].keepConnection {
            if server.held.permanent.tryAcquire(at: sim.now) { fleet.devices[d].holds = true; fleet.devices[d].onPushServer = false }
        }
        if fleet.devices[d].holds && fleet.devices[d].delivered < Int32(runtime.tasks.count) {
            deliver(d, upTo: Int32(runtime.tasks.count), at: sim.now + server.held.pushCost, path: .push)
        }
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
        if fleet.devices[d].onPushServer { server.held.push.release(at: time) } else { server.held.permanent.release(at: time) }
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
