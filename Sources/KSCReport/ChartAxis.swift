import Foundation
import KSCRandom

/// How a chart maps values to positions along one axis, and where its ticks go.
public enum ChartAxis: Sendable {
    /// Numbers, linear, ticks at 1-2-5 steps; `percent` labels shares 0–1 as percentages.
    case linear(percent: Bool = false)
    /// Durations in seconds, linear, ticks at round durations (`6h`, `1d`).
    case seconds
    /// Durations in seconds on a log scale (from 1 s), ticks at round durations.
    case logSeconds
    /// Named points 0, 1, 2, … (text values of a sweep key).
    case categories([String])

    /// Position of `value` on the axis before scaling (log10 for `logSeconds`).
    func transform(_ value: Double) -> Double {
        if case .logSeconds = self { return log10(max(value, 1e-3)) }
        return value
    }

    /// Ticks (value, label) between `low` and `high` (untransformed values).
    /// - Complexity: O(ticks)
    func ticks(from low: Double, to high: Double) -> [(Double, String)] {
        switch self {
        case .categories(let names):
            return names.enumerated().map { (Double($0.offset), $0.element) }
        case .logSeconds:
            let marks: [Double] = [1, 10, 60, 900, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400]
            return marks.filter { $0 >= low * 0.999 && $0 <= high * 1.001 }.map { ($0, DurationText.format($0)) }
        case .seconds:
            let steps: [Double] = [
                1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800, 2_592_000,
            ]
            let step = steps.first { (high - low) / $0 <= 8 } ?? (high - low) / 8
            return stride(from: (low / step).rounded(.up) * step, through: high + step * 1e-9, by: step).map {
                ($0, DurationText.format($0))
            }
        case .linear(let percent):
            let step = ChartAxis.niceStep((high - low) / 5)
            return stride(from: (low / step).rounded(.up) * step, through: high + step * 1e-9, by: step).map {
                let v = abs($0) < step * 1e-9 ? 0 : $0
                return (v, percent ? ChartAxis.percent(v) : ChartAxis.number(v))
            }
        }
    }

    /// The 1, 2 or 5 × 10^k at or above `raw` (1 when `raw` is not positive).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        return ([1.0, 2, 5, 10].first { $0 * power >= raw * 0.999 } ?? 10) * power
    }

    /// A share 0–1 as a percentage, e.g. `95%`, `99.5%`.
    static func percent(_ share: Double) -> String {
        let p = (share * 100 * 1e6).rounded() / 1e6
        return (p == p.rounded() ? String(Int(p.rounded())) : String(format: "%.1f", p)) + "%"
    }

    /// A number with up to 4 significant digits and no trailing zeros (`1,200` as `1200`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        var text = String(format: "%.4g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
