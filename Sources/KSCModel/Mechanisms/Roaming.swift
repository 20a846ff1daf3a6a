import KSCEngine
import KSCGSL
import KSCScenario

/// Roaming of mobile devices: a roaming device starts no sync (neither its scheduled syncs
/// nor a startup sync) until its trip ends; then it syncs at its next scheduled time. Trips
/// alternate with time at home, as the on and off periods of an on/off availability, and
/// start in steady state.
extension ConnectivityModel where Queue: ~Copyable {
    /// Chooses each roaming class's travelling devices (exactly round(share × devices), at
    /// random from the class's `roaming` stream), their state at time 0 and first change.
    mutating func startRoaming(in sim: inout Sim) {
        for runtime in fleet.classes {
            guard let (trips, stream) = runtime.roaming, let share = runtime.spec.roaming?.share else { continue }
            var pool = Array(runtime.devices)
            let travellers = Int((share * Double(pool.count)).rounded())
            for k in 0..<travellers {
                // A partial Fisher–Yates shuffle: the first `travellers` of the pool.
                let j = k + Int(stream.uniform() * Double(pool.count - k))
                pool.swapAt(k, Swift.min(j, pool.count - 1))
                let d = pool[k]
                let (away, change) = trips.startState(stream)
                fleet.devices[d].roaming = away
                if let change { sim.schedule(.roaming(device: UInt32(d)), at: change) }
            }
        }
    }

    /// The `roaming` event: the device leaves on a trip or comes home.
    mutating func roamingChanges(_ d: DeviceID, in sim: inout Sim) {
        // Timers due before now apply with the state they found.
        if fleet.devices[d].online { settleTimer(d, in: &sim) }
        let away = !fleet.devices[d].roaming
        fleet.devices[d].roaming = away
        guard let (trips, stream) = fleet.runtime(of: d).roaming else { return }
        if let next = trips.nextChange(nowOnline: away, at: sim.now, stream) {
            sim.schedule(.roaming(device: UInt32(d)), at: next)
        }
    }
}
