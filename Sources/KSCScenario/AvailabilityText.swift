import KSCRandom
import KSCSupport

extension Availability {
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    init(_ node: ConfigNode, path: String, baseDirectory: String?) throws {
        if let text = node.scalarText {
            guard text == "always" else {
                throw InputError(
                    "\(node.location): \(path): \"\(text)\" is not an availability; allowed: always, {type: onoff, on: D, off: D}, {type: weekly, days: mon-fri, start: \"08:00\", startSpread: 90m, end: \"18:00\", endSpread: 0s}"
                )
            }
            self = .always
            return
        }
        let type = node.entryText("type") ?? ""
        switch type {
        case "always":
            _ = try MappingReader(node, path: path, allowed: ["type"], baseDirectory: baseDirectory)
            self = .always
        case "onoff":
            let r = try MappingReader(node, path: path, allowed: ["type", "on", "off"], baseDirectory: baseDirectory)
            guard r.has("on"), r.has("off") else {
                throw InputError("\(node.location): \(path): onoff needs on and off durations")
            }
            let on = try r.distribution("on", default: .constant(0))
            let off = try r.distribution("off", default: .constant(0))
            if let problem = Limits.periodProblem(on) { throw r.error("on", "\(on) \(problem)") }
            if let problem = Limits.periodProblem(off) { throw r.error("off", "\(off) \(problem)") }
            self = .onOff(on: on, off: off)
        case "weekly":
            let r = try MappingReader(
                node, path: path, allowed: ["type", "days", "start", "startSpread", "end", "endSpread"],
                baseDirectory: baseDirectory)
            let days = try Availability.days(r.text("days") ?? "mon-fri", reader: r)
            let start = try Availability.timeOfDay(r.text("start") ?? "08:00", key: "start", reader: r)
            let end = try Availability.timeOfDay(r.text("end") ?? "18:00", key: "end", reader: r)
            let startSpread = try r.duration("startSpread", default: 0)
            let endSpread = try r.duration("endSpread", default: 0)
            guard start + startSpread < end else {
                throw r.error("end", "the working day must end after start + startSpread")
            }
            guard end + endSpread <= 86400 else {
                throw r.error("endSpread", "end + endSpread must stay within the day")
            }
            self = .weekly(days: days, start: start, startSpread: startSpread, end: end, endSpread: endSpread)
        default:
            throw InputError(
                "\(node.location): \(path).type: \"\(type)\" is not an availability type; allowed: always, onoff, weekly"
            )
        }
    }

    /// `mon-fri`, `mon,wed,fri`, `sat-sun` -> day indices (0 = Monday).
    static func days(_ text: String, reader: MappingReader) throws -> [Int] {
        var days: [Int] = []
        for part in text.lowercased().split(separator: ",").map({ $0.trimmingSpaces() }) {
            let bounds = part.split(separator: "-").map { String($0) }
            guard (1...2).contains(bounds.count), let a = dayNames.firstIndex(of: bounds[0]),
                let b = dayNames.firstIndex(of: bounds.last!), a <= b
            else {
                throw reader.error(
                    "days",
                    "\"\(text)\" is not a list of days; write e.g. mon-fri or mon,wed,fri (days: \(dayNames.joined(separator: ", ")))"
                )
            }
            days.append(contentsOf: a...b)
        }
        guard !days.isEmpty else {
            throw reader.error(
                "days",
                "\"\(text)\" names no day; write e.g. mon-fri or mon,wed,fri (days: \(dayNames.joined(separator: ", ")))"
            )
        }
        return Array(Set(days)).sorted()
    }

    /// `08:00` -> 28800.
    static func timeOfDay(_ text: String, key: String, reader: MappingReader) throws -> Double {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
            (0..<60).contains(m), h * 60 + m <= 1440
        else {
            throw reader.error(key, "\"\(text)\" must be a time of day HH:MM from 00:00 to 24:00")
        }
        return Double(h * 3600 + m * 60)
    }
}

extension Availability {
    /// The availability as YAML (a flow mapping, or `always`).
    var yaml: YAMLValue {
        let d = DurationText.format
        switch self {
        case .always:
            return .plain("always")
        case .onOff(let on, let off):
            return .flowMap([
                YAMLEntry("type", .plain("onoff")), YAMLEntry("on", .string(on.description)),
                YAMLEntry("off", .string(off.description)),
            ])
        case .weekly(let days, let start, let startSpread, let end, let endSpread):
            return .flowMap([
                YAMLEntry("type", .plain("weekly")),
                YAMLEntry("days", .quoted(days.map { Availability.dayNames[$0] }.joined(separator: ","))),
                YAMLEntry("start", .quoted(Availability.clock(start))),
                YAMLEntry("startSpread", .plain(d(startSpread))),
                YAMLEntry("end", .quoted(Availability.clock(end))), YAMLEntry("endSpread", .plain(d(endSpread))),
            ])
        }
    }

    /// 28800 -> `08:00`.
    static func clock(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
