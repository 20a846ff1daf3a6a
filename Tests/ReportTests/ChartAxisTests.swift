import Testing

@testable import KSCReport

@Suite("Chart axes")
struct ChartAxisTests {
    @Test("steps are 1, 2 or 5 times a power of ten, at or above the raw step")
    func niceSteps() {
        #expect(ChartAxis.niceStep(0.3) == 0.5)
        #expect(ChartAxis.niceStep(7) == 10)
        #expect(ChartAxis.niceStep(1.5) == 2)
        #expect(ChartAxis.niceStep(0) == 1)
    }

    @Test("shares print as percentages without float noise")
    func percentages() {
        #expect(ChartAxis.percent(0.6) == "60%")
        #expect(ChartAxis.percent(0.995) == "99.5%")
        #expect(ChartAxis.percent(0) == "0%")
    }

    @Test("a log time axis ticks at round durations inside the range; a linear one at most 8 even ticks")
    func timeTicks() {
        #expect(
            ChartAxis.logSeconds.ticks(from: 1, to: 86400).map(\.1) == ["1s", "10s", "1m", "15m", "1h", "6h", "1d"])
        let ticks = ChartAxis.seconds.ticks(from: 0, to: 3 * 86400)
        #expect(ticks.count <= 9 && ticks.count >= 3)
        let gaps = Set(zip(ticks.dropFirst(), ticks).map { $0.0 - $1.0 })
        #expect(gaps.count == 1)
        #expect(ticks.first?.0 == 0 && (ticks.last?.0 ?? 0) <= 3 * 86400)
    }
}
