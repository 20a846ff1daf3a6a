/// The state of one simulated device (its Network Agent and what the server knows of it).
struct Device {
    /// Index of the device's class.
    var classIndex: Int32
    /// Bumps at every online/offline change; timers of an earlier epoch are stale.
    var epoch: UInt32 = 0
    /// Bumps at every new sync; events of an earlier sync are stale.
    var token: UInt32 = 0
    /// Bumps when a held connection ends or is taken over; pending releases are stale.
    var holdToken: UInt32 = 0
    var online = false
    /// A sync is under way (travelling, queued, in service or waiting to retry).
    var syncing = false
    /// "Keep connection" is ticked for this device.
    var keepConnection = false
    /// The server can reach the device's UDP 15000.
    var wakeReachable = false
    /// Holds a permanent connection (or a push server connection, see `onPushServer`).
    var holds = false
    var onPushServer = false
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

    init(classIndex: Int32) {
        self.classIndex = classIndex
    }
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

/// The random streams, derived constants and launched tasks of one device class (a
/// class, so that the hot path reads it without copying).
final class ClassRuntime {
    let spec: DeviceClass
    let devices: Range<Int>
    /// The server marks a silent device off after this long, s.
    let missWindow: Double
    let usesPushServer: Bool
    let interval: RandomStream
    let jitter: RandomStream
    let availability: RandomStream
    let network: RandomStream
    let shutdown: RandomStream
    /// Tasks launched so far that target this class, in launch order.
    var tasks: [LaunchedTask] = []

    init(spec: DeviceClass, devices: Range<Int>, server: ServerConfig, usesPushServer: Bool, streams: StreamSet) throws {
        self.spec = spec
        self.devices = devices
        self.missWindow = Double(server.offlineAfterMissedSyncs) * spec.syncInterval.mean
        self.usesPushServer = usesPushServer
        let prefix = "classes.\(spec.name)."
        interval = try streams.stream(prefix + "syncInterval")
        jitter = try streams.stream(prefix + "syncJitter")
        availability = try streams.stream(prefix + "availability")
        network = try streams.stream(prefix + "network")
        shutdown = try streams.stream(prefix + "shutdown")
    }

    /// Time to the next periodic sync: interval + jitter.
    func nextSyncDelay() -> Double {
        spec.syncInterval.sample(interval) + spec.syncJitter.sample(jitter)
    }

    /// Half a round trip.
    func halfRTT() -> Double {
        spec.rtt.sample(network) / 2
    }
}
