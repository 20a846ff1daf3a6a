import Foundation
import KSCRecords
import KSCStatistics
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// The Kaplan–Meier latency quantiles of a run whose launches continue to the horizon.
@Suite("Kaplan–Meier quantiles")
struct KaplanMeierTests {
    @Test("without censoring the estimate is the empirical quantile; a hand-computed censored case")
    func handComputed() {
        // 10 exact times 1 … 10: S steps by 0.1; the median is the first time with S <= 0.5.
        let exact = KaplanMeier(events: (1...10).map { (Double($0), 1) }, censored: [])
        #expect(exact.quantile(0.5).estimate == 5)
        #expect(exact.quantile(0.9).estimate == 9)
        // Events at 1, 2, 4; censored at 3 and 5: S(1) = 4/5, S(2) = 3/5, S(4) = 3/5 × 1/2.
        let km = KaplanMeier(events: [(1, 1), (2, 1), (4, 1)], censored: [(3, 1), (5, 1)])
        #expect(km.steps.map(\.survival) == [0.8, 0.8 * 0.75, 0.8 * 0.75 * 0.5])
        // Greenwood at 2: S² (1/(5·4) + 1/(4·3)).
        let se = 0.6 * (1.0 / 20 + 1.0 / 12).squareRoot()
        #expect(abs(km.steps[1].standardError - se) < 1e-12)
        #expect(km.quantile(0.5).estimate == 4)
        #expect(km.quantile(0.8).estimate.isNaN, "S never falls to 0.2: beyond what was observed")
    }

    /// The exact `q`-quantile (rank ceil(q n)) of `values`.
    static func exactQuantile(_ q: Double, _ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[Swift.max(1, Int((q * Double(sorted.count)).rounded(.up))) - 1]
    }

    @Test("a cut run's estimates cover the uncut run's exact quantiles in at least 95 of 100 trials")
    func coverage() throws {
        // Periodic syncs only: a pair waits for its device's next sync. Launches every 10 min to
        // the horizon; the run cut at 10 h leaves the last launches' pairs censored, and the same
        // run to 14 h (the same events up to 10 h) delivers every one of them.
        let yaml = """
            horizon: 14h
            warmup: 1h
            classes: [{name: a, devices: 100, syncInterval: "uniform(min=20m, max=100m)"}]
            tasks: [{name: t, every: 10m}]
            """
        var covered = [0.5: 0, 0.9: 0, 0.95: 0]
        var bounded = [0.5: 0, 0.9: 0, 0.95: 0]
        var censoredRuns = 0
        for trial in 1...100 {
            var full = try Scenario.parse(yaml: yaml, origin: "km.yaml")
            full.seed = UInt64(trial)
            var cut = full
            cut.horizon = 10 * 3600
            var sink = MemorySink()
            _ = try full.runReplication(1, sink: &sink, timeseriesStep: nil)
            var none = DiscardingSink()
            let s = try cut.runReplication(1, sink: &none, timeseriesStep: nil).summary
            if s.undelivered > 0 { censoredRuns += 1 }
            let truth = sink.deliveries.filter { $0.launched >= 3600 && $0.launched < cut.horizon }.map(\.latency)
            #expect(truth.count == s.pairs, "every pair of the cut run is delivered in the full run")
            for (q, estimate) in [
                (0.5, (s.kmP50Low, s.kmP50High)), (0.9, (s.kmP90Low, s.kmP90High)),
                (0.95, (s.kmP95Low, s.kmP95High)),
            ] {
                let exact = Self.exactQuantile(q, truth)
                if estimate.1.isFinite { bounded[q, default: 0] += 1 }
                // The bounds allow 0.1% for the histogram's resolution.
                if estimate.0 <= exact * 1.001 && (estimate.1.isNaN || exact <= estimate.1 * 1.001) {
                    covered[q, default: 0] += 1
                }
            }
        }
        #expect(censoredRuns == 100, "every cut run has censored pairs")
        for (q, count) in covered.sorted(by: { $0.key < $1.key }) { #expect(count >= 95, "p\(Int(q * 100)): \(count)") }
        // An unbounded upper bound covers trivially: it must be rare where the data reach.
        #expect(bounded[0.5, default: 0] == 100 && bounded[0.9, default: 0] >= 95, "\(bounded)")
    }
}
