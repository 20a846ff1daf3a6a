import KSCEngine
import KSCRecords

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
///
/// One device is 64 bytes, one cache line (`DeviceTable` aligns them): the flags share a
/// word, and fields that matter only online share storage with fields that matter only
/// offline (`timerAt`/`nextOnAt`, `serviceStart`/`offAt`).
struct Device {
    var epoch: UInt32 = 0
    var token: UInt32 = 0
    var holdToken: UInt32 = 0
    /// Number of the armed timer, carried by its `timedArrival` event (`SyncTimer.swift`).
    var timerSeq: UInt32 = 0
    /// Number of the timer that started the sync under way, when `foldedLive`: its
    /// `timedArrival` is that sync's arrival.
    var foldedSeq: UInt32 = 0
    /// Tasks of the device's class launched when the current sync's service started.
    var snapshot: Int32 = 0
    /// Tasks of the device's class delivered so far (all tasks before this index).
    var delivered: Int32 = 0
    /// Index of the device's class.
    let classIndex: UInt16
    private var bits: UInt16 = 0
    /// Online: when the armed periodic timer is due; offline: when the device comes back.
    private var onOrOffTime: Double = .infinity
    /// Online: when the current sync's service started; offline: when the device went off.
    private var serviceOrOffStart: Double = 0
    /// When the server will mark it off without a notice (NaN: nothing pending).
    var markOffAt: Double = .nan
    /// When the server last completed a sync with the device.
    var lastSeen: Double = -.infinity

    init(classIndex: UInt16) {
        self.classIndex = classIndex
    }

    /// The device's class.
    @inline(__always) var classID: ClassID { Int(classIndex) }

    @inline(__always) private func bit(_ k: UInt16) -> Bool { bits & (1 << k) != 0 }
    @inline(__always) private mutating func set(_ k: UInt16, _ on: Bool) {
        bits = on ? bits | (1 << k) : bits & ~(1 << k)
    }

    /// Online now. Changing it clears `timerAt` and `nextOnAt` (they share storage).
    var online: Bool {
        get { bit(0) }
        set {
            if newValue != bit(0) { onOrOffTime = .infinity }
            set(0, newValue)
        }
    }
    /// A sync is under way (travelling, queued, in service or waiting to retry).
    var syncing: Bool {
        get { bit(1) }
        set { set(1, newValue) }
    }
    /// The device wants "Keep connection" (drawn from the class's `keepConnection` share).
    var keepConnection: Bool {
        get { bit(2) }
        set { set(2, newValue) }
    }
    /// The device may ask for a permanent connection: every device that wants one under
    /// the dynamic reading of the cap; only those ticked within the cap under the static one.
    var mayKeep: Bool {
        get { bit(3) }
        set { set(3, newValue) }
    }
    /// A wake packet arrived during the device's own sync: sync again when it ends.
    var wakePending: Bool {
        get { bit(4) }
        set { set(4, newValue) }
    }
    /// The server can reach the device's UDP 15000.
    var wakeReachable: Bool {
        get { bit(5) }
        set { set(5, newValue) }
    }
    /// Holds a permanent connection (or a push server connection, see `onPushServer`).
    var holds: Bool {
        get { bit(6) }
        set { set(6, newValue) }
    }
    var onPushServer: Bool {
        get { bit(7) }
        set { set(7, newValue) }
    }
    /// Holds a slot of its gateway: for the sync under way, or (with `holds`) its held connection.
    var gatewaySlot: Bool {
        get { bit(8) }
        set { set(8, newValue) }
    }
    /// The server got a shutdown notice and believes the device off.
    var noticedOff: Bool {
        get { bit(9) }
        set { set(9, newValue) }
    }
    /// `foldedSeq` names the timer that started the sync under way.
    var foldedLive: Bool {
        get { bit(10) }
        set { set(10, newValue) }
    }
    /// The sync under way waits in its server's backlog, since `serviceStart`.
    var waiting: Bool {
        get { bit(11) }
        set { set(11, newValue) }
    }
    /// Online at the end of its server's last outage and not yet seen completing a sync since.
    var awaitingRecovery: Bool {
        get { bit(14) }
        set { set(14, newValue) }
    }
    /// On a trip (a mobile device of a class that does not sync while roaming): it starts no sync.
    var roaming: Bool {
        get { bit(15) }
        set { set(15, newValue) }
    }
    /// Why the current sync started.
    var reason: SyncReason {
        get { SyncReason(rawValue: bits >> 12 & 3).unsafelyUnwrapped }
        set { bits = bits & ~(3 << 12) | newValue.rawValue << 12 }
    }

