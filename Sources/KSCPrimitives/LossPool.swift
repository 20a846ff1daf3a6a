import KSCStatistics

/// A fixed number of slots that requests take or are refused (a loss system: no
/// waiting), with counts of attempts and refusals and the time-weighted slots in use.
public struct LossPool {
    /// Number of slots.
    public let capacity: Int
    /// Slots in use now.
    public private(set) var inUse = 0
    /// Requests since the last statistics reset.
    public private(set) var attempts = 0
    /// Refused requests since the last statistics reset.
    public private(set) var refused = 0
    /// Slots in use over time.
    public private(set) var level: TimeWeightedLevel

    public init(capacity: Int, at time: Double = 0) {
        self.capacity = capacity
        self.level = TimeWeightedLevel(level: 0, at: time)
    }

    /// Takes a slot if one is free.
    /// - Returns: true when a slot was taken.
    /// - Complexity: O(1)
    public mutating func tryAcquire(at time: Double) -> Bool {
        attempts += 1
        guard inUse < capacity else {
            refused += 1
            return false
        }
        inUse += 1
        level.set(Double(inUse), at: time)
        return true
    }

    /// Frees one slot.
    public mutating func release(at time: Double) {
        precondition(inUse > 0, "LossPool released more slots than were taken")
        inUse -= 1
        level.set(Double(inUse), at: time)
    }

    /// Restarts the statistics at `time` (end of warm-up), keeping the slots in use.
    public mutating func resetStatistics(at time: Double) {
        attempts = 0
        refused = 0
        level.reset(at: time)
    }
}
