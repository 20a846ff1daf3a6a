/// How long after an event (a task's launch, the end of an outage) given shares of the devices
/// it concerns had been reached: handed the task, or seen completing a sync.
struct ReachAfterEvent {
    /// The shares reported (`launch_reach_p50_s` … `p99`, `outage_recovery_p50_s` … `p99`).
    static let shares = [0.5, 0.9, 0.95, 0.99]
    /// When the event happened, s.
    let start: Double
    /// The devices it concerns (the denominator).
    let devices: Int
    /// Whether it counts (it happened after the warm-up).
    let counted: Bool
    private(set) var reached = 0
    /// Per share, the time from the event until that share was reached; NaN while not yet
    /// (inline, not a heap array: there is one per launch).
    private(set) var times = SIMD4<Double>(repeating: .nan)

    init(start: Double, devices: Int, counted: Bool) {
        self.start = start
        self.devices = devices
        self.counted = counted
    }

    /// One more device reached at `time`; reaches come in time order.
    /// - Complexity: O(1)
    mutating func reach(at time: Double) {
        reached += 1
        for i in 0..<Self.shares.count where times[i].isNaN && reached >= Self.needed(Self.shares[i], of: devices) {
            times[i] = time - start
        }
    }

    /// Devices needed for `share` of `devices`: ceil(share × devices), at least 1.
    static func needed(_ share: Double, of devices: Int) -> Int {
        Swift.max(1, Int((share * Double(devices)).rounded(.up)))
    }

    /// Per share, the mean over the counted events of the time until it was reached: NaN
    /// (unknown) when any counted event had not reached it by the horizon, or when none counted.
    static func means(_ events: [ReachAfterEvent]) -> [Double] {
        let counted = events.filter { $0.counted && $0.devices > 0 }
        guard !counted.isEmpty else { return shares.map { _ in .nan } }
        return shares.indices.map { i in counted.reduce(0.0) { $0 + $1.times[i] } / Double(counted.count) }
    }
}
