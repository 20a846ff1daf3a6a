import Testing

@testable import KSCReport

@Suite("SVG charts")
struct SVGChartTests {
    @Test("an unknown value breaks the line instead of being drawn or guessed")
    func unknownBreaksLine() {
        let chart = LineChart(
            title: "t", xLabel: "x", yLabel: "y", xAxis: .linear(),
            series: [
                ChartSeries(
                    name: "s",
                    points: [
                        ChartPoint(x: 1, y: 1), ChartPoint(x: 2, y: .nan), ChartPoint(x: 3, y: 2),
                        ChartPoint(x: 4, y: 3),
                    ])
            ])
        let svg = chart.svg(id: "c")
        #expect(
            svg.components(separatedBy: "<polyline").count - 1 == 1, "one line: the point before the gap stands alone")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
    }

    @Test("text is escaped, error bars drawn, and a chart without a known value says so")
    func escapingAndBars() {
        var chart = LineChart(
            title: "p95 <target> & \"more\"", xLabel: "x", yLabel: "y", xAxis: .categories(["a", "b"]),
            series: [
                ChartSeries(
                    name: "<s>",
                    points: [ChartPoint(x: 0, y: 1, halfWidth: 0.5), ChartPoint(x: 1, y: 2, halfWidth: .nan)])
            ])
        let svg = chart.svg(id: "c")
        #expect(
            svg.contains("p95 &lt;target&gt; &amp; &quot;more&quot;") && !svg.contains("<target>")
                && svg.contains("&lt;s&gt;"))
        #expect(svg.components(separatedBy: "class=\"errorbar\"").count - 1 == 1)
        #expect(!chart.isEmpty)
        chart.series = [ChartSeries(name: "s", points: [ChartPoint(x: 0, y: .nan)])]
        #expect(chart.isEmpty)
    }

    @Test("a log axis leaves out x <= 0 rather than placing it anywhere")
    func logAxisDropsZero() {
        let chart = LineChart(
            title: "t", xLabel: "x", yLabel: "y", xAxis: .logSeconds,
            series: [
                ChartSeries(
                    name: "s", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 10, y: 2), ChartPoint(x: 100, y: 3)])
            ])
        #expect(chart.svg(id: "c").components(separatedBy: "<circle").count - 1 == 2)
    }
}

@Suite("SVG legends")
struct SVGLegendTests {
    @Test("long legend names wrap at commas, dots, equals signs and hyphens, and keep every character")
    func wraps() {
        let name = "pushServers.count=0, server.permanentCapReading=static-random"
        let lines = LineChart.wrap(name, width: 22)
        #expect(lines.count >= 3 && lines.allSatisfy { $0.count <= 30 })
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == name.replacingOccurrences(of: " ", with: ""))
        #expect(LineChart.wrap("short", width: 22) == ["short"])
    }
}
