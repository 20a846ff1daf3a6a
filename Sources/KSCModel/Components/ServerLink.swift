import KSCPrimitives
import KSCStatistics

/// The permanent connection a gateway or a relay holds to its server: up or down with its
/// availability and its outages, connected (holding one of the server's slots), or waiting
/// to try again after a refusal at the cap.
struct ServerLink: Tracker {
    /// Up with its availability.
    private(set) var available = true
    /// In one of its own outages.
    private(set) var inOutage = false
    /// Holds its slot at the server.
    private(set) var connected = false
    /// A retry of the connection is pending.
    private(set) var connecting = false
    /// Bumps when the availability changes (guards the availability events).
    private(set) var epoch: UInt32 = 0
    /// 1 while connected, over time.
    private(set) var connectedLevel = TimeWeightedLevel()

    /// Passes connections now: up and connected to its server.
    var open: Bool { available && !inOutage && connected }

    /// Sets the state at time 0.
    mutating func start(available: Bool) { self.available = available }

    /// Opens the connection when the node and its server are up: takes a slot of `slots`.
    /// - Returns: true when refused at the cap with no retry pending: the caller schedules
    ///   one after the server's `retryAfter` (`retryScheduled` is then set).
    mutating func connect(serverDown: Bool, slots: inout PermanentSlots, at time: Double) -> Bool {
        guard !connected, available, !inOutage, !serverDown else { return false }
        if slots.take(at: time) {
            connected = true
            connectedLevel.set(1, at: time)
            return false
        }
        guard !connecting else { return false }
        connecting = true
        return true
    }

    /// The pending retry is due.
    mutating func retryDue() { connecting = false }

    /// Loses the connection (the node or its server went down): gives the slot back.
    mutating func disconnect(slots: inout PermanentSlots, at time: Double) {
        guard connected else { return }
        connected = false
        connectedLevel.set(0, at: time)
        slots.giveBack(at: time)
    }

    /// An availability event carrying `epoch` arrives; false when it is stale.
    mutating func toggleAvailability(epoch: UInt32) -> Bool {
        guard self.epoch == epoch else { return false }
        self.epoch &+= 1
        available.toggle()
        return true
    }

    mutating func setOutage(_ on: Bool) { inOutage = on }

    mutating func resetStatistics(at time: Double) { connectedLevel.reset(at: time) }
}
