import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// A server's held connections: its permanent ("Keep connection") slots under the cap,
/// taken by devices, gateways and relays.
struct HeldConnections {
    /// The server's permanent connections (at most `permanentConnectionCap`).
    var permanent: LossPool
    /// How long a silently dropped connection keeps its slot, s.
    let deadConnectionTimeout: Double
    /// Server time to push a task over a held connection, s.
    let pushCost: Double
    /// Online devices that want a permanent connection (Keep connection, no push server,
    /// no gateway).
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
    init(config: ServerConfig, streams: StreamSet, startStream name: String) throws {
        startStream = try streams.stream(name)
        permanent = LossPool(capacity: config.permanentConnectionCap)
        deadConnectionTimeout = config.deadConnectionTimeout
        pushCost = config.pushCost
    }
}

/// At the end of each sync a device that may hold a connection and has none asks for
/// one (under the dynamic reading of the cap it may be refused, and asks again at its
/// next sync); it keeps it until it goes offline (released at once on a clean shutdown, after
/// `deadConnectionTimeout` on an abrupt one) or an outage drops it. A device behind a
/// gateway keeps its connection through the gateway instead (a gateway slot, no server slot).
extension ConnectivityModel where Queue: ~Copyable {
    /// After a completed sync: a push-server class connects to a push server, a device
    /// that may keep a connection asks for a permanent slot (or keeps its gateway slot);
    /// tasks launched during the session go down the new connection at once.
    mutating func connectAfterSync(_ d: DeviceID, in sim: inout Sim) {
        let runtime = fleet.runtime(of: d)
        // The session's gateway slot is given back unless it becomes the held connection.
        defer { if runtime.gateway >= 0 { releaseSyncSlot(d, at: sim.now) } }
        guard !fleet.devices[d].holds else { return }
        connect(d, at: sim.now)
        if fleet.devices[d].holds && fleet.devices[d].delivered < Int32(runtime.tasks.count) {
            let cost = servers[runtime.server].held.pushCost
            let at = runtime.gateway >= 0 ? sim.now + cost + gatewayLegs(runtime.gateway) : sim.now + cost + runtime.halfRTT()
            deliver(d, upTo: Int32(runtime.tasks.count), at: at, path: .push)
        }
    }

    /// Half of each leg through gateway `g`: server to gateway, gateway to device.
    mutating func gatewayLegs(_ g: Int) -> Double {
        gateways[g].halfServerRTT() + gateways[g].halfRTT()
    }

    /// Device `d` (online, holding nothing) asks for the connection it may hold.
    mutating func connect(_ d: DeviceID, at time: Double) {
        let runtime = fleet.runtime(of: d)
        if runtime.usesPushServer {
            if push.tryAcquire(at: time) { fleet.devices[d].holds = true; fleet.devices[d].onPushServer = true }
        } else if runtime.gateway >= 0 {
            // Keep connection is ticked on the gateway: the device keeps the gateway slot it has.
            if fleet.devices[d].mayKeep && fleet.devices[d].gatewaySlot { fleet.devices[d].holds = true; fleet.devices[d].onPushServer = false }
        } else if fleet.devices[d].mayKeep {
            let s = runtime.server
            if servers[s].held.permanent.tryAcquire(at: time) {
                fleet.devices[d].holds = true
                fleet.devices[d].onPushServer = false
                servers[s].held.wantingHolding += 1
                updateWantLevels(server: s, at: time)
            }
        }
    }

    /// At time 0, devices online that may hold a connection already hold one, in a
    /// random order up to the cap (the steady state of a fleet that has run for long).
    mutating func startHeldConnections() {
        let stream = servers[0].held.startStream
        var candidates = fleet.devices.indices.filter {
            fleet.devices[$0].online && (fleet.devices[$0].mayKeep || fleet.runtime(of: $0).usesPushServer)
        }
        for i in candidates.indices { candidates.swapAt(i, i + stream.integer(below: candidates.count - i)) }
        for d in candidates {
            let g = fleet.runtime(of: d).gateway
            if g >= 0 && !fleet.runtime(of: d).usesPushServer {
                guard gateways[g].open, gateways[g].slots.tryAcquire(at: 0) else { continue }
                fleet.devices[d].gatewaySlot = true
            }
            connect(d, at: 0)
        }
    }

    /// Device `d` came online or went off: the counts of devices that want a permanent
    /// connection (and hold one) change.
    mutating func permanentWantChanges(_ d: DeviceID, online: Bool, at time: Double) {
        guard fleet.wantsPermanent(d) else { return }
        let s = serverIndex(of: d), step = online ? 1 : -1
        servers[s].held.wanting += step
        if fleet.devices[d].holds && !fleet.devices[d].onPushServer { servers[s].held.wantingHolding += step }
        updateWantLevels(server: s, at: time)
    }

    /// Records server `s`'s wanting and without levels now.
    mutating func updateWantLevels(server s: Int, at time: Double) {
        servers[s].held.wantingLevel.set(Double(servers[s].held.wanting), at: time)
        servers[s].held.withoutLevel.set(Double(servers[s].held.wanting - servers[s].held.wantingHolding), at: time)
    }

    /// The device goes offline: a clean close frees the slot now; an abrupt one frees
    /// it after `deadConnectionTimeout`, unless the device comes back first.
    mutating func connectionEndsWithDevice(_ d: DeviceID, abrupt: Bool, in sim: inout Sim) {
        releaseSyncSlot(d, at: sim.now)
        guard fleet.devices[d].holds else { return }
        if abrupt {
            sim.schedule(.release(device: UInt32(d), token: fleet.devices[d].holdToken), after: servers[serverIndex(of: d)].held.deadConnectionTimeout)
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
            push.release(at: time)
        } else if fleet.runtime(of: d).gateway >= 0 {
            fleet.devices[d].holds = false
            releaseSyncSlot(d, at: time)
        } else {
            let s = serverIndex(of: d)
            servers[s].held.permanent.release(at: time)
            if fleet.devices[d].online {
                servers[s].held.wantingHolding -= 1
                updateWantLevels(server: s, at: time)
            }
        }
        fleet.devices[d].holds = false
        fleet.devices[d].onPushServer = false
        fleet.devices[d].holdToken &+= 1
    }

    /// An outage of physical server `p` drops every permanent connection of it and of its
    /// virtual servers (push servers keep theirs), and those of their gateways and relays.
    mutating func dropPermanentConnections(physical p: Int, at time: Double, in sim: inout Sim) {
        for d in fleet.devices.indices where fleet.devices[d].holds && !fleet.devices[d].onPushServer
            && fleet.runtime(of: d).gateway < 0 && physicalIndex(of: d) == p {
            dropConnection(d, at: time)
        }
        for g in gateways.indices where servers[gateways[g].server].physical == p { disconnectGateway(g, in: &sim) }
        for r in relays.indices where servers[relays[r].server].physical == p { disconnectRelay(r, at: time) }
    }
}
