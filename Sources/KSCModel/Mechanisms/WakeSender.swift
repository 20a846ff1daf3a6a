/// Wake packets: to start a task, a server sends a packet to each targeted device it
/// believes online and holds no connection; a packet that arrives (not lost, device
/// reachable, its gateway up and connected) makes the agent sync at once. Devices of a site
/// get theirs from the site's relay instead (Relays.swift). Both send through a
/// `WakeChannel`; the rules common to both are here.
extension ConnectivityModel where Queue: ~Copyable {
    /// Queues a wake packet for device `d` about task index `index` of its class.
    mutating func queueWake(_ d: DeviceID, index: Int32) {
        servers[serverIndex(of: d)].wake.append(device: UInt32(d), index: index)
    }

    /// Starts every server's sender where packets wait and no send is pending.
    mutating func startWakeSenders(in sim: inout Sim) {
        for s in servers.indices where !servers[s].wake.isEmpty && servers[s].wake.startSending() {
            sim.schedule(.wakeSend(server: UInt32(s)), after: 0)
        }
    }

    /// A packet to device `d` left a sender (and reaches nobody when the device is off).
    mutating func countWakeSent(_ d: DeviceID) {
        stats.wakeSent += 1
        if !fleet.devices[d].online { stats.wakeToOffline += 1 }
    }

    /// Server `s` sends its next useful wake packet, then waits 1 / wakeSendRate. During
    /// an outage the queue is dropped.
    mutating func sendWake(server s: Int, in sim: inout Sim) {
        guard !isDown(s) else {
            servers[s].wake.drop(stop: true)
            return
        }
        guard let d = servers[s].wake.nextUseful(in: fleet.devices) else { return }
        countWakeSent(d)
        if fleet.devices[d].online {
            let runtime = fleet.runtime(of: d)
            if !wakePassesGateway(d) {
                stats.wakeLost += 1
            } else if !fleet.devices[d].wakeReachable || runtime.network.bernoulli(runtime.spec.udpLoss) {
                stats.wakeLost += 1
                servers[s].wake.countLost()
            } else {
                sim.schedule(.wakeArrival(device: UInt32(d), epoch: fleet.devices[d].epoch), after: runtime.halfRTT())
            }
        }
        sim.schedule(.wakeSend(server: UInt32(s)), after: servers[s].wake.gap)
    }

    /// A packet reaches an online device: its agent syncs at once, or, when a sync is
    /// already under way, again as soon as that one ends (the task may have been
    /// launched after that session's service began).
    mutating func wakeArrives(_ d: DeviceID, epoch: UInt32, in sim: inout Sim) {
        guard fleet.devices[d].epoch == epoch, fleet.devices[d].online else { return }
        settleTimer(d, in: &sim)
        if fleet.devices[d].syncing {
            fleet.devices[d].wakePending = true
        } else {
            startSync(d, reason: .wake, in: &sim)
        }
    }
}
