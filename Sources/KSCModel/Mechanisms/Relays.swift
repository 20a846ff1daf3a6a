import KSCGSL
import KSCRandom
import KSCScenario

/// The distribution point of a site ("Do not disconnect" ticked): it holds a permanent
/// connection to its server (`link`, one of the server's slots), receives each task over
/// it, and wakes the site's devices with UDP 15000 packets (`wake`) on the office network,
/// which the server's own packets cannot reach through the office's NAT.
struct Relay: Tracker {
    let config: SiteConfig
    /// Index of the server it connects to.
    let server: Int
    var link = ServerLink()
    var wake: WakeChannel
    let network: RandomStream
    let availabilityStream: RandomStream

    /// The relay of site `index` of `scenario`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.sites[index]
        server = scenario.serverIndex(config.server) ?? 0
        wake = WakeChannel(sendRate: config.wakeSendRate)
        network = try streams.stream("sites.\(config.name).network")
        availabilityStream = try streams.stream("sites.\(config.name).availability")
    }

    mutating func resetStatistics(at time: Double) {
        link.resetStatistics(at: time)
        wake.resetStatistics(at: time)
    }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// Each relay's state at time 0 and its connection (taken before any device's).
    mutating func startRelays(in sim: inout Sim) {
        for r in relays.indices {
            let (up, change) = relays[r].config.availability.startState(relays[r].availabilityStream)
            relays[r].link.start(available: up)
            if let change { sim.schedule(.relayAvailability(site: UInt32(r), epoch: 0), at: change) }
            connectRelay(r, at: 0, in: &sim)
        }
    }

    /// The relay opens its permanent connection when it and its server are up; refused at
    /// the cap, it tries again after the server's `retryAfter`.
    mutating func connectRelay(_ r: Int, at time: Double, in sim: inout Sim) {
        let s = relays[r].server
        if relays[r].link.connect(serverDown: isDown(s), slots: &servers[s].slots, at: time) {
            sim.schedule(.relayConnect(site: UInt32(r)), after: retryAfter(server: s))
        }
    }

    mutating func relayConnects(_ r: Int, in sim: inout Sim) {
        relays[r].link.retryDue()
        connectRelay(r, at: sim.now, in: &sim)
    }

    /// The relay loses its connection: packets not yet sent are dropped.
    mutating func disconnectRelay(_ r: Int, at time: Double) {
        relays[r].link.disconnect(slots: &servers[relays[r].server].slots, at: time)
        relays[r].wake.drop(stop: false)
    }

    /// A task for device `d` (believed online, holding no connection) goes to its site's
    /// relay, which starts sending after the push and the way to the relay.
    mutating func queueRelayWake(_ d: DeviceID, index: Int32, in sim: inout Sim) {
        let r = fleet.runtime(of: d).site
        guard relays[r].link.connected else { return }
        relays[r].wake.append(device: UInt32(d), index: index)
        if relays[r].wake.startSending() {
            let cost = servers[relays[r].server].pushCost
            sim.schedule(.relaySend(site: UInt32(r)), after: cost + relays[r].config.rtt.sample(relays[r].network) / 2)
        }
    }

    /// The relay sends its next useful packet, then waits 1 / wakeSendRate; the packet is
    /// lost with the site's `udpLoss` and arrives at once (the office network).
    mutating func relaySends(_ r: Int, in sim: inout Sim) {
        guard relays[r].link.connected else {
            relays[r].wake.stop()
            return
        }
        guard let d = relays[r].wake.nextUseful(in: fleet.devices) else { return }
        countWakeSent(d)
        if fleet.devices[d].online {
            if !fleet.devices[d].wakeReachable || relays[r].network.bernoulli(relays[r].config.udpLoss) {
                stats.wakeLost += 1
                relays[r].wake.countLost()
            } else {
                sim.schedule(.wakeArrival(device: UInt32(d), epoch: fleet.devices[d].epoch), after: 0)
            }
        }
        sim.schedule(.relaySend(site: UInt32(r)), after: relays[r].wake.gap)
    }

    /// The relay's availability changes.
    mutating func relayAvailabilityChanges(_ r: Int, epoch: UInt32, in sim: inout Sim) {
        guard relays[r].link.toggleAvailability(epoch: epoch) else { return }
        let up = relays[r].link.available
        if let next = relays[r].config.availability.nextChange(nowOnline: up, at: sim.now, relays[r].availabilityStream)
        {
            sim.schedule(.relayAvailability(site: UInt32(r), epoch: relays[r].link.epoch), at: next)
        }
        if up { connectRelay(r, at: sim.now, in: &sim) } else { disconnectRelay(r, at: sim.now) }
    }
}
