import Foundation

/// Fully sequential feasibility checking and selection of the best feasible candidate with
/// a stated confidence, replayed from the replications available so far.
///
/// Two phases, as in Andradóttir & Kim (2010), "Fully sequential procedures for comparing
/// constrained systems via simulation", Naval Research Logistics 57(5):403–421:
///
/// 1. Feasibility (Batur & Kim 2010, "Finding feasible systems in the presence of constraints
///    on multiple performance measures", ACM TOMACS 20(3):13, procedure F_B): each
///    candidate's constraints are tested with a triangular continuation region on the sum
///    of (observation − threshold), with the error split by Bonferroni over the k candidates
///    and s constraints (valid whatever the correlation common random numbers induce).
/// 2. Selection among the candidates declared feasible (Kim & Nelson 2001, "A fully
///    sequential procedure for indifference-zone selection in simulation", ACM TOMACS
///    11(3):251–273, procedure KN with c = 1, which allows common random numbers): a
///    candidate is eliminated when its sum of differences to another exceeds the region.
///
/// Guarantee (normal replications, i.i.d. across replications): with error α1 = α2 = α/2,
/// every feasibility decision is right and the best feasible candidate is chosen, with
/// probability at least 1 − α, provided that no constraint's true mean lies within its
/// tolerance of the threshold and the best feasible candidate is better than the next by at
/// least the indifference zone δ. With a deterministic cost (no phase 2), α1 = α.
///
/// The replay is a pure function of the observations: it checks the stopping rule after
/// every replication r = n0, n0 + 1, … in order, so batching replications into rounds (for
/// threads, shards and Slurm) never changes a decision.
public struct SequentialSelection: Sendable {
    /// One constraint on a metric: `mean <= threshold` (or `>=`) with a tolerance.
    public struct Constraint: Sendable, Equatable {
        /// Index of the metric in each observation vector.
        public var metric: Int
        /// True for `<=`, false for `>=`.
        public var atMost: Bool
        public var threshold: Double
        /// Half-width of the zone of indifference around the threshold (> 0).
        public var tolerance: Double

        public init(metric: Int, atMost: Bool, threshold: Double, tolerance: Double) {
            self.metric = metric
            self.atMost = atMost
            self.threshold = threshold
            self.tolerance = tolerance
        }
    }

    /// What is minimised.
    public enum Objective: Sendable, Equatable {
        /// A metric (index into each observation vector), minimised (`minimize`) or maximised,
        /// with indifference zone δ > 0 in the metric's unit.
        case metric(Int, minimize: Bool, indifference: Double)
        /// A known cost per candidate (from its scenario keys), lower is better; ties go to
        /// the candidate listed first.
        case cost([Double])
    }

    /// Where a candidate stands.
    public enum Status: String, Sendable, Equatable {
        /// More replications are needed.
        case pending
        /// Declared infeasible.
        case infeasible
        /// Declared feasible (and, with a cost objective, not the cheapest).
        case feasible
        /// Feasible, then eliminated by a better feasible candidate.
        case eliminated
        /// The answer.
        case chosen
        /// Not decided within the replication limit.
        case undecided
    }

    public var constraints: [Constraint]
    public var objective: Objective
    /// Confidence 1 − α.
    public var confidence: Double
    /// First-stage replications n0 (>= 2): variances are estimated from them.
    public var firstStage: Int
    /// Most replications of any candidate.
    public var limit: Int

    public init(constraints: [Constraint], objective: Objective, confidence: Double, firstStage: Int, limit: Int) {
        self.constraints = constraints
        self.objective = objective
        self.confidence = confidence
        self.firstStage = firstStage
        self.limit = limit
    }

    /// The error allowed to the feasibility phase and to the selection phase.
    public var errors: (feasibility: Double, selection: Double) {
        let alpha = 1 - confidence
        if case .cost = objective { return (alpha, 0) }
        return constraints.isEmpty ? (0, alpha) : (alpha / 2, alpha / 2)
    }

