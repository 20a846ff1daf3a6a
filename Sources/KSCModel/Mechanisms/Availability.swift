import KSCEngine
import KSCGSL
import KSCScenario

/// Availability: when devices are online. Every rule that depends on the kind of
/// availability (always, on/off, weekly) is in this file.
extension Availability {
    /// A device's state at time 0 in steady state: online or not, and when that first
    /// changes (nil for never). On/off devices are online with probability
    /// E[on] / (E[on] + E[off]) and their first period is the equilibrium residual of
    /// on (or off); weekly devices are off at Monday 00:00.
    func startState(_ stream: RandomStream) -> (online: Bool, change: Double?) {
        switch self {
        case .always:
            return (true, nil)
        case .onOff(let on, let off):
            let online = stream.uniform() < on.mean / (on.mean + off.mean)
            let period = online ? on : off
            return (online, period.equilibriumResidual(plus: .constant(0), x: stream, y: stream, u: stream))
        case .weekly:
            return (false, nextOn(offlineAt: 0, stream))
        }
    }

    /// When a device that came online at `now` goes off; nil for never.
    func nextOff(onlineAt now: Double, _ stream: RandomStream) -> Double? {
        switch self {
        case .always:
            return nil
        case .onOff(let on, _):
            return now + on.sample(stream)
        case .weekly(_, _, _, let end, let endSpread):
            let day = (now / 86400).rounded(.down) * 86400
            let off = day + end + endSpread * stream.uniform()
            return Swift.max(off, now)
        }
    }

    /// When a device that went off at `now` comes back; nil for never.
    func nextOn(offlineAt now: Double, _ stream: RandomStream) -> Double? {
        switch self {
        case .always:
            return nil
        case .onOff(_, let off):
            return now + off.sample(stream)
        case .weekly(let days, let start, let startSpread, _, _):
            // The start of the next working day's online period after `now`.
            var day = (now / 86400).rounded(.down)
            while true {
                if days.contains(Int(day) % 7) {
                    let t = day * 86400 + start + startSpread * stream.uniform()
                    if t > now { return t }
                }
                day += 1
            }
        }
    }

    /// When something that just came online (or went off) at `now` changes again; nil for never.
    func nextChange(nowOnline: Bool, at now: Double, _ stream: RandomStream) -> Double? {
        nowOnline ? nextOff(onlineAt: now, stream) : nextOn(offlineAt: now, stream)
    }
}

extension ConnectivityModel where Queue: ~Copyable {
    /// Each device's state at time 0 and its first availability change.
    mutating func startAvailability(in sim: inout Sim) {
        for runtime in fleet.classes {
            for d in runtime.devices {
                let (online, change) = runtime.spec.availability.startState(runtime.availability)
                if online {
                    comeOnlineInSteadyState(d, in: &sim)
                } else {
                    fleet.devices[d].nextOnAt = change ?? .infinity
                }
                if let change {
                    sim.schedule(.availability(device: UInt32(d), epoch: fleet.devices[d].epoch), at: change)
                }
            }
        }
    }

    /// A device online at time 0, as if it had been for long: its first sync comes after
    /// the equilibrium residual of its interval and the server believes it online; no
    /// startup sync.
    mutating func comeOnlineInSteadyState(_ d: DeviceID, in sim: inout Sim) {
        fleet.devices[d].online = true
        fleet.devices[d].lastSeen = 0
        fleet.online += 1
        permanentWantChanges(d, online: true, at: 0)
        armTimer(d, at: sim.now + fleet.runtime(of: d).steadySyncPhase(), in: &sim)
    }

    /// The `availability` event: the device switches state.
    mutating func availabilityChanges(_ d: DeviceID, epoch: UInt32, in sim: inout Sim) {
        guard fleet.devices[d].epoch == epoch else { return }
        if fleet.devices[d].online { goOffline(d, in: &sim) } else { goOnline(d, in: &sim) }
    }

    /// The device comes online: a startup sync now, then periodic syncs.
    mutating func goOnline(_ d: DeviceID, in sim: inout Sim) {
        let runtime = fleet.runtime(of: d)
        fleet.devices[d].online = true
        fleet.devices[d].epoch &+= 1
        fleet.devices[d].nextOnAt = .infinity
        fleet.online += 1
        recordStaleness(d, until: sim.now)
        takeOverDeadConnection(d)
        permanentWantChanges(d, online: true, at: sim.now)
        if !fleet.devices[d].roaming { startSync(d, reason: .startup, in: &sim) }
        let epoch = fleet.devices[d].epoch
        armTimer(d, at: sim.now + runtime.nextSyncDelay(), in: &sim)
        if let off = runtime.spec.availability.nextOff(onlineAt: sim.now, runtime.availability) {
            sim.schedule(.availability(device: UInt32(d), epoch: epoch), at: off)
        }
        if downloads.enabled { startDownload(d, in: &sim) }
    }

    /// The device goes offline: cleanly (with or without a shutdown notice) or abruptly.
    mutating func goOffline(_ d: DeviceID, in sim: inout Sim) {
        let runtime = fleet.runtime(of: d)
        fleet.devices[d].online = false
        fleet.devices[d].epoch &+= 1
        fleet.devices[d].syncing = false
        fleet.devices[d].wakePending = false
        fleet.devices[d].waiting = false
        fleet.devices[d].awaitingRecovery = false
        disarmTimer(d)
        fleet.online -= 1
        permanentWantChanges(d, online: false, at: sim.now)
        let abrupt = runtime.shutdown.bernoulli(runtime.spec.abruptOff)
        let notice = !abrupt && runtime.shutdown.bernoulli(runtime.spec.shutdownNotice)
        serverSeesDeviceGoOff(d, notice: notice, at: sim.now)
        connectionEndsWithDevice(d, abrupt: abrupt, in: &sim)
        if downloads.enabled { cutDownload(d, in: &sim) }
        let on = runtime.spec.availability.nextOn(offlineAt: sim.now, runtime.availability)
        fleet.devices[d].nextOnAt = on ?? .infinity
        if let on {
            sim.schedule(.availability(device: UInt32(d), epoch: fleet.devices[d].epoch), at: on)
        }
    }
}
