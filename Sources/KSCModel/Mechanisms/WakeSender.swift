import KSCPrimitives

/// The server's UDP 15000 sender: a FIFO of (device, task index) packets, sent one
/// every 1 / `wakeSendRate` seconds.
struct WakeSender {
    var queue = RingQueue<(device: UInt32, index: Int32)>()
    /// A `wakeSend` event is pending.
    var sending = false
    /// Packets per second.
    let sendRate: Double

    init(sendRate: Double) {
        self.sendRate = sendRate
    }
}

/// Wake packets: to start a task, a server sends a packet to each targeted device it
/// believes online and holds no connection; a packet that arrives (not lost, device
/// reachable, its gateway up and connected) makes the agent sync at once. Devices of a site
/// get theirs from the site's relay instead (Relays.swift).
extension ConnectivityModel where Queue: ~Copyable {
    /// Queues a wake packet for device `d` about task index `index` of its class.
    mutating func queueWake(_ d: DeviceID, index: Int32) {
        servers[serverIndex(of: d)].wake.queue.append((UInt32(d), index))
    }

    /// Starts every server's sender where packets wait and no send is pending.
    mutating func startWakeSenders(in sim: inout Sim) {
        for s in servers.indices where !servers[s].wake.sending && !servers[s].wake.queue.isEmpty {
            servers[s].wake.sending = true
            sim.schedule(.wakeSend(server: UInt32(s)), after: 0)
        }
    }

    /// Server `s` sends its next useful wake packet, then waits 1 / wakeSendRate. During
    /// an outage the queue is dropped.
    mutating func sendWake(server s: Int, in sim: inout Sim) {
        guard !isDown(s) else {
            _ = servers[s].wake.queue.removeAll()
            servers[s].wake.sending = false
            return
        }
        while let (device, index) = servers[s].wake.queue.popFirst() {
            let d = Int(device)
            // Skip devices that got the task meanwhile.
            guard fleet.devices[d].delivered <= index else { continue }
            stats.wakeSent += 1
            servers[s].wakeSent += 1
            let runtime = fleet.runtime(of: d)
            if !fleet.devices[d].online {
                stats.wakeToOffline += 1
            } else if runtime.gateway >= 0 && !gateways[runtime.gateway].open {
                stats.wakeLost += 1
                gateways[runtime.gateway].wakeLost += 1
            } else if !fleet.devices[d].wakeReachable || runtime.network.bernoulli(runtime.spec.udpLoss) {
                stats.wakeLost += 1
                servers[s].wakeLost += 1
            } else {
                sim.schedule(.wakeArrival(device: device, epoch: fleet.devices[d].epoch), after: runtime.halfRTT())
            }
            sim.schedule(.wakeSend(server: UInt32(s)), after: 1 / servers[s].wake.sendRate)
            return
        }
        servers[s].wake.sending = false
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
