import Foundation
import TestSupport
import Testing

@testable import KSCGSL
@testable import KSCRandom
@testable import KSCStatistics

@Suite("Statistics")
struct StatisticsTests {
    @Test("Tally matches the two-pass mean and variance; merge equals one tally")
    func tally() throws {
        let stream = try RandomStream(seed: 9)
        let xs = (0..<10_000).map { _ in stream.uniform() * 100 + 1e6 }
        var all = Tally()
        var left = Tally()
        var right = Tally()
        for (i, x) in xs.enumerated() {
            all.add(x)
            if i < 3000 { left.add(x) } else { right.add(x) }
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        #expect(abs(all.mean - mean) < 1e-8)
        #expect(abs(all.variance - variance) / variance < 1e-9)
        left.merge(right)
        #expect(abs(left.mean - all.mean) < 1e-8 && abs(left.variance - all.variance) / variance < 1e-9)
        #expect(left.count == all.count && left.min == all.min && left.max == all.max)
    }

    @Test("time-weighted level: average, maximum and reset")
    func timeWeighted() {
        var level = TimeWeightedLevel(level: 0, at: 0)
        level.set(2, at: 1)  // 0 on [0,1)
        level.set(4, at: 3)  // 2 on [1,3)
        level.set(1, at: 4)  // 4 on [3,4)
        let expected: Double = (0.0 + 4.0 + 4.0 + 2.0) / 6.0  // 0x1 + 2x2 + 4x1 + 1x2 over 6 s
        #expect(level.mean(at: 6) == expected)
        #expect(level.maximum == 4)
        level.reset(at: 6)
        #expect(level.maximum == 1 && level.mean(at: 6) == 1 && level.mean(at: 10) == 1)
    }

    @Test(
        "quantiles within 0.1% + 1 us of the exact sorted-sample quantiles",
        arguments: [
            "exponential(mean=8h)", "lognormal(mean=40ms, sd=10ms)", "pareto(shape=1.2, min=1ms)",
            "uniform(min=0s, max=15m)",
        ])
    func quantiles(text: String) throws {
        let d = try Distribution.parse(text)
        let stream = try RandomStream(seed: 77)
        var sketch = QuantileSketch()
        var xs: [Double] = []
        for _ in 0..<300_000 {
            let x = Swift.min(d.sample(stream), QuantileSketch.maximumTrackable)
            xs.append(x)
            sketch.record(x)
        }
        xs.sort()
        for q in [0.5, 0.9, 0.95, 0.99, 0.999] {
            let exact = xs[Int((q * Double(xs.count)).rounded(.up)) - 1]
            let estimate = sketch.quantile(q)
            #expect(abs(estimate - exact) <= 0.001 * exact + 1e-6, "q\(q): \(estimate) vs \(exact)")
        }
        #expect(sketch.max == xs.last!)
        #expect(sketch.count == xs.count)
        let within = sketch.fraction(atOrBelow: xs[xs.count / 2])
        #expect(abs(within - 0.5) < 0.002)
    }

    @Test("empty sketch reports zeros")
    func emptySketch() {
        let sketch = QuantileSketch()
        #expect(sketch.quantile(0.99) == 0 && sketch.max == 0 && sketch.mean == 0 && sketch.count == 0)
    }

    @Test("Student-t interval uses the t quantile")
    func confidenceInterval() {
        let ci = ConfidenceInterval([1, 2, 3, 4, 5], level: 0.95)
        // t(0.975, 4) = 2.776445105; sd = sqrt(2.5)
        #expect(abs(ci.halfWidth - 2.776445105 * (2.5).squareRoot() / (5.0).squareRoot()) < 1e-8)
        #expect(ci.mean == 3 && ci.contains(1.1) && !ci.contains(0.9))
        #expect(ConfidenceInterval([4], level: 0.95).halfWidth.isNaN)
    }

    @Test("Erlang B and C against known values")
    func erlang() {
        #expect(abs(QueueingTheory.erlangB(servers: 1, load: 1) - 0.5) < 1e-15)
        #expect(abs(QueueingTheory.erlangB(servers: 2, load: 1) - 0.2) < 1e-15)
        // Tables: B(10, 5) = 0.018385, C(10, 8) = 0.409
        #expect(abs(QueueingTheory.erlangB(servers: 10, load: 5) - 0.018385) < 1e-6)
        #expect(abs(QueueingTheory.erlangC(servers: 10, load: 8) - 0.40918) < 1e-4)
        // M/M/1: Wq = rho / (mu - lambda)
        #expect(abs(QueueingTheory.mmcMeanWait(servers: 1, arrivalRate: 0.5, serviceRate: 1) - 1.0) < 1e-12)
    }
}

@Suite("QuantileSketch batch queries")
struct QuantileSketchBatchTests {
    @Test("values(atRanks:) and counts(atOrBelow:) equal the one-at-a-time answers")
    func batchEqualsSingle() throws {
        var rng = SplitMix64(state: 42)
        for n in [1, 2, 7, 100, 5_000] {
            var sketch = QuantileSketch()
            for _ in 0..<n { sketch.record(Double(rng.next() % 10_000_000) / 1000 * (rng.next() % 7 == 0 ? 50 : 1)) }
            let ranks = [1, n, (n + 1) / 2, Swift.max(1, n * 9 / 10), Swift.max(1, n * 99 / 100), 1]
            #expect(sketch.values(atRanks: ranks) == ranks.map { sketch.value(atRank: $0) })
            let grid = [0, 0.001, 1, 5, 60, 300, 900, 3600, 86_400, 1e9]
            #expect(
                sketch.counts(atOrBelow: grid)
                    == grid.map { Int((sketch.fraction(atOrBelow: $0) * Double(sketch.count)).rounded()) })
        }
    }
}

