import KSCEngine

/// How a class's connections reach its server: straight over the Internet, or relayed by a
/// connection gateway (which admits them into its slots and adds a leg to the server).
enum Route: Equatable {
    case direct
    case gateway(Int)

    /// The gateway's index, nil for a direct route.
    @inline(__always)
    var gateway: Int? {
        if case .gateway(let g) = self { return g }
        return nil
    }
}

/// What a device holds between its syncs, derived from its flags and its class.
enum HeldConnection: Equatable {
    case none
    /// One of its server's permanent slots.
    case serverSlot
    /// A slot of its gateway (Keep connection ticked on the gateway).
    case gatewaySlot
    /// A connection to a push server (never through the gateway).
    case pushServer
}

/// The route of each device: its legs, its admission at a gateway and the release of the
/// gateway slot, and when a push or an answer reaches it. Every other rule asks here.
extension ConnectivityModel where Queue: ~Copyable {
    /// What device `d` holds now.
    @inline(__always)
    func held(_ d: DeviceID) -> HeldConnection {
        let device = fleet.devices[d]
        guard device.holds else { return .none }
        if device.onPushServer { return .pushServer }
        return fleet.runtime(of: d).route == .direct ? .serverSlot : .gatewaySlot
    }

    /// Sends device `d`'s sync connection (token `token`) on its first leg: to its gateway,
    /// or straight to its server; after `wait` when given (a retry), else after the leg's
    /// travel time (RTT/2 of the class, or of the gateway's device side).
    mutating func sendConnection(_ d: DeviceID, token: UInt32, after wait: Double? = nil, in sim: inout Sim) {
        switch fleet.runtime(of: d).route {
        case .gateway(let g):
            if wait != nil { releaseSessionSlot(d, at: sim.now) }
            sim.schedule(
                .gatewayArrival(device: UInt32(d), token: token), after: wait ?? gateways[g].halfRTT())
        case .direct:
            sim.schedule(.syncArrival(device: UInt32(d), token: token), after: wait ?? fleet.runtime(of: d).halfRTT())
        }
    }

    /// The time the server's answer (or anything it sends over a connection) takes to reach
    /// device `d`: RTT/2, or through its gateway, half of each leg (server side first).
    mutating func travelToDevice(_ d: DeviceID) -> Double {
        let runtime = fleet.runtime(of: d)
        guard let g = runtime.route.gateway else { return runtime.halfRTT() }
        return gateways[g].halfServerRTT() + gateways[g].halfRTT()
    }

    /// When a task pushed now over device `d`'s held connection reaches it: the server's
    /// `pushCost`, then the way to the device.
    mutating func pushArrival(_ d: DeviceID, at now: Double) -> Double {
        now + servers[fleet.runtime(of: d).server].pushCost + travelToDevice(d)
    }

    /// Whether device `d`'s connection passes its gateway now (direct routes always pass):
    /// refused when the gateway is down, cut off or full; a device that holds its connection
    /// there, or already has its session's slot, passes without a new slot.
    mutating func admitAtGateway(_ d: DeviceID, at time: Double) -> Bool {
        guard let g = fleet.runtime(of: d).route.gateway else { return true }
        let holding = held(d) == .gatewaySlot
        let passes =
            gateways[g].link.open && (holding || fleet.devices[d].gatewaySlot || gateways[g].slots.tryAcquire(at: time))
        if passes && !holding { fleet.devices[d].gatewaySlot = true }
        return passes
    }

    /// Device `d` gives back the gateway slot of its session (not that of a held connection).
    mutating func releaseSessionSlot(_ d: DeviceID, at time: Double) {
        guard fleet.devices[d].gatewaySlot, held(d) != .gatewaySlot, let g = fleet.runtime(of: d).route.gateway
        else { return }
        gateways[g].slots.release(at: time)
        fleet.devices[d].gatewaySlot = false
    }

    /// Whether a wake packet to device `d` gets past its gateway (direct routes: always);
    /// counts the loss at the gateway otherwise.
    mutating func wakePassesGateway(_ d: DeviceID) -> Bool {
        guard let g = fleet.runtime(of: d).route.gateway, !gateways[g].link.open else { return true }
        gateways[g].wakeLost += 1
        return false
    }
}
