import KSCGSL
import KSCPrimitives
import KSCRandom
import KSCScenario
import KSCStatistics

/// The one authority over a server's permanent ("Keep connection") slots: the cap, its two
/// readings, the dead-connection timeout, and the slots held by devices, gateways and relays.
/// Devices that want a slot are counted here too (`perm_without_*`).
struct PermanentSlots: Tracker {
    /// The slots: at most `permanentConnectionCap` held at once.
    private(set) var pool: LossPool
    /// How long a silently dropped connection keeps its slot, s.
    let deadConnectionTimeout: Double
    /// Online devices that want a slot (Keep connection, no push server, no gateway).
    private(set) var wanting = 0
    /// Of those, the ones that hold one.
    private(set) var wantingHolding = 0
    /// Online devices that want a slot, over time.
    private(set) var wantingLevel = TimeWeightedLevel()
    /// Online devices that want a slot and hold none, over time.
    private(set) var withoutLevel = TimeWeightedLevel()

    init(config: ServerConfig) {
        pool = LossPool(capacity: config.permanentConnectionCap)
        deadConnectionTimeout = config.deadConnectionTimeout
    }

    /// Online devices that want a slot and hold none now.
    var without: Int { wanting - wantingHolding }

    /// A gateway or relay asks for the slot of its own connection.
    /// - Complexity: O(1)
    mutating func take(at time: Double) -> Bool { pool.tryAcquire(at: time) }

    /// A gateway or relay gives its slot back.
    mutating func giveBack(at time: Double) { pool.release(at: time) }

    /// A device that wants a slot (online) asks for one.
    mutating func takeForDevice(at time: Double) -> Bool {
        guard pool.tryAcquire(at: time) else { return false }
        wantingHolding += 1
        updateLevels(at: time)
        return true
    }

    /// A device's slot is freed; `online` when the device is still online (it wants one again).
    mutating func giveBackForDevice(online: Bool, at time: Double) {
        pool.release(at: time)
        guard online else { return }
        wantingHolding -= 1
        updateLevels(at: time)
    }

    /// A device that wants a slot came online (`online`) or went off, holding one or not.
    mutating func wantChanges(online: Bool, holding: Bool, at time: Double) {
        let step = online ? 1 : -1
        wanting += step
        if holding { wantingHolding += step }
        updateLevels(at: time)
    }

    private mutating func updateLevels(at time: Double) {
        wantingLevel.set(Double(wanting), at: time)
        withoutLevel.set(Double(wanting - wantingHolding), at: time)
    }

    mutating func resetStatistics(at time: Double) {
        pool.resetStatistics(at: time)
        wantingLevel.reset(at: time)
        withoutLevel.reset(at: time)
    }

    /// Which of `wanting` (devices that tick Keep connection and want a slot of `server`, in
    /// device order) may ask for one: all under the dynamic reading of the cap; under a
    /// static reading at most the cap, taken first classes first or drawn from `stream`.
    static func mayAsk(_ wanting: [DeviceID], server: ServerConfig, _ stream: RandomStream) -> ArraySlice<DeviceID> {
        let cap = server.permanentConnectionCap
        switch server.permanentCapReading {
        case .dynamic:
            return wanting[...]
        case .staticClassOrder:
            return wanting.prefix(cap)
        case .staticRandom:
            var chosen = wanting
            let count = Swift.min(cap, chosen.count)
            for i in 0..<count { chosen.swapAt(i, i + stream.integer(below: chosen.count - i)) }
            return chosen.prefix(count)
        }
    }
}

/// The push servers' connections: one pool whichever server manages the classes.
struct PushServers: Tracker {
    private(set) var pool: LossPool

    init(scenario: Scenario) {
        pool = LossPool(capacity: scenario.pushServers.count * scenario.pushServers.capacity)
    }

    mutating func take(at time: Double) -> Bool { pool.tryAcquire(at: time) }
    mutating func giveBack(at time: Double) { pool.release(at: time) }
    mutating func resetStatistics(at time: Double) { pool.resetStatistics(at: time) }
}
