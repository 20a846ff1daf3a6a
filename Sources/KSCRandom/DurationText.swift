import CGSL
import KSCGSL
import KSCSupport

/// Durations as architects write them: `250ms`, `30s`, `15m`, `8h`, `7d`, or a plain
/// number of seconds.
public enum DurationText {
    /// Units and their length in seconds, longest suffix first.
    static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400),
    ]

    /// What the parser accepts, for error messages.
    public static let allowed =
        "a number with a unit ms, s, m, h or d (plain numbers are seconds), e.g. 250ms, 30s, 15m"

    /// Seconds in one `unit` (`ms`, `s`, `m`, `h`, `d`), nil for anything else.
    public static func unitSeconds(_ unit: String) -> Double? {
        units.first { $0.suffix == unit }?.seconds
    }

    /// Parses `text` into seconds (may be negative; callers check ranges).
    /// - Throws: `InputError` quoting the text when it is not a duration.
    public static func seconds(_ text: String) throws -> Double {
        let trimmed = text.trimmingSpaces()
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number.trimmingSpaces()), value.isFinite,
            number.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true
        else {
            throw InputError("invalid duration \"\(text)\": expected \(allowed)")
        }
        guard (value * scale).isFinite else { throw InputError("invalid duration \"\(text)\": too large") }
        // Milliseconds by division: 72ms is exactly the double nearest 0.072 (72 × 0.001 is not),
        // so that the text `format` writes reads back to the same value.
        return scale == 0.001 ? value / 1000 : value * scale
    }

    /// An exact text for `seconds` in the largest whole unit: `15m`, `40ms`, `7d`; else seconds (`1.5s`).
    public static func format(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        for unit in [("d", 86400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0)] {
            let value = seconds / unit.1
            if value != 0, value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))\(unit.0)" }
        }
        let ms = seconds * 1000
        if abs(seconds) < 1, ms == ms.rounded(), ms / 1000 == seconds { return "\(Int(ms))ms" }
        return "\(seconds)s"
    }
}
