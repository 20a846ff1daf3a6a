import CGSL
import KSCGSL

/// Morris's elementary-effects screening (Morris 1991, "Factorial sampling plans for
/// preliminary computational experiments", Technometrics 33(2):161–174) with the μ*
/// measure of Campolongo, Cariboni & Saltelli (2007, "An effective screening design for
/// sensitivity analysis of large models", Environmental Modelling & Software 22:1509–1518).
///
/// Factors live on [0, 1] with `levels` grid levels (even, >= 2); a trajectory starts at a
/// base point in the lower half of the grid and moves one factor at a time by
/// Δ = levels / (2 (levels − 1)), in a random order. Base points come from GSL's Sobol
/// sequence (`gsl_qrng_sobol`, better spread than random draws for few trajectories);
/// orders come from a seeded generator, so the design is a pure function of its inputs.
public struct MorrisDesign: Sendable {
    /// Number of factors k.
    public let factors: Int
    /// Grid levels p.
    public let levels: Int
    /// The design points, trajectory after trajectory, k + 1 per trajectory, each in [0, 1]^k.
    public let points: [[Double]]
    /// For each trajectory, the factor moved at each of its k steps.
    public let moved: [[Int]]

    /// The step between the two points of an elementary effect.
    public var delta: Double { Double(levels) / (2 * Double(levels - 1)) }
    /// Number of trajectories r.
    public var trajectories: Int { moved.count }

    /// - Parameters:
    ///   - factors: k >= 1 (at most 40, the Sobol generator's dimension limit).
    ///   - trajectories: r >= 2.
    ///   - levels: p, even, >= 2.
    ///   - seed: seed of the factor orders.
    /// - Throws: `GSLError` when a generator cannot be allocated.
    public init(factors: Int, trajectories: Int, levels: Int = 4, seed: UInt64) throws {
        precondition(factors >= 1 && factors <= 40 && trajectories >= 1 && levels >= 2 && levels % 2 == 0)
        GSL.initialize()
        self.factors = factors
        self.levels = levels
        guard let sobol = gsl_qrng_alloc(kscsim_qrng_sobol(), UInt32(factors)) else {
            throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_qrng_alloc(sobol, \(factors))")
        }
        defer { gsl_qrng_free(sobol) }
        let orders = try RandomStream(seed: seed)
        let delta = Double(levels) / (2 * Double(levels - 1))
        var points: [[Double]] = []
        var moved: [[Int]] = []
        var u = Array(repeating: 0.0, count: factors)
        for _ in 0..<trajectories {
            _ = u.withUnsafeMutableBufferPointer { gsl_qrng_get(sobol, $0.baseAddress) }
            // Base levels 0 ..< p/2, so that base + Δ stays on the grid.
            var x = u.map { Double(Swift.min(levels / 2 - 1, Int($0 * Double(levels / 2)))) / Double(levels - 1) }
            var order = Array(0..<factors)
            for i in stride(from: factors - 1, to: 0, by: -1) { order.swapAt(i, orders.integer(below: i + 1)) }
            points.append(x)
            for f in order {
                x[f] += delta
                points.append(x)
            }
            moved.append(order)
        }
        self.points = points
        self.moved = moved
    }

    /// The elementary effects of each factor, one per trajectory, from the outputs at the
    /// design points (in the order of `points`); a non-finite output gives a NaN effect.
    public func effects(_ outputs: [Double]) -> [[Double]] {
        precondition(outputs.count == points.count)
        var result = Array(repeating: [Double](), count: factors)
        for (t, order) in moved.enumerated() {
            let base = t * (factors + 1)
            for (step, f) in order.enumerated() {
                result[f].append((outputs[base + step + 1] - outputs[base + step]) / delta)
            }
        }
        return result
    }
}

/// μ*, μ and σ of one factor's elementary effects, with a bootstrap interval for μ*.
public struct ElementaryEffects: Sendable, Equatable {
    /// Mean of |EE| (Campolongo's μ*): the factor's overall influence.
    public let muStar: Double
    /// Mean of EE: its signed effect (cancels for non-monotonic factors).
    public let mu: Double
    /// Standard deviation of EE: interactions and non-linearity.
    public let sigma: Double
    /// Percentile bootstrap interval of μ* at the given level.
    public let muStarLower: Double
    public let muStarUpper: Double

    /// - Parameters:
    ///   - effects: the factor's elementary effects (NaN ones make every figure NaN).
    ///   - level: confidence of the bootstrap interval.
    ///   - resamples: bootstrap resamples.
    ///   - stream: the generator of the resamples.
    public init(_ effects: [Double], level: Double = 0.95, resamples: Int = 1000, stream: RandomStream) {
        let n = effects.count
        guard n > 0, effects.allSatisfy(\.isFinite) else {
            muStar = .nan
            mu = .nan
            sigma = .nan
            muStarLower = .nan
            muStarUpper = .nan
            return
        }
        let absolute = effects.map(abs)
        muStar = absolute.reduce(0, +) / Double(n)
        let mean = effects.reduce(0, +) / Double(n)
        mu = mean
        sigma = n > 1 ? (effects.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : .nan
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += absolute[stream.integer(below: n)] }
            means.append(sum / Double(n))
        }
        means.sort()
        let tail = (1 - level) / 2
        muStarLower = means[Swift.min(resamples - 1, Int((tail * Double(resamples)).rounded(.down)))]
        muStarUpper = means[Swift.min(resamples - 1, Int(((1 - tail) * Double(resamples)).rounded(.up)) - 1)]
    }
}
