import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// The distribution point of a site ("Do not disconnect" ticked): it holds a permanent
/// connection to its server (one of the server's slots), receives each task over it, and
/// wakes the site's devices with UDP 15000 packets on the office network, which the
/// server's own packets cannot reach through the office's NAT.
struct Relay {
    let config: SiteConfig
    /// Index of the server it connects to.
    let server: Int
    var available = true
    /// Holds its permanent connection to the server.
    var connected = false
    var connecting = false
    var epoch: UInt32 = 0
    /// Packets to send: (device, task index of its class).
    var queue = RingQueue<(device: UInt32, index: Int32)>()
    var sending = false
    let network: RandomStream
    let availabilityStream: RandomStream
    /// Counts for `nodes.csv`.
    var wakeSent = 0, wakeLost = 0
    /// 1 while connected to its server, over time.
    var connectedLevel = TimeWeightedLevel()

    /// The relay of site `index` of `scenario`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.sites[index]
        server = scenario.serverIndex(config.server) ?? 0
        network = try streams.stream("sites.\(config.name).network")
        availabilityStream = try streams.stream("sites.\(config.name).availability")
    }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// Each relay's state at time 0 and its connection (taken before any device's).
    mutating func startRelays(in sim: inout Sim) {
        for r in relays.indices {
            let (up, change) = relays[r].config.availability.startState(relays[r].availabilityStream)
            relays[r].available = up
            if let change { sim.schedule(.relayAvailability(site: UInt32(r), epoch: 0), at: change) }
            connectRelay(r, at: 0, in: &sim)
        }
    }

    /// The relay opens its permanent connection when it and its server are up; refused at
    /// the cap, it tries again after the server's `retryAfter`.
    mutating func connectRelay(_ r: Int, at time: Double, in sim: inout Sim) {
        guard !relays[r].connected, relays[r].available, !isDown(relays[r].server) else { return }
        let s = relays[r].server
        if servers[s].held.permanent.tryAcquire(at: time) {
            relays[r].connected = true
            relays[r].connectedLevel.set(1, at: time)
        } else if !relays[r].connecting {
            relays[r].connecting = true
            sim.schedule(.relayConnect(site: UInt32(r)), after: retryAfter(server: s))
        }
    }

    mutating func relayConnects(_ r: Int, in sim: inout Sim) {
        relays[r].connecting = false
        connectRelay(r, at: sim.now, in: &sim)
    }

    /// The relay loses its connection: packets not yet sent are dropped.
    mutating func disconnectRelay(_ r: Int, at time: Double) {
        if relays[r].connected {
            relays[r].connected = false
            relays[r].connectedLevel.set(0, at: time)
            servers[relays[r].server].held.permanent.release(at: time)
        }
        _ = relays[r].queue.removeAll()
    }

    /// A task for device `d` (believed online, holding no connection) goes to its site's
    /// relay, which starts sending after the push and the way to the relay.
    mutating func queueRelayWake(_ d: DeviceID, index: Int32, in sim: inout Sim) {
        let r = fleet.runtime(of: d).site
        guard relays[r].connected else { return }
        relays[r].queue.append((UInt32(d), index))
        if !relays[r].sending {
            relays[r].sending = true
            let cost = servers[relays[r].server].held.pushCost
            sim.schedule(.relaySend(site: UInt32(r)), after: cost + relays[r].config.rtt.sample(relays[r].network) / 2)
        }
    }

    /// The relay sends its next useful packet, then waits 1 / wakeSendRate.
    mutating func relaySends(_ r: Int, in sim: inout Sim) {
        guard relays[r].connected else {
            relays[r].sending = false
            return
        }
        while let (device, index) = relays[r].queue.popFirst() {
            let d = Int(device)
            guard fleet.devices[d].delivered <= index else { continue }
            stats.wakeSent += 1
            relays[r].wakeSent += 1
            if !fleet.devices[d].online {
                stats.wakeToOffline += 1
            } else if !fleet.devices[d].wakeReachable || relays[r].network.bernoulli(relays[r].config.udpLoss) {
                stats.wakeLost += 1
                relays[r].wakeLost += 1
            } else {
                sim.schedule(.wakeArrival(device: device, epoch: fleet.devices[d].epoch), after: 0)
            }
            sim.schedule(.relaySend(site: UInt32(r)), after: 1 / relays[r].config.wakeSendRate)
            return
        }
        relays[r].sending = false
    }

    /// The relay's availability changes.
    mutating func relayAvailabilityChanges(_ r: Int, epoch: UInt32, in sim: inout Sim) {
        guard relays[r].epoch == epoch else { return }
        relays[r].epoch &+= 1
        relays[r].available.toggle()
        if let next = relays[r].config.availability.nextChange(nowOnline: relays[r].available, at: sim.now, relays[r].availabilityStream) { sim.schedule(.relayAvailability(site: UInt32(r), epoch: relays[r].epoch), at: next) }
        if relays[r].available { connectRelay(r, at: sim.now, in: &sim) } else { disconnectRelay(r, at: sim.now) }
    }
}
