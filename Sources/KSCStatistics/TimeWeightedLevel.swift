import CGSL
import KSCGSL

/// The time-weighted average and maximum of a level that changes at discrete times
/// (queue length, connections in use).
public struct TimeWeightedLevel: Sendable, Equatable {
    /// The current level.
    public private(set) var level: Double
    /// Largest level seen since the last reset.
    public private(set) var maximum: Double
    private var start: Double
    private var lastChange: Double
    private var area: Double = 0

    /// A level of `level` observed from time `start`.
    public init(level: Double = 0, at start: Double = 0) {
        self.level = level
        self.maximum = level
        self.start = start
        self.lastChange = start
    }

    /// Sets the level to `newLevel` at time `time` (>= the last change).
    /// - Complexity: O(1)
    @inlinable
    public mutating func set(_ newLevel: Double, at time: Double) {
        change(to: newLevel, at: time)
    }

    @usableFromInline
    mutating func change(to newLevel: Double, at time: Double) {
        assert(time >= lastChange, "level changed in the past")
        area += level * (time - lastChange)
        lastChange = time
        level = newLevel
        if newLevel > maximum { maximum = newLevel }
    }

    /// Forgets the history before `time`, keeping the current level (end of warm-up).
    public mutating func reset(at time: Double) {
        start = time
        lastChange = time
        area = 0
        maximum = level
    }

    /// The area under the level from the start (or last reset) to `time`: level × seconds.
    public func integral(at time: Double) -> Double { area + level * (time - lastChange) }

    /// Average level from the start (or last reset) to `time`; the current level when
    /// no time has passed.
    public func mean(at time: Double) -> Double {
        let span = time - start
        guard span > 0 else { return level }
        return (area + level * (time - lastChange)) / span
    }
}