    /// Replays the procedure.
    /// - Parameter observations: per candidate, its replications 1, 2, … in order (each a
    ///   vector of metric values); only a prefix may be there yet.
    public func replay(_ observations: [[[Double]]]) -> Outcome {
        let k = observations.count
        let n0 = firstStage
        var out = Outcome(
            status: Array(repeating: .pending, count: k), feasibilityDecidedAt: Array(repeating: 0, count: k),
            selectionDecidedAt: Array(repeating: 0, count: k), used: Array(repeating: 0, count: k),
            needs: Array(repeating: nil, count: k), chosen: nil, finished: false, guaranteed: true)
        // Phase 1: feasibility.
        let betaF = constraints.isEmpty ? 0 : errors.feasibility / Double(k * constraints.count)
        let etaF = constraints.isEmpty ? 0 : SequentialSelection.eta(beta: betaF, firstStage: n0)
        var feasible = Array(repeating: false, count: k)
        var phase1Done = true
        for i in 0..<k {
            let data = observations[i]
            guard data.count >= n0 else {
                out.needs[i] = n0
                phase1Done = false
                continue
            }
            if constraints.isEmpty {
                feasible[i] = true
                out.feasibilityDecidedAt[i] = n0
                out.used[i] = n0
                continue
            }
            let variances = constraints.map { c in SequentialSelection.variance(data.prefix(n0).map { $0[c.metric] }) }
            var open = Array(repeating: true, count: constraints.count)
            var sums = Array(repeating: 0.0, count: constraints.count)
            var decided = false
            for r in 1...Swift.min(data.count, limit) {
                for (l, c) in constraints.enumerated() where open[l] {
                    let y = data[r - 1][c.metric]
                    sums[l] += c.atMost ? y - c.threshold : c.threshold - y
                }
                guard r >= n0 else { continue }
                for (l, c) in constraints.enumerated() where open[l] {
                    let bound = SequentialSelection.region(
                        r: r, eta: etaF, firstStage: n0, variance: variances[l], delta: c.tolerance)
                    if !sums[l].isFinite || (bound > 0 ? sums[l] >= bound : sums[l] > 0) {
                        open[l] = false
                        out.status[i] = .infeasible
                        decided = true
                        break
                    } else if sums[l] <= -bound {
                        open[l] = false
                    }
                }
                if out.status[i] == .infeasible || !open.contains(true) {
                    if out.status[i] != .infeasible { feasible[i] = true }
                    out.feasibilityDecidedAt[i] = r
                    out.used[i] = r
                    decided = true
                    break
                }
            }
            if !decided {
                out.used[i] = Swift.min(data.count, limit)
                if data.count >= limit {
                    out.status[i] = .undecided
                    out.guaranteed = false
                } else {
                    out.needs[i] = data.count + 1
                    phase1Done = false
                }
            }
        }
        for i in 0..<k where feasible[i] { out.status[i] = .feasible }
        guard phase1Done else { return out }
        let candidates = (0..<k).filter { feasible[$0] }
        // Phase 2: selection among the feasible.
        switch objective {
        case .cost(let costs):
            if let best = candidates.min(by: { costs[$0] < costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }) {
                out.status[best] = .chosen
                out.chosen = best
                out.selectionDecidedAt[best] = out.feasibilityDecidedAt[best]
            }
            out.finished = true
        case .metric(let m, let minimize, let delta):
            guard candidates.count > 1 else {
                if let only = candidates.first {
                    out.status[only] = .chosen
                    out.chosen = only
                    out.selectionDecidedAt[only] = out.feasibilityDecidedAt[only]
                }
                out.finished = true
                return out
            }
            let value = { (i: Int, r: Int) -> Double in
                let y = observations[i][r][m]
                return minimize ? y : -y
            }
            let etaS = SequentialSelection.eta(beta: errors.selection / Double(candidates.count - 1), firstStage: n0)
            var variances: [[Double]] = Array(repeating: Array(repeating: 0, count: k), count: k)
            for i in candidates {
                for l in candidates where l != i {
                    variances[i][l] = SequentialSelection.variance((0..<n0).map { value(i, $0) - value(l, $0) })
                }
            }
            var survivors = candidates
            var sums = Array(repeating: 0.0, count: k)
            var r = 0
            while true {
                let available = survivors.map { observations[$0].count }.min() ?? 0
                guard r < available, r < limit else {
                    if r >= limit {
                        // Cut by the limit: the best mean among those left, without the guarantee.
                        out.guaranteed = false
                        let best = survivors.min { sums[$0] < sums[$1] || (sums[$0] == sums[$1] && $0 < $1) }!
                        for i in survivors { out.used[i] = Swift.max(out.used[i], r) }
                        for i in survivors where i != best { out.status[i] = .undecided }
                        out.status[best] = .chosen
                        out.chosen = best
                        out.selectionDecidedAt[best] = r
                        out.finished = true
                    } else {
                        for i in survivors { out.needs[i] = r + 1 }
                    }
                    return out
                }
                for i in survivors { sums[i] += value(i, r) }
                r += 1
                for i in survivors { out.used[i] = Swift.max(out.used[i], r) }
                guard r >= n0 else { continue }
                let before = survivors
                survivors = before.filter { i in
                    !before.contains { l in
                        l != i
                            && sums[i] - sums[l]
                                > SequentialSelection.region(
                                    r: r, eta: etaS, firstStage: n0, variance: variances[i][l], delta: delta)
                    }
                }
                // KN's last stage: every region between the candidates left has closed.
                let closed = survivors.allSatisfy { i in
                    survivors.allSatisfy { l in
                        l == i
                            || SequentialSelection.region(
                                r: r, eta: etaS, firstStage: n0, variance: variances[i][l], delta: delta) == 0
                    }
                }
                for i in before where !survivors.contains(i) {
                    out.status[i] = .eliminated
                    out.selectionDecidedAt[i] = r
                }
                if survivors.count > 1 && closed {
                    // Every region has closed (KN's last stage): the best mean wins; ties by order.
                    let best = survivors.min { sums[$0] < sums[$1] || (sums[$0] == sums[$1] && $0 < $1) }!
                    for i in survivors where i != best {
                        out.status[i] = .eliminated
                        out.selectionDecidedAt[i] = r
                    }
                    survivors = [best]
                }
                if survivors.count == 1 {
                    let best = survivors[0]
                    out.status[best] = .chosen
                    out.chosen = best
                    out.selectionDecidedAt[best] = r
                    out.finished = true
                    return out
                }
            }
        }
        return out
    }

    /// Sample variance (n − 1 in the denominator); NaN values make it infinite.
    static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        if values.contains(where: { !$0.isFinite }) { return .infinity }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }
}