@Suite("Morris screening and sequential procedures")
struct ScreeningStatisticsTests {
    /// g(x) = 8 x1 + 4 x2 + 2 x3 + 0 x4 + 3 x1 x2 + 5 (x5 − 1/2)²: linear effects of known size,
    /// an interaction (x1 with x2), an inert factor and a non-monotonic one.
    static func g(_ x: [Double]) -> Double {
        let linear: Double = 8 * x[0] + 4 * x[1] + 2 * x[2] + 0 * x[3]
        let interaction: Double = 3 * x[0] * x[1]
        let bowl: Double = 5 * (x[4] - 0.5) * (x[4] - 0.5)
        return linear + interaction + bowl
    }

    @Test(
        "Morris ranks factors of known effects: mu* from the coefficients, sigma from the interaction, mu cancels for a non-monotonic factor"
    )
    func knownEffects() throws {
        let design = try MorrisDesign(factors: 5, trajectories: 20, levels: 4, seed: 3)
        #expect(design.points.count == 20 * 6)
        // Every point on the grid {0, 1/3, 2/3, 1}, each step moving one factor by Δ = 2/3.
        for x in design.points.joined() { #expect([0, 1.0 / 3, 2.0 / 3, 1].contains { abs($0 - x) < 1e-12 }) }
        let effects = design.effects(design.points.map(Self.g))
        let stream = try RandomStream(seed: 1)
        let e = effects.map { ElementaryEffects($0, stream: stream) }
        // x3 is linear: every effect is 2 exactly; x4 is inert.
        #expect(abs(e[2].muStar - 2) < 1e-9 && abs(e[2].sigma) < 1e-9)
        #expect(e[3].muStar == 0 && e[3].muStarUpper == 0)
        // x1: 8 + 3 x2, so mu* in [8, 11] with spread; x2: 4 + 3 x1, in [4, 7].
        #expect(e[0].muStar >= 8 && e[0].muStar <= 11 && e[0].sigma > 0)
        #expect(e[1].muStar >= 4 && e[1].muStar <= 7 && e[1].sigma > 0)
        // x5: effects ±5/3 on this grid; mu* sees it, mu nearly cancels.
        #expect(abs(e[4].muStar - 5.0 / 3) < 1e-9)
        #expect(abs(e[4].mu) < e[4].muStar / 2)
        let ranking = e.indices.sorted { e[$0].muStar > e[$1].muStar }
        #expect(ranking == [0, 1, 2, 4, 3])
        // The bootstrap interval holds mu*.
        for x in e { #expect(x.muStarLower <= x.muStar && x.muStar <= x.muStarUpper) }
    }

    @Test("MSER-5 truncates a known transient and reports a series that never settles")
    func mser() {
        // A start decaying over the first 100 samples, then a flat, alternating tail.
        let series = (0..<400).map { (i: Int) -> Double in
            let start: Double = i < 100 ? Double(100 - i) : 0
            let noise: Double = i % 2 == 0 ? 1 : -1
            return start + noise
        }
        let result = MSER.truncation(series)
        #expect(result.settled && result.truncation >= 95 && result.truncation <= 105, "\(result)")
        let rising = (0..<400).map { (i: Int) -> Double in Double(i * i) }
        #expect(!MSER.truncation(rising).settled)
    }

    @Test("the fixed-width rule stops at the first n meeting the target, and reports a target it cannot meet")
    func fixedWidth() {
        let rule = FixedWidthStopping(
            targets: [PrecisionTarget(metric: 0, halfWidth: 0.1, relative: true)], confidence: 0.95, minimum: 3,
            maximum: 50)
        let noisy = (0..<50).map { [10 + Double($0 % 5) - 2] }
        let d = rule.decide(noisy)
        #expect(d.met && d.stopped && d.used >= 3)
        #expect(!rule.isMet(noisy.prefix(d.used - 1)) || d.used == 3)
        let unknown = (0..<50).map { _ in [Double.nan] }
        #expect(rule.decide(unknown) == .init(used: 50, stopped: true, met: false))
        #expect(rule.decide(Array(noisy.prefix(2))) == .init(used: 2, stopped: false, met: false))
    }

    @Test("KN's eta gives the stated error bound; the selection replay does not depend on how data arrive")
    func selectionReplay() throws {
        // ½ (1 + 2η)^(−(n0−1)/2) = β
        let eta = SequentialSelection.eta(beta: 0.01, firstStage: 10)
        #expect(abs(0.5 * pow(1 + 2 * eta, -4.5) - 0.01) < 1e-12)
        var rng = SplitMix64(state: 5)
        let data = (0..<3).map { i in (0..<60).map { _ in [Double(i) * 2 + Double(rng.next() % 1000) / 250] } }
        let procedure = SequentialSelection(
            constraints: [.init(metric: 0, atMost: true, threshold: 3.5, tolerance: 0.5)],
            objective: .metric(0, minimize: true, indifference: 1), confidence: 0.9, firstStage: 5, limit: 60)
        let all = procedure.replay(data)
        // Fed the same data in prefixes, as rounds would: the same decisions.
        var prefix: [[[Double]]] = [[], [], []]
        var outcome = procedure.replay(prefix)
        while !outcome.finished {
            for (i, need) in outcome.needs.enumerated() { if let need { prefix[i] = Array(data[i].prefix(need + 2)) } }
            outcome = procedure.replay(prefix)
        }
        #expect(outcome.status == all.status && outcome.chosen == all.chosen && outcome.used == all.used)
        #expect(all.chosen == 0 && all.status[2] == .infeasible)
    }
}
