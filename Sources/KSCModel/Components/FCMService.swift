import KSCGSL
import KSCRandom
import KSCScenario
import KSCStatistics

/// Google Firebase Cloud Messaging, an external node: up or down with its availability and
/// its outages; it accepts the server's push requests while up, loses some, and delivers the
/// others after a delay; a push due while it is down waits for it to come back, and one not
/// delivered within its time to live is dropped. It owns its random streams, the pushes it
/// holds, when each launch's pushes were sent, and its counts.
struct FCMService: Tracker {
    let config: FCMConfig
    /// Delays, Doze and loss of pushes (stream `fcm.network`).
    let network: RandomStream
    /// Its on/off availability (stream `fcm.availability`).
    let availabilityStream: RandomStream
    /// Up with its availability.
    private(set) var available = true
    /// In one of its outages.
    private(set) var inOutage = false
    /// Bumps when the availability changes (guards the availability events).
    private(set) var epoch: UInt32 = 0
    /// 1 while up, over time.
    private(set) var upLevel = TimeWeightedLevel()
    /// Pushes due at a phone while FCM was down: (device, index of the task in its class).
    private var held: [(device: UInt32, index: UInt32)] = []
    /// When each launch's pushes were sent, by launch index (NaN: none sent).
    private var sentAt: [Double] = []
    /// Counts of pushes of launches after the warm-up.
    private(set) var sent = 0, refused = 0, lost = 0, expired = 0, arrived = 0

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, streams: StreamSet) throws {
        config = scenario.fcm
        network = try streams.stream("fcm.network")
        availabilityStream = try streams.stream("fcm.availability")
    }

    /// Accepts push requests and delivers pushes now.
    var up: Bool { available && !inOutage }

    /// Sets the state at time 0.
    mutating func start(available: Bool) {
        self.available = available
        upLevel.set(up ? 1 : 0, at: 0)
    }

    /// An availability event carrying `epoch` arrives at `time`; false when it is stale.
    mutating func toggleAvailability(epoch: UInt32, at time: Double) -> Bool {
        guard self.epoch == epoch else { return false }
        self.epoch &+= 1
        available.toggle()
        upLevel.set(up ? 1 : 0, at: time)
        return true
    }

    mutating func setOutage(_ on: Bool, at time: Double) {
        inOutage = on
        upLevel.set(up ? 1 : 0, at: time)
    }

    /// The server asks FCM, at `time`, to push launch `launch` to one phone: nil when FCM is
    /// down (refused) or loses the push, else the delay until it reaches the phone (a dozing
    /// phone's maintenance wait added for normal priority).
    /// - Complexity: O(1) amortized.
    mutating func request(launch: Int, priority: FCMPriority, at time: Double, counted: Bool) -> Double? {
        if sentAt.count <= launch { sentAt.append(contentsOf: repeatElement(.nan, count: launch + 1 - sentAt.count)) }
        if sentAt[launch].isNaN { sentAt[launch] = time }
        guard up else {
            if counted { refused += 1 }
            return nil
        }
        if counted { sent += 1 }
        if network.bernoulli(config.loss) {
            if counted { lost += 1 }
            return nil
        }
        var delay = config.delay.sample(network)
        if priority == .normal && network.bernoulli(config.dozeShare) {
            delay += config.maintenanceWait.sample(network)
        }
        return delay
    }

    /// When a push of launch `launch` expires.
    func expiry(launch: Int) -> Double { sentAt[launch] + config.ttl }

    /// A push is due while FCM is down: it waits for FCM to come back.
    mutating func hold(device: UInt32, index: UInt32) { held.append((device, index)) }

    /// The pushes held while FCM was down, now that it is up again (emptied).
    mutating func release() -> [(device: UInt32, index: UInt32)] {
        defer { held = [] }
        return held
    }

    /// Counts a push's fate at the phone: it arrived, or it expired first.
    mutating func count(arrived: Bool, counted: Bool) {
        guard counted else { return }
        if arrived { self.arrived += 1 } else { expired += 1 }
    }

    mutating func resetStatistics(at time: Double) {
        upLevel.reset(at: time)
        (sent, refused, lost, expired, arrived) = (0, 0, 0, 0, 0)
    }
}
