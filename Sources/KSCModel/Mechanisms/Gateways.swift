import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// A connection gateway: relays its devices' connections to one server without buffering,
/// at most `capacity` at once (sync sessions in progress and held connections); holds one
/// permanent connection to the server itself. Down (availability or outage) or cut off
/// from the server, it refuses its devices' connections and drops their held ones.
struct Gateway {
    let config: GatewayConfig
    /// Index of the server it relays to.
    let server: Int
    /// Connections relayed at once.
    var slots: LossPool
    /// Up with its availability, and not in one of its outages.
    var available = true, inOutage = false
    /// Holds its permanent connection to the server.
    var connected = false
    /// A `gatewayConnect` is pending.
    var connecting = false
    /// Bumps when the availability changes (guards `gatewayAvailability`).
    var epoch: UInt32 = 0
    let network: RandomStream
    let availabilityStream: RandomStream
    /// Counts for `nodes.csv`.
    var refused = 0, wakeLost = 0, devices = 0

    /// Gateway `index` of `scenario`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.gateways[index]
        server = scenario.serverIndex(config.server) ?? 0
        slots = LossPool(capacity: config.capacity)
        network = try streams.stream("gateways.\(config.name).network")
        availabilityStream = try streams.stream("gateways.\(config.name).availability")
    }

    /// Passes connections now: up and connected to its server.
    var open: Bool { available && !inOutage && connected }

    /// Half a round trip device ↔ gateway.
    func halfRTT() -> Double { config.rtt.sample(network) / 2 }
    /// Half a round trip gateway ↔ server.
    func halfServerRTT() -> Double { config.serverRtt.sample(network) / 2 }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// Each gateway's state at time 0, its first availability change, its outages, and its
    /// connection to the server (taken before any device's).
    mutating func startGateways(in sim: inout Sim) {
        for g in gateways.indices {
            let (up, change) = gateways[g].config.availability.startState(gateways[g].availabilityStream)
            gateways[g].available = up
            if let change { sim.schedule(.gatewayAvailability(gateway: UInt32(g), epoch: 0), at: change) }
            for (i, outage) in gateways[g].config.outages.enumerated() {
                sim.schedule(.gatewayOutage(gateway: UInt32(g), index: UInt32(i)), at: outage.start, priority: EventPriority.outage)
            }
            connectGateway(g, at: 0, in: &sim)
        }
    }

    /// The gateway opens its permanent connection to its server when it is up and the server
    /// is; refused at the cap, it tries again after the server's `retryAfter`.
    mutating func connectGateway(_ g: Int, at time: Double, in sim: inout Sim) {
        guard !gateways[g].connected, gateways[g].available, !gateways[g].inOutage, !isDown(gateways[g].server) else { return }
        let s = gateways[g].server
        if servers[s].held.permanent.tryAcquire(at: time) {
            gateways[g].connected = true
        } else if !gateways[g].connecting {
            gateways[g].connecting = true
            sim.schedule(.gatewayConnect(gateway: UInt32(g)), after: retryAfter(server: s))
        }
    }

    /// The `gatewayConnect` event: another attempt.
    mutating func gatewayConnects(_ g: Int, in sim: inout Sim) {
        gateways[g].connecting = false
        connectGateway(g, at: sim.now, in: &sim)
    }

    /// The gateway loses its server connection (or goes down): its devices' held
    /// connections are dropped; their sessions in flight fail and are retried.
    mutating func disconnectGateway(_ g: Int, in sim: inout Sim) {
        if gateways[g].connected {
            gateways[g].connected = false
            servers[gateways[g].server].held.permanent.release(at: sim.now)
        }
        for c in fleet.classes.indices where fleet.classes[c].gateway == g {
            for d in fleet.classes[c].devices {
                let inFlight = fleet.devices[d].syncing && fleet.devices[d].online && (fleet.devices[d].gatewaySlot || holdsThroughGateway(d))
                if holdsThroughGateway(d) { dropConnection(d, at: sim.now) }
                if inFlight {
                    fleet.devices[d].token &+= 1
                    gateways[g].refused += 1
                    stats.connectionsRefused += 1
                    retry(d, token: fleet.devices[d].token, in: &sim)
                }
            }
        }
    }

    /// A device's connection reaches its gateway: refused when the gateway is down, cut off
    /// or full; otherwise it goes on to the server (a device that holds a connection uses it).
    mutating func gatewayArrives(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        guard isCurrent(d, token: token) else { return }
        let g = fleet.runtime(of: d).gateway
        let passes = gateways[g].open && (holdsThroughGateway(d) || fleet.devices[d].gatewaySlot || gateways[g].slots.tryAcquire(at: sim.now))
        guard passes else {
            gateways[g].refused += 1
            stats.connectionsRefused += 1
            retry(d, token: token, in: &sim)
            return
        }
        if !holdsThroughGateway(d) { fleet.devices[d].gatewaySlot = true }
        sim.schedule(.syncArrival(device: UInt32(d), token: token), after: gateways[g].halfServerRTT())
    }

    /// Whether device `d` holds its connection through its gateway (not at a push server,
    /// whose connections do not pass through the gateway).
    @inline(__always)
    func holdsThroughGateway(_ d: DeviceID) -> Bool {
        fleet.devices[d].holds && !fleet.devices[d].onPushServer && fleet.runtime(of: d).gateway >= 0
    }

    /// Device `d` gives back the gateway slot of its session (not of a held connection).
    mutating func releaseSyncSlot(_ d: DeviceID, at time: Double) {
        guard fleet.devices[d].gatewaySlot, !holdsThroughGateway(d) else { return }
        gateways[fleet.runtime(of: d).gateway].slots.release(at: time)
        fleet.devices[d].gatewaySlot = false
    }

    /// The gateway's availability changes.
    mutating func gatewayAvailabilityChanges(_ g: Int, epoch: UInt32, in sim: inout Sim) {
        guard gateways[g].epoch == epoch else { return }
        gateways[g].epoch &+= 1
        gateways[g].available.toggle()
        if let next = gateways[g].config.availability.nextChange(nowOnline: gateways[g].available, at: sim.now, gateways[g].availabilityStream) { sim.schedule(.gatewayAvailability(gateway: UInt32(g), epoch: gateways[g].epoch), at: next) }
        if gateways[g].available { connectGateway(g, at: sim.now, in: &sim) } else { disconnectGateway(g, in: &sim) }
    }

    mutating func gatewayOutageStarts(_ g: Int, index: Int, in sim: inout Sim) {
        gateways[g].inOutage = true
        disconnectGateway(g, in: &sim)
        sim.schedule(.gatewayOutageEnd(gateway: UInt32(g)), after: gateways[g].config.outages[index].duration, priority: EventPriority.outage)
    }

    mutating func gatewayOutageEnds(_ g: Int, in sim: inout Sim) {
        gateways[g].inOutage = false
        connectGateway(g, at: sim.now, in: &sim)
    }
}
