/// A device's index over all classes, in scenario order (as in `deliveries.csv`).
/// Events carry it as a `UInt32` to stay small.
typealias DeviceID = Int
/// A class's index in the scenario.
typealias ClassID = Int

/// The state of one simulated device (its Network Agent and what the server knows of it).
///
/// Three tokens make stale events harmless; an event carries the token it was
/// scheduled under and is ignored when the device's token has moved on:
///
/// | token | bumps when | guards |
/// |---|---|---|
/// | `epoch` | the device goes online or offline | `availability`, `syncTimer`, `wakeArrival` |
/// | `token` | a new sync starts | `syncArrival`, `serviceDone` (with `syncing` and `online`) |
/// | `holdToken` | a held connection ends or is taken over | `release` |
struct Device {
    /// Index of the device's class.
    var classIndex: Int32
    var epoch: UInt32 = 0
    var token: UInt32 = 0
    var holdToken: UInt32 = 0
    var online = false
    /// A sync is under way (travelling, queued, in service or waiting to retry).
    var syncing = false
    /// The device wants "Keep connection" (drawn from the class's `keepConnection` share).
    var keepConnection = false
    /// The device may ask for a permanent connection: every device that wants one under
    /// the dynamic reading of the cap; only those ticked within the cap under the static one.
    var mayKeep = false
    /// A wake packet arrived during the device's own sync: sync again when it ends.
    var wakePending = false
    /// The server can reach the device's UDP 15000.
    var wakeReachable = false
    /// Holds a permanent connection (or a push server connection, see `onPushServer`).
    var holds = false
    var onPushServer = false
    /// Holds a slot of its gateway: for the sync under way, or (with `holds`) its held connection.
    var gatewaySlot = false
    /// The server got a shutdown notice and believes the device off.
    var noticedOff = false
    /// Why the current sync started.
    var reason: DeliveryPath = .sync
    /// Tasks of the device's class launched when the current sync's service started.
    var snapshot: Int32 = 0
    /// Tasks of the device's class delivered so far (all tasks before this index).
    var delivered: Int32 = 0
    /// When the current sync's service started.
    var serviceStart: Double = 0
    /// When the server last completed a sync with the device.
    var lastSeen: Double = -.infinity
    /// When the device last went off.
    var offAt: Double = 0
    /// When the server will mark it off without a notice (NaN: nothing pending).
    var markOffAt: Double = .nan
    /// When the device, now off, comes back (+infinity: never, or online now).
    var nextOnAt: Double = .infinity
    /// When the armed periodic timer is due (+infinity: none armed; see `SyncTimer.swift`).
    var timerAt: Double = .infinity
    /// Number of the armed timer, carried by its `timedArrival` event.
    var timerSeq: UInt32 = 0
    /// Number of the timer that started the sync under way, when `foldedLive`: its
    /// `timedArrival` is that sync's arrival.
    var foldedSeq: UInt32 = 0
    var foldedLive = false

    init(classIndex: Int32) {
        self.classIndex = classIndex
    }

    /// The device's class.
    var classID: ClassID { Int(classIndex) }
}

/// A launch of a task as seen by one targeted class.
struct LaunchedTask {
    /// Launch time, s.
    var time: Double
    /// Index of the task in the scenario.
    var task: Int32
    /// Upper bound of the randomized start delay, s.
    var randomizedDelay: Double
}
