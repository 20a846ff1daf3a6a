import Foundation

/// One point of a chart series: a value and, optionally, its confidence half-width.
public struct ChartPoint: Sendable {
    public var x: Double
    /// NaN breaks the line (an unknown value is not drawn, never guessed).
    public var y: Double
    /// Half-width of the point's confidence interval; NaN for none.
    public var halfWidth: Double

    public init(x: Double, y: Double, halfWidth: Double = .nan) {
        self.x = x
        self.y = y
        self.halfWidth = halfWidth
    }
}

/// A named line of a chart.
public struct ChartSeries: Sendable {
    public var name: String
    public var points: [ChartPoint]

    public init(name: String, points: [ChartPoint]) {
        self.name = name
        self.points = points
    }
}

/// A line chart written as a self-contained SVG element: axes with ticks and labels, one
/// line per series with its points and error bars, a legend; no script, no external file.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xAxis: ChartAxis
    public var yAxis: ChartAxis = .linear()
    /// A fixed y range (shares: 0...1); nil to fit the data (and its intervals).
    public var yRange: ClosedRange<Double>? = nil
    public var series: [ChartSeries]

    static let width = 760.0, height = 380.0
    static let left = 78.0, right = 190.0, top = 44.0, bottom = 58.0
    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public init(title: String, xLabel: String, yLabel: String, xAxis: ChartAxis, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xAxis = xAxis
        self.series = series
    }

    /// Whether a point can be drawn (finite x and y; x > 0 on a log axis).
    private func visible(_ p: ChartPoint) -> Bool {
        if case .logSeconds = xAxis, p.x <= 0 { return false }
        return p.x.isFinite && p.y.isFinite
    }

    /// The points that can be drawn.
    private var drawable: [ChartPoint] { series.flatMap(\.points).filter(visible) }

    /// Whether any point can be drawn.
    public var isEmpty: Bool { drawable.isEmpty }

    /// The chart as an `<svg>` element; `id` must be unique in the page.
    /// - Complexity: O(points)
    public func svg(id: String) -> String {
        let points = drawable
        let xs = points.map(\.x)
        var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
        if case .categories(let names) = xAxis { (x0, x1) = (-0.5, Double(max(names.count, 1)) - 0.5) }
        if x0 == x1 { (x0, x1) = (x0 - 1, x1 + 1) }
        var (y0, y1): (Double, Double)
        if let yRange {
            (y0, y1) = (yRange.lowerBound, yRange.upperBound)
        } else {
            let lows = points.map { $0.halfWidth.isFinite ? $0.y - $0.halfWidth : $0.y }
            let highs = points.map { $0.halfWidth.isFinite ? $0.y + $0.halfWidth : $0.y }
            (y0, y1) = (min(lows.min() ?? 0, 0), highs.max() ?? 1)
            if y0 == y1 { y1 = y0 + 1 }
            y1 += (y1 - y0) * 0.05
        }
        let plotW = LineChart.width - LineChart.left - LineChart.right
        let plotH = LineChart.height - LineChart.top - LineChart.bottom
        let tx0 = xAxis.transform(x0)
        let tx1 = xAxis.transform(x1)
        func px(_ x: Double) -> Double { LineChart.left + (xAxis.transform(x) - tx0) / (tx1 - tx0) * plotW }
        func py(_ y: Double) -> Double { LineChart.top + (1 - (y - y0) / (y1 - y0)) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = [
            "<svg class=\"figure\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(LineChart.width)) \(Int(LineChart.height))\" width=\"\(Int(LineChart.width))\" height=\"\(Int(LineChart.height))\" role=\"img\" aria-labelledby=\"\(id)-title\">"
        ]
        out.append("<title id=\"\(id)-title\">\(HTML.escape(title))</title>")
        out.append("<text x=\"\(f(LineChart.left))\" y=\"24\" class=\"chart-title\">\(HTML.escape(title))</text>")
        // Grid and ticks.
        for (value, label) in yAxis.ticks(from: y0, to: y1) {
            let y = py(value)
            out.append(
                "<line class=\"grid\" x1=\"\(f(LineChart.left))\" x2=\"\(f(LineChart.left + plotW))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            )
            out.append(
                "<text class=\"tick\" x=\"\(f(LineChart.left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(HTML.escape(label))</text>"
            )
        }
        for (value, label) in xAxis.ticks(from: x0, to: x1) {
            let x = px(value)
            out.append(
                "<line class=\"grid\" x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(LineChart.top))\" y2=\"\(f(LineChart.top + plotH))\"/>"
            )
            out.append(
                "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(LineChart.top + plotH + 16))\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
            )
        }
        out.append(
            "<rect class=\"frame\" x=\"\(f(LineChart.left))\" y=\"\(f(LineChart.top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\"/>"
        )
        out.append(
            "<text class=\"axis-label\" x=\"\(f(LineChart.left + plotW / 2))\" y=\"\(f(LineChart.height - 14))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        )
        out.append(
            "<text class=\"axis-label\" transform=\"translate(18 \(f(LineChart.top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        )
        // Series: lines broken at unknown values, points, error bars, legend.
        var legendY = LineChart.top + 8
        for (index, serie) in series.enumerated() {
            let colour = LineChart.palette[index % LineChart.palette.count]
            var segment: [String] = []
            var segments: [[String]] = []
            for p in serie.points {
                if visible(p) {
                    segment.append("\(f(px(p.x))),\(f(py(min(max(p.y, y0), y1))))")
                } else if !segment.isEmpty {
                    segments.append(segment)
                    segment = []
                }
            }
            if !segment.isEmpty { segments.append(segment) }
            out.append("<g class=\"series\" stroke=\"\(colour)\" fill=\"\(colour)\">")
            for s in segments where s.count > 1 {
                out.append("<polyline fill=\"none\" stroke-width=\"2\" points=\"\(s.joined(separator: " "))\"/>")
            }
            // Points are marked where they are few enough to tell apart (sweeps, reach curves).
            let marked = serie.points.count <= 60
            for p in serie.points where visible(p) {
                let x = px(p.x)
                let y = py(min(max(p.y, y0), y1))
                if p.halfWidth.isFinite, p.halfWidth > 0 {
                    let lo = py(max(p.y - p.halfWidth, y0))
                    let hi = py(min(p.y + p.halfWidth, y1))
                    out.append(
                        "<path class=\"errorbar\" fill=\"none\" stroke-width=\"1.2\" d=\"M\(f(x)) \(f(lo))V\(f(hi))M\(f(x - 4)) \(f(lo))H\(f(x + 4))M\(f(x - 4)) \(f(hi))H\(f(x + 4))\"/>"
                    )
                }
                if marked { out.append("<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"2.6\"/>") }
            }
            out.append("</g>")
            let ly = legendY
            let lines = LineChart.wrap(serie.name, width: 22)
            legendY += Double(lines.count) * 14 + 8
            out.append(
                "<line x1=\"\(f(LineChart.width - LineChart.right + 8))\" x2=\"\(f(LineChart.width - LineChart.right + 28))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            )
            let x = f(LineChart.width - LineChart.right + 33)
            out.append(
                "<text class=\"legend\" x=\"\(x)\" y=\"\(f(ly + 4))\">"
                    + lines.enumerated().map {
                        "<tspan x=\"\(x)\" dy=\"\($0.offset == 0 ? 0 : 14)\">\(HTML.escape($0.element))</tspan>"
                    }.joined() + "</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// `text` in lines of at most about `width` characters, broken after ",", ".", "=", "-" or a space.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var pieces: [String] = []
        var piece = ""
        for c in text {
            piece.append(c)
            if c == "," || c == "." || c == " " || c == "=" || c == "-" {
                pieces.append(piece)
                piece = ""
            }
        }
        if !piece.isEmpty { pieces.append(piece) }
        for p in pieces {
            if !line.isEmpty, line.count + p.count > width {
                lines.append(line.trimmingCharacters(in: .whitespaces))
                line = ""
            }
            line += p
        }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.append(line.trimmingCharacters(in: .whitespaces))
        }
        return lines.isEmpty ? [""] : lines
    }
}
