import KSCEngine
import KSCScenario

/// FCM forced sync of Android classes with `fcm` (docs/model.md, "FCM forced sync"): at a
/// launch the server asks FCM to push a notification to each targeted phone of such a class;
/// FCM refuses while down, loses a share, and delivers the others after a delay (a dozing
/// phone's maintenance wait added for normal priority). A push due while FCM is down waits
/// for it; one due at a phone that is off is delivered when the phone comes back, where it
/// coincides with the phone's startup sync; past its time to live it is dropped. A phone the
/// push reaches syncs at once (path `fcm`), or again as soon as the sync under way ends.
extension ConnectivityModel where Queue: ~Copyable {
    /// FCM's state at time 0, its first availability change and its outages.
    mutating func startFCM(in sim: inout Sim) {
        guard scenario.usesFCM else { return }
        let (up, change) = fcm.config.availability.startState(fcm.availabilityStream)
        fcm.start(available: up)
        if let change { sim.schedule(.fcmState(change: FCMChange.availability, value: 0), at: change) }
        for i in fcm.config.outages.indices {
            sim.schedule(
                .fcmState(change: FCMChange.outageStart, value: UInt32(i)), at: fcm.config.outages[i].start,
                priority: EventPriority.outage)
        }
    }

    /// The server asks FCM to push task index `index` of device `d`'s class to the device.
    mutating func sendPush(_ d: DeviceID, index: Int32, priority: FCMPriority, in sim: inout Sim) {
        let launched = fleet.runtime(of: d).tasks[Int(index)]
        guard
            let delay = fcm.request(
                launch: Int(launched.launch), priority: priority, at: sim.now, counted: stats.counts(launched.time))
        else { return }
        sim.schedule(.fcmArrival(device: UInt32(d), index: UInt32(index)), after: delay)
    }

    /// A push for task index `index` of device `d`'s class is due at the phone.
    mutating func fcmArrives(_ d: DeviceID, index: Int, in sim: inout Sim) {
        let launched = fleet.runtime(of: d).tasks[index]
        let expiry = fcm.expiry(launch: Int(launched.launch))
        let counted = stats.counts(launched.time)
        guard sim.now <= expiry else {
            fcm.count(arrived: false, counted: counted)
            return
        }
        guard fcm.up else {
            fcm.hold(device: UInt32(d), index: UInt32(index))
            return
        }
        guard fleet.devices[d].online else {
            // FCM keeps it for the phone; it reaches the phone as it comes back, with the
            // phone's startup sync.
            fcm.count(arrived: fleet.devices[d].nextOnAt <= expiry, counted: counted)
            return
        }
        fcm.count(arrived: true, counted: counted)
        settleTimer(d, in: &sim)
        // A roaming phone (of a class that does not sync while roaming) ignores it.
        guard !fleet.devices[d].roaming else { return }
        if fleet.devices[d].syncing {
            fleet.devices[d].wakePending = true
        } else {
            startSync(d, reason: .fcm, in: &sim)
        }
    }

    /// FCM's availability changes, an outage starts or one ends; back up, it delivers the
    /// pushes it held.
    mutating func fcmStateChanges(_ change: UInt32, value: UInt32, in sim: inout Sim) {
        switch change {
        case FCMChange.availability:
            guard fcm.toggleAvailability(epoch: value, at: sim.now) else { return }
            if let next = fcm.config.availability.nextChange(
                nowOnline: fcm.available, at: sim.now, fcm.availabilityStream)
            {
                sim.schedule(.fcmState(change: FCMChange.availability, value: fcm.epoch), at: next)
            }
        case FCMChange.outageStart:
            fcm.setOutage(true, at: sim.now)
            sim.schedule(
                .fcmState(change: FCMChange.outageEnd, value: 0), after: fcm.config.outages[Int(value)].duration,
                priority: EventPriority.outage)
        default:
            fcm.setOutage(false, at: sim.now)
        }
        guard fcm.up else { return }
        for push in fcm.release() { fcmArrives(Int(push.device), index: Int(push.index), in: &sim) }
    }
}

/// What an `fcmState` event changes.
enum FCMChange {
    static let availability: UInt32 = 0
    static let outageStart: UInt32 = 1
    static let outageEnd: UInt32 = 2
}
