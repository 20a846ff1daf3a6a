/// The server's view of devices: which it believes online (a shutdown notice, or a
/// silence longer than `offlineAfterMissedSyncs` mean intervals, marks a device off)
/// and how stale that belief is.
extension ConnectivityModel where Queue: ~Copyable {
    /// Whether the server believes device `d` online (no notice, synced recently).
    func believedOnline(_ d: DeviceID, at time: Double) -> Bool {
        !fleet.devices[d].noticedOff && time - fleet.devices[d].lastSeen <= fleet.runtime(of: d).missWindow
    }

    /// Device `d` went off at `time`: with a notice the server knows at once (after
    /// RTT/2); without one it marks the device off when its silence is long enough.
    mutating func serverSeesDeviceGoOff(_ d: DeviceID, notice: Bool, at time: Double) {
        fleet.devices[d].offAt = time
        if notice {
            fleet.devices[d].noticedOff = true
            fleet.devices[d].markOffAt = .nan
            if stats.counts(time) { stats.staleness.add(fleet.runtime(of: d).halfRTT()) }
        } else {
            fleet.devices[d].markOffAt = fleet.devices[d].lastSeen + fleet.runtime(of: d).missWindow
        }
    }

    /// A completed sync: the server sees the device again.
    mutating func serverSeesDevice(_ d: DeviceID, at time: Double) {
        fleet.devices[d].lastSeen = time
        fleet.devices[d].noticedOff = false
    }

    /// Records how long the server took to mark device `d` off (or until it came back).
    mutating func recordStaleness(_ d: DeviceID, until time: Double) {
        let mark = fleet.devices[d].markOffAt
        guard !mark.isNaN else { return }
        if stats.counts(fleet.devices[d].offAt) {
            stats.staleness.add(Swift.max(0, Swift.min(mark, time) - fleet.devices[d].offAt))
        }
        fleet.devices[d].markOffAt = .nan
    }
}
