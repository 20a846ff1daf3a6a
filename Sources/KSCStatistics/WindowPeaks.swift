/// Peaks of a level and of a count over consecutive windows of equal width: the busiest
/// window, the busiest run of `longWindows` windows, the windows at or above a threshold, and
/// the most events in one window. Fed at each window's end with the level's integral and the
/// event count since the last reset, so the level itself is never touched on the hot path.
public struct WindowPeaks: Sendable, Equatable {
    /// Windows in the long window (15 one-minute windows).
    public let longWindows: Int
    /// A window whose mean is at least this counts as saturated.
    public let threshold: Double
    /// Windows closed since the last reset, and of those the saturated ones.
    public private(set) var windows = 0
    public private(set) var saturatedWindows = 0
    /// The highest window mean, and the highest mean over `longWindows` consecutive windows.
    public private(set) var peak = Double.nan
    public private(set) var peakLong = Double.nan
    /// The most events in one window.
    public private(set) var peakCount = 0
    private var lastIntegral = 0.0
    private var lastCount = 0
    private var recent: [Double] = []

    public init(longWindows: Int = 15, threshold: Double = 0.95) {
        self.longWindows = longWindows
        self.threshold = threshold
    }

    /// Closes a window of `width` seconds: `integral` is the level's area and `count` the
    /// events since the last reset; the level is divided by `capacity` (workers, slots), and a
    /// window's mean is at most 1.
    /// - Complexity: O(1) amortized.
    public mutating func close(width: Double, integral: Double, count: Int, capacity: Double) {
        // A level never exceeds its capacity: the rounding of the areas may by 1e-15.
        let mean = Swift.min(1, (integral - lastIntegral) / width / capacity)
        let events = count - lastCount
        (lastIntegral, lastCount) = (integral, count)
        windows += 1
        if mean >= threshold { saturatedWindows += 1 }
        peak = peak.isNaN ? mean : Swift.max(peak, mean)
        peakCount = Swift.max(peakCount, events)
        recent.append(mean)
        if recent.count > longWindows { recent.removeFirst() }
        if recent.count == longWindows {
            let long = recent.reduce(0, +) / Double(longWindows)
            peakLong = peakLong.isNaN ? long : Swift.max(peakLong, long)
        }
    }

    /// Share of the windows that were saturated (NaN before the first window).
    public var saturatedShare: Double { windows > 0 ? Double(saturatedWindows) / Double(windows) : .nan }

    /// Forgets every window (end of warm-up); the level's integral and the count restart at 0.
    public mutating func reset() {
        self = WindowPeaks(longWindows: longWindows, threshold: threshold)
    }
}