    /// When the armed periodic timer is due (+infinity: none armed, or offline).
    var timerAt: Double {
        get { online ? onOrOffTime : .infinity }
        set {
            assert(online || newValue == .infinity, "a timer armed offline")
            if online { onOrOffTime = newValue }
        }
    }
    /// When the device, now off, comes back (+infinity: never, or online now).
    var nextOnAt: Double {
        get { online ? .infinity : onOrOffTime }
        set {
            assert(!online || newValue == .infinity, "a return time set online")
            if !online { onOrOffTime = newValue }
        }
    }
    /// When the current sync's service started, or while it waits in the backlog when it was
    /// queued (meaningful while it is under way).
    var serviceStart: Double {
        get { serviceOrOffStart }
        set {
            assert(online)
            serviceOrOffStart = newValue
        }
    }
    /// When the device last went off (meaningful while it is off).
    var offAt: Double {
        get { serviceOrOffStart }
        set {
            assert(!online)
            serviceOrOffStart = newValue
        }
    }
}

/// The devices of a run, each on a cache line of its own (the table is not copied: the
/// model owns it for one replication).
final class DeviceTable {
    private let base: UnsafeMutablePointer<Device>
    let count: Int

    /// `count` devices, the first `classSizes[0]` of class 0 and so on.
    init(classSizes: [Int]) {
        assert(MemoryLayout<Device>.stride == 64, "a device is meant to fill one cache line")
        count = classSizes.reduce(0, +)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: Swift.max(count, 1) * MemoryLayout<Device>.stride, alignment: 64)
        base = raw.bindMemory(to: Device.self, capacity: Swift.max(count, 1))
        var next = base
        for (c, size) in classSizes.enumerated() {
            precondition(c <= Int(UInt16.max), "more than 65,536 classes")
            next.initialize(repeating: Device(classIndex: UInt16(c)), count: size)
            next += size
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var indices: Range<Int> { 0..<count }

    /// Asks the processor to bring device `d`'s line in (a hint).
    @inline(__always)
    func prefetch(_ d: DeviceID) {
        if d >= 0 && d < count { KSCEngine.prefetch(base + d) }
    }

    /// - Complexity: O(1); the index is checked in debug builds only.
    subscript(d: DeviceID) -> Device {
        @inline(__always) unsafeAddress {
            assert(d >= 0 && d < count, "device out of range")
            return UnsafePointer(base + d)
        }
        @inline(__always) unsafeMutableAddress {
            assert(d >= 0 && d < count, "device out of range")
            return base + d
        }
    }
}

/// Why a sync started (2 bits of `Device`): the path of the tasks it delivers. A push over a
/// held connection is never a sync's reason.
enum SyncReason: UInt16 {
    /// A UDP 15000 wake packet.
    case wake
    /// The periodic timer (or its retry).
    case sync
    /// The device came online.
    case startup
    /// An FCM push.
    case fcm

    /// The delivery path of the tasks the sync delivers.
    var path: DeliveryPath {
        switch self {
        case .wake: return .wake
        case .sync: return .sync
        case .startup: return .startup
        case .fcm: return .fcm
        }
    }

    /// A forced sync (woken or pushed), which costs `forcedSyncFactor` under `sessionCost: by-kind`.
    var forced: Bool { self == .wake || self == .fcm }
}

/// A launch of a task as seen by one targeted class.
struct LaunchedTask {
    /// Launch time, s.
    var time: Double
    /// Index of the task in the scenario.
    var task: Int32
    /// Upper bound of the randomized start delay, s.
    var randomizedDelay: Double
    /// Index of the launch in `TaskDelivery.launches` (shared by the classes it targets).
    var launch: Int32
}
