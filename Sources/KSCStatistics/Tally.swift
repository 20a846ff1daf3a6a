import CGSL
import KSCGSL

/// Count, mean, variance (Welford's online algorithm), minimum and maximum of a
/// stream of observations, in O(1) memory.
public struct Tally: Sendable, Equatable {
    /// Number of observations.
    public private(set) var count: Int = 0
    /// Mean of the observations (0 when there are none).
    public private(set) var mean: Double = 0
    private var m2: Double = 0
    /// Smallest observation (+infinity when there are none).
    public private(set) var min: Double = .infinity
    /// Largest observation (-infinity when there are none).
    public private(set) var max: Double = -.infinity

    public init() {}

    /// Adds one observation.
    /// - Complexity: O(1)
    @inlinable
    public mutating func add(_ x: Double) {
        addObservation(x)
    }

    @usableFromInline
    mutating func addObservation(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
    }

    /// Sample variance (n - 1 in the denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }
}

extension Tally {
    /// Combines two tallies as if every observation had been added to one (Chan et al.).
    public mutating func merge(_ other: Tally) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        mean += delta * Double(other.count) / n
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }
}
