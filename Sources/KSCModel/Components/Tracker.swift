/// What every component that observes something implements (as Ciw's trackers): it restarts
/// its own statistics at the end of the warm-up. The model restarts each component through
/// this one method; no list of counters is kept anywhere else.
protocol Tracker {
    /// Restarts the statistics at `time` (the end of the warm-up), keeping the state.
    mutating func resetStatistics(at time: Double)
}

extension Array: Tracker where Element: Tracker {
    mutating func resetStatistics(at time: Double) {
        for i in indices { self[i].resetStatistics(at: time) }
    }
}
