import KSCScenario

/// Held connections between syncs. At the end of each sync a device that may hold a
/// connection and has none asks for one: a push-server class at the push servers; behind a
/// gateway, it keeps its session's gateway slot; otherwise one of its server's permanent
/// slots (under the dynamic reading of the cap it may be refused, and asks again at its
/// next sync). It keeps it until it goes offline (released at once on a clean shutdown,
/// after `deadConnectionTimeout` on an abrupt one) or an outage drops it.
extension ConnectivityModel where Queue: ~Copyable {
    /// After a completed sync: ask for the connection the device may hold; tasks launched
    /// during the session go down the new connection at once. The session's gateway slot is
    /// given back unless it became the held connection.
    mutating func connectAfterSync(_ d: DeviceID, in sim: inout Sim) {
        defer { releaseSessionSlot(d, at: sim.now) }
        guard !fleet.devices[d].holds else { return }
        connect(d, at: sim.now)
        if fleet.devices[d].holds && fleet.devices[d].delivered < Int32(fleet.runtime(of: d).tasks.count) {
            deliver(
                d, upTo: Int32(fleet.runtime(of: d).tasks.count), at: pushArrival(d, at: sim.now), path: .push,
                in: &sim)
        }
    }

    /// Device `d` (online, holding nothing) asks for the connection it may hold.
    mutating func connect(_ d: DeviceID, at time: Double) {
        let runtime = fleet.runtime(of: d)
        let granted: Bool
        if runtime.usesPushServer {
            granted = push.take(at: time)
            fleet.devices[d].onPushServer = granted
        } else if runtime.route != .direct {
            // Keep connection is ticked on the gateway: the device keeps the gateway slot it has.
            granted = fleet.devices[d].mayKeep && fleet.devices[d].gatewaySlot
        } else {
            granted = fleet.devices[d].mayKeep && servers[runtime.server].slots.takeForDevice(at: time)
        }
        if granted { fleet.devices[d].holds = true }
    }

    /// At time 0, devices online that may hold a connection already hold one, in a random
    /// order up to the cap. A server's `startHolders` settles who holds its slots: `random` as
    /// said; `none`, none of its devices (push-server and gateway connections are held as
    /// under `random`); `always-on-first`, the same order with always-on devices moved first.
    mutating func startHeldConnections() {
        let stream = servers[0].startStream
        var candidates = fleet.devices.indices.filter {
            fleet.devices[$0].online && (fleet.devices[$0].mayKeep || fleet.runtime(of: $0).usesPushServer)
        }
        for i in candidates.indices { candidates.swapAt(i, i + stream.integer(below: candidates.count - i)) }
        if servers.contains(where: { $0.config.startHolders != .random }) {
            candidates = startOrder(candidates)
        }
        for d in candidates {
            if let g = fleet.runtime(of: d).route.gateway, !fleet.runtime(of: d).usesPushServer {
                guard gateways[g].link.open, gateways[g].slots.tryAcquire(at: 0) else { continue }
                fleet.devices[d].gatewaySlot = true
            }
            connect(d, at: 0)
        }
    }

    /// The shuffled `candidates` under each server's `startHolders`: those that would take a
    /// server slot under `none` are left out; under `always-on-first` always-on devices come
    /// first (a stable partition: each part keeps its uniform random order).
    func startOrder(_ candidates: [DeviceID]) -> [DeviceID] {
        func rule(_ d: DeviceID) -> StartHolders {
            let runtime = fleet.runtime(of: d)
            guard !runtime.usesPushServer, runtime.route == .direct else { return .random }
            return servers[runtime.server].config.startHolders
        }
        let kept = candidates.filter { rule($0) != .none }
        let first = kept.filter { rule($0) == .alwaysOnFirst && fleet.runtime(of: $0).spec.availability == .always }
        let firstSet = Set(first)
        return first + kept.filter { !firstSet.contains($0) }
    }

    /// Device `d` came online or went off: the counts of devices that want a permanent
    /// slot (and hold one) change.
    mutating func permanentWantChanges(_ d: DeviceID, online: Bool, at time: Double) {
        guard fleet.wantsPermanent(d) else { return }
        servers[serverIndex(of: d)].slots.wantChanges(online: online, holding: held(d) == .serverSlot, at: time)
    }

    /// The device goes offline: a clean close frees the slot now; an abrupt one frees
    /// it after `deadConnectionTimeout`, unless the device comes back first.
    mutating func connectionEndsWithDevice(_ d: DeviceID, abrupt: Bool, in sim: inout Sim) {
        releaseSessionSlot(d, at: sim.now)
        guard fleet.devices[d].holds else { return }
        if abrupt {
            sim.schedule(
                .release(device: UInt32(d), token: fleet.devices[d].holdToken),
                after: servers[serverIndex(of: d)].slots.deadConnectionTimeout)
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
        let kind = held(d)
        fleet.devices[d].holds = false
        fleet.devices[d].onPushServer = false
        switch kind {
        case .pushServer: push.giveBack(at: time)
        case .gatewaySlot: releaseSessionSlot(d, at: time)
        case .serverSlot: servers[serverIndex(of: d)].slots.giveBackForDevice(online: fleet.devices[d].online, at: time)
        case .none: break
        }
        fleet.devices[d].holdToken &+= 1
    }

    /// An outage of physical server `p` drops every permanent connection of it and of its
    /// virtual servers (push servers keep theirs), and those of their gateways and relays.
    mutating func dropPermanentConnections(physical p: Int, in sim: inout Sim) {
        for d in fleet.devices.indices where held(d) == .serverSlot && physicalIndex(of: d) == p {
            dropConnection(d, at: sim.now)
        }
        for g in gateways.indices where servers[gateways[g].server].physical == p { disconnectGateway(g, in: &sim) }
        for r in relays.indices where servers[relays[r].server].physical == p { disconnectRelay(r, at: sim.now) }
    }
}
