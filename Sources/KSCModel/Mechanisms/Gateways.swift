import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// A connection gateway: relays its devices' connections to one server without buffering,
/// at most `capacity` at once (sync sessions in progress and held connections); holds one
/// permanent connection to the server itself (`link`). Down (availability or outage) or cut
/// off from the server, it refuses its devices' connections and drops their held ones.
struct Gateway: Tracker {
    let config: GatewayConfig
    /// Index of the server it relays to.
    let server: Int
    /// Connections relayed at once.
    var slots: LossPool
    /// Its own connection to the server.
    var link = ServerLink()
    let network: RandomStream
    let availabilityStream: RandomStream
    /// Counts for `nodes.csv`.
    var refused = 0
    var wakeLost = 0
    /// Connections relayed (of `capacity`) and refusals per 1-minute window.
    var peaks = WindowPeaks()

    /// Gateway `index` of `scenario`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.gateways[index]
        server = scenario.serverIndex(config.server) ?? 0
        slots = LossPool(capacity: config.capacity)
        network = try streams.stream("gateways.\(config.name).network")
        availabilityStream = try streams.stream("gateways.\(config.name).availability")
    }

    /// Half a round trip device ↔ gateway.
    func halfRTT() -> Double { config.rtt.sample(network) / 2 }
    /// Half a round trip gateway ↔ server.
    func halfServerRTT() -> Double { config.serverRtt.sample(network) / 2 }

    mutating func resetStatistics(at time: Double) {
        slots.resetStatistics(at: time)
        link.resetStatistics(at: time)
        refused = 0
        wakeLost = 0
        peaks.reset()
    }

    /// Closes a 1-minute window at `time`.
    mutating func closeWindow(width: Double, at time: Double) {
        peaks.close(
            width: width, integral: slots.level.integral(at: time), count: refused, capacity: Double(config.capacity))
    }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// Each gateway's state at time 0, its first availability change, its outages, and its
    /// connection to the server (taken before any device's).
    mutating func startGateways(in sim: inout Sim) {
        for g in gateways.indices {
            let (up, change) = gateways[g].config.availability.startState(gateways[g].availabilityStream)
            gateways[g].link.start(available: up)
            if let change { sim.schedule(.gatewayAvailability(gateway: UInt32(g), epoch: 0), at: change) }
            for (i, outage) in gateways[g].config.outages.enumerated() {
                sim.schedule(
                    .gatewayOutage(gateway: UInt32(g), index: UInt32(i)), at: outage.start,
                    priority: EventPriority.outage)
            }
            connectGateway(g, at: 0, in: &sim)
        }
    }

    /// The gateway opens its connection to its server when both are up; refused at the
    /// cap, it tries again after the server's `retryAfter`.
    mutating func connectGateway(_ g: Int, at time: Double, in sim: inout Sim) {
        let s = gateways[g].server
        if gateways[g].link.connect(serverDown: isDown(s), slots: &servers[s].slots, at: time) {
            sim.schedule(.gatewayConnect(gateway: UInt32(g)), after: retryAfter(server: s))
        }
    }

    /// The `gatewayConnect` event: another attempt.
    mutating func gatewayConnects(_ g: Int, in sim: inout Sim) {
        gateways[g].link.retryDue()
        connectGateway(g, at: sim.now, in: &sim)
    }

    /// The gateway loses its server connection (or goes down): its devices' held
    /// connections are dropped; their sessions in flight fail and are retried.
    mutating func disconnectGateway(_ g: Int, in sim: inout Sim) {
        gateways[g].link.disconnect(slots: &servers[gateways[g].server].slots, at: sim.now)
        for c in fleet.classes.indices where fleet.classes[c].route == .gateway(g) {
            for d in fleet.classes[c].devices {
                let holding = held(d) == .gatewaySlot
                let inFlight =
                    fleet.devices[d].syncing && fleet.devices[d].online && (fleet.devices[d].gatewaySlot || holding)
                if holding { dropConnection(d, at: sim.now) }
                if inFlight {
                    fleet.devices[d].token &+= 1
                    gateways[g].refused += 1
                    stats.refused[RefusalCause.gateway.rawValue] += 1
                    retry(d, token: fleet.devices[d].token, in: &sim)
                }
            }
        }
    }

    /// A device's connection reaches its gateway: refused when the gateway is down, cut off
    /// or full; otherwise it goes on to the server.
    mutating func gatewayArrives(_ d: DeviceID, token: UInt32, in sim: inout Sim) {
        guard isCurrent(d, token: token), let g = fleet.runtime(of: d).route.gateway else { return }
        stats.gatewayArrivals += 1
        guard admitAtGateway(d, at: sim.now) else {
            gateways[g].refused += 1
            stats.refused[RefusalCause.gateway.rawValue] += 1
            retry(d, token: token, in: &sim)
            return
        }
        sim.schedule(.syncArrival(device: UInt32(d), token: token), after: gateways[g].halfServerRTT())
    }

    /// The gateway's availability changes.
    mutating func gatewayAvailabilityChanges(_ g: Int, epoch: UInt32, in sim: inout Sim) {
        guard gateways[g].link.toggleAvailability(epoch: epoch) else { return }
        let up = gateways[g].link.available
        if let next = gateways[g].config.availability.nextChange(
            nowOnline: up, at: sim.now, gateways[g].availabilityStream)
        {
            sim.schedule(.gatewayAvailability(gateway: UInt32(g), epoch: gateways[g].link.epoch), at: next)
        }
        if up { connectGateway(g, at: sim.now, in: &sim) } else { disconnectGateway(g, in: &sim) }
    }

    mutating func gatewayOutageStarts(_ g: Int, index: Int, in sim: inout Sim) {
        gateways[g].link.setOutage(true)
        disconnectGateway(g, in: &sim)
        sim.schedule(
            .gatewayOutageEnd(gateway: UInt32(g)), after: gateways[g].config.outages[index].duration,
            priority: EventPriority.outage)
    }

    mutating func gatewayOutageEnds(_ g: Int, in sim: inout Sim) {
        gateways[g].link.setOutage(false)
        connectGateway(g, at: sim.now, in: &sim)
    }
}
