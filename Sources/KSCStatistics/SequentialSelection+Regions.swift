import Foundation

/// KN's constants and continuation regions (Kim & Nelson 2001; Batur & Kim 2010), and the
/// outcome of a replay.
extension SequentialSelection {
    /// KN's η for error `beta` per comparison and first stage n0 (c = 1): the bound
    /// ½ (1 + 2η)^(−(n0−1)/2) on a wrong exit equals `beta`.
    public static func eta(beta: Double, firstStage n0: Int) -> Double {
        0.5 * (pow(2 * beta, -2 / Double(n0 - 1)) - 1)
    }

    /// Half-width of the triangular continuation region on a sum of r terms:
    /// max(0, h²S²/(2δ) − δr/2) with h² = 2η(n0 − 1).
    public static func region(r: Int, eta: Double, firstStage n0: Int, variance: Double, delta: Double) -> Double {
        let h2 = 2 * eta * Double(n0 - 1)
        return Swift.max(0, h2 * variance / (2 * delta) - delta * Double(r) / 2)
    }

    /// The state of every candidate after replaying the observations.
    public struct Outcome: Sendable {
        public var status: [Status]
        /// Replication at which the feasibility decision was taken (0: none yet).
        public var feasibilityDecidedAt: [Int]
        /// Replication at which the candidate was eliminated or chosen (0: none).
        public var selectionDecidedAt: [Int]
        /// Replications the procedure used per candidate (the observations it looked at).
        public var used: [Int]
        /// Replications each candidate needs before the replay can go on (nil: none).
        public var needs: [Int?]
        /// The chosen candidate, when the procedure ended with one.
        public var chosen: Int?
        /// True when no candidate is pending.
        public var finished: Bool
        /// True when the stated guarantee applies (nothing was cut by the limit).
        public var guaranteed: Bool
    }
}
