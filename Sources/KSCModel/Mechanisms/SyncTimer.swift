import KSCEngine

/// The agent's periodic sync timer, folded into the leg it starts.
///
/// A timer at T that finds no sync under way starts one, whose connection reaches the
/// server at T + RTT/2. Nothing is decided at T that could not be decided later: the
/// timer reads only its own device. So a direct (gateway-less) device's timer is *armed*,
/// not scheduled: the device keeps its time (`timerAt`), and one event, `timedArrival`,
/// is scheduled at T + RTT/2 for the arrival. The timer is *settled* (its rule applied as
/// of time T) by the first of that event and any event that reads or changes the
/// device's sync state (`settleTimer` is called by each). Between T and that event the
/// device's sync state cannot change, so settling late gives what firing at T would have.
/// This saves one event per periodic sync. Devices behind a gateway keep plain `syncTimer`
/// events (their sessions can be cut by the gateway while in flight).
extension ConnectivityModel where Queue: ~Copyable {
    /// Sets device `d`'s next periodic timer at `time` (>= now).
    mutating func armTimer(_ d: DeviceID, at time: Double, in sim: inout Sim) {
        // The class is read in place (a local reference would be retained and released).
        let c = fleet.devices[d].classID
        guard fleet.classes[c].route == .direct else {
            sim.schedule(.syncTimer(device: UInt32(d), epoch: fleet.devices[d].epoch), at: time)
            return
        }
        fleet.devices[d].timerAt = time
        fleet.devices[d].timerSeq &+= 1
        // A mobile device's scheduled sync may be postponed by power saving: it starts at the
        // timer and reaches the server later; the schedule does not move.
        sim.schedule(
            .timedArrival(device: UInt32(d), seq: fleet.devices[d].timerSeq),
            at: time + fleet.classes[c].postponementDelay() + fleet.classes[c].halfRTT())
    }

    /// Applies device `d`'s armed timers that are due (time <= now), each as of its own
    /// time: start a sync unless one is under way, then arm the next timer.
    /// - Complexity: O(1) per timer applied; more than one only when an interval is
    ///   shorter than the time from the timer to the device's next event.
    @inline(__always)
    mutating func settleTimer(_ d: DeviceID, in sim: inout Sim) {
        guard fleet.devices[d].timerAt <= sim.now else { return }
        settleDueTimers(d, in: &sim)
    }

    private mutating func settleDueTimers(_ d: DeviceID, in sim: inout Sim) {
        // The first timer has its arrival event. Nothing changed the device's sync state
        // since, so a later one finds the sync the first started (or the one it found).
        var first = true
        while fleet.devices[d].timerAt <= sim.now {
            let time = fleet.devices[d].timerAt
            // A roaming device starts nothing: its timer only arms the next one.
            if !fleet.devices[d].syncing, !fleet.devices[d].roaming {
                assert(first, "a timer without an arrival event found the device idle")
                fleet.devices[d].syncing = true
                fleet.devices[d].token &+= 1
                fleet.devices[d].reason = .sync
                fleet.devices[d].foldedSeq = fleet.devices[d].timerSeq
                fleet.devices[d].foldedLive = true
            }
            first = false
            let next = time + fleet.classes[fleet.devices[d].classID].nextSyncDelay()
            if next > sim.now {
                armTimer(d, at: next, in: &sim)
            } else {
                fleet.devices[d].timerAt = next
            }
        }
    }

    /// Stops device `d`'s armed timer (it went offline): its arrival event becomes stale.
    mutating func disarmTimer(_ d: DeviceID) {
        fleet.devices[d].timerAt = .infinity
        fleet.devices[d].foldedLive = false
    }

    /// The `timedArrival` event: the sync its timer started (if it started one) reaches the server.
    mutating func timedArrives(_ d: DeviceID, seq: UInt32, in sim: inout Sim) {
        settleTimer(d, in: &sim)
        guard fleet.devices[d].foldedLive, fleet.devices[d].foldedSeq == seq else { return }
        fleet.devices[d].foldedLive = false
        syncArrives(d, token: fleet.devices[d].token, in: &sim)
    }

    /// A plain timer (devices behind a gateway): sync now (unless a sync is under way)
    /// and set the next timer.
    mutating func syncTimerFires(_ d: DeviceID, epoch: UInt32, in sim: inout Sim) {
        guard fleet.devices[d].epoch == epoch, fleet.devices[d].online else { return }
        startSync(d, reason: .sync, in: &sim)
        armTimer(d, at: sim.now + fleet.runtime(of: d).nextSyncDelay(), in: &sim)
    }
}
