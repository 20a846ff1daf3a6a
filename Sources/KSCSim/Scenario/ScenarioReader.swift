import Foundation

extension Scenario {
    static let topKeys = ["name", "horizon", "warmup", "seed", "replications", "generator", "server", "pushServers",
                          "classes", "tasks", "kscsimVersion", "sweep"]
    static let serverKeys = ["syncWorkers", "syncService", "backlog", "retryAfter", "permanentConnectionCap", "wakeSendRate",
                             "offlineAfterMissedSyncs", "deadConnectionTimeout", "pushCost", "outages"]
    static let pushKeys = ["count", "capacity", "classes"]
    static let classKeys = ["name", "devices", "syncInterval", "syncJitter", "availability", "keepConnection", "wakeReachable",
                            "udpLoss", "rtt", "shutdownNotice", "abruptOff"]
    static let taskKeys = ["name", "at", "every", "start", "rate", "targets", "randomizedDelay"]

    /// Reads a scenario file, applies `--set` overrides and checks every value.
    /// - Parameters:
    ///   - path: the YAML file.
    ///   - overrides: `key.path=value` texts, applied in order.
    /// - Throws: `InputError` naming the file, line, key and value, and what is allowed.
    public static func load(path: String, overrides: [String] = []) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the scenario file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(path): the scenario file is not UTF-8 text")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, origin: path, baseDirectory: base.isEmpty ? "." : base, overrides: overrides)
    }

    /// Parses a scenario from YAML text; see `load(path:overrides:)`.
    public static func parse(yaml: String, origin: String, baseDirectory: String? = nil, overrides: [String] = []) throws -> Scenario {
        var root = try ConfigNode.parse(yaml: yaml, origin: origin) ?? .mapping([], SourceLocation(origin: origin, line: 1))
        for override in overrides {
            root = try apply(override: override, to: root)
        }
        return try Scenario(root, baseDirectory: baseDirectory)
    }

    /// Applies one `key.path=value` override; the value is read as YAML.
    static func apply(override: String, to root: ConfigNode) throws -> ConfigNode {
        let flag = "--set \(override)"
        guard let eq = override.firstIndex(of: "=") else {
            throw InputError("\(flag): expected key.path=value, e.g. classes.remote.wakeReachable=0.5")
        }
        let keyPath = String(override[..<eq]).trimmingSpaces()
        let segments = keyPath.split(separator: ".", omittingEmptySubsequences: false)
        guard !keyPath.isEmpty, !segments.contains(where: \.isEmpty) else {
            throw InputError("\(flag): \"\(keyPath)\" is not a key path; expected names separated by dots")
        }
        let valueText = String(override[override.index(after: eq)...])
        let location = SourceLocation(origin: flag, line: nil)
        let parsed = try ConfigNode.parse(yaml: valueText, origin: flag) ?? .scalar("", location)
        return try root.setting(segments, to: relocated(parsed, to: location), fullPath: keyPath)
    }

    private static func relocated(_ node: ConfigNode, to location: SourceLocation) -> ConfigNode {
        switch node {
        case .scalar(let text, _): return .scalar(text, location)
        case .sequence(let items, _): return .sequence(items.map { relocated($0, to: location) }, location)
        case .mapping(let entries, _):
            return .mapping(entries.map { ConfigEntry(key: $0.key, keyLocation: location, value: relocated($0.value, to: location)) }, location)
        }
    }

    init(_ root: ConfigNode, baseDirectory: String?) throws {
        self.init()
        let top = try MappingReader(root, path: "", allowed: Scenario.topKeys, baseDirectory: baseDirectory)
        name = try top.string("name", default: "scenario")
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw top.error("name", "\"\(name)\" must be a non-empty name without \"/\" (it names the output folder)")
        }
        horizon = try top.duration("horizon", default: horizon, positive: true)
        warmup = try top.duration("warmup", default: 0)
        if warmup >= horizon {
            throw top.error("warmup", "\(DurationText.format(warmup)) must be shorter than the horizon (\(DurationText.format(horizon)))")
        }
        if let text = try top.text("seed") {
            guard let value = UInt64(text.replacingUnderscores()) else { throw top.error("seed", "\"\(text)\" must be a whole number from 0 to 2^64-1") }
            seed = value
        }
        replications = try top.integer("replications", default: 1, minimum: 1, maximum: 1_000_000)
        if let text = try top.text("generator") {
            do { generator = try RandomGenerator(named: text) } catch let e as InputError { throw top.error("generator", e.message) }
        }
        if let node = top.node("server") { server = try ServerConfig(node, baseDirectory: baseDirectory) }
        guard let classNodes = try top.list("classes"), !classNodes.isEmpty else {
            throw InputError("\(top.node("classes")?.location ?? top.location): classes: at least one device class is required")
        }
        for node in classNodes {
            let deviceClass = try DeviceClass(node, baseDirectory: baseDirectory)
            if classes.contains(where: { $0.name == deviceClass.name }) {
                throw InputError("\(node.location): classes.\(deviceClass.name): class name used twice")
            }
            classes.append(deviceClass)
        }
        let classNames = classes.map(\.name)
        if let node = top.node("pushServers") {
            pushServers = try PushServerConfig(node, classNames: classNames, baseDirectory: baseDirectory)
        }
        for node in try top.list("tasks") ?? [] {
            let task = try TaskSpec(node, index: tasks.count, classNames: classNames, baseDirectory: baseDirectory)
            if tasks.contains(where: { $0.name == task.name }) {
                throw InputError("\(node.location): tasks.\(task.name): task name used twice")
            }
            tasks.append(task)
        }
    }
}

extension ServerConfig {
    init(_ node: ConfigNode, baseDirectory: String?) throws {
        self.init()
        let r = try MappingReader(node, path: "server", allowed: Scenario.serverKeys, baseDirectory: baseDirectory)
        syncWorkers = try r.integer("syncWorkers", default: syncWorkers, minimum: 1, maximum: 1_000_000)
        syncService = try r.distribution("syncService", default: syncService)
        backlog = try r.integer("backlog", default: backlog, minimum: 0)
        retryAfter = try r.distribution("retryAfter", default: retryAfter)
        if !(retryAfter.mean > 0) || !retryAfter.mean.isFinite {
            throw r.error("retryAfter", "\(retryAfter) must have a finite mean > 0 (refused agents would retry at once, forever)")
        }
        permanentConnectionCap = try r.integer("permanentConnectionCap", default: permanentConnectionCap, minimum: 0)
        wakeSendRate = try r.number("wakeSendRate", default: wakeSendRate, positive: true)
        offlineAfterMissedSyncs = try r.integer("offlineAfterMissedSyncs", default: offlineAfterMissedSyncs, minimum: 1, maximum: 1000)
        deadConnectionTimeout = try r.duration("deadConnectionTimeout", default: deadConnectionTimeout)
        pushCost = try r.duration("pushCost", default: pushCost)
        for item in try r.list("outages") ?? [] {
            let o = try MappingReader(item, path: "server.outages", allowed: ["start", "duration"], baseDirectory: baseDirectory)
            guard o.has("start"), o.has("duration") else {
                throw InputError("\(item.location): server.outages: each outage needs start and duration, e.g. {start: 2d, duration: 1h}")
            }
            outages.append(Outage(start: try o.duration("start", default: 0), duration: try o.duration("duration", default: 0, positive: true)))
        }
        outages.sort { $0.start < $1.start }
        for (a, b) in zip(outages, outages.dropFirst()) where b.start < a.start + a.duration {
            throw r.error("outages", "outages overlap (one starts at \(DurationText.format(b.start)) before the previous ends)")
        }
    }
}

extension PushServerConfig {
    init(_ node: ConfigNode, classNames: [String], baseDirectory: String?) throws {
        self.init()
        let r = try MappingReader(node, path: "pushServers", allowed: Scenario.pushKeys, baseDirectory: baseDirectory)
        count = try r.integer("count", default: count, minimum: 0, maximum: 10_000)
        capacity = try r.integer("capacity", default: capacity, minimum: 1)
        classes = try r.stringList("classes") ?? []
        for name in classes where !classNames.contains(name) {
            throw r.error("classes", "no class named \"\(name)\"; classes: \(classNames.joined(separator: ", "))")
        }
        if count > 0 && classes.isEmpty { throw r.error("count", "push servers need a list of classes (pushServers.classes)") }
    }
}

extension DeviceClass {
    init(_ node: ConfigNode, baseDirectory: String?) throws {
        let name = node.entryText("name") ?? ""
        guard !name.isEmpty, !name.contains("."), !name.contains(",") else {
            throw InputError("\(node.location): classes: each class needs a name without \".\" or \",\" (got \"\(name)\")")
        }
        self.init(name: name)
        let r = try MappingReader(node, path: "classes.\(name)", allowed: Scenario.classKeys, baseDirectory: baseDirectory)
        devices = try r.integer("devices", default: 0, minimum: 0, maximum: 100_000_000)
        syncInterval = try r.distribution("syncInterval", default: syncInterval)
        if !(syncInterval.mean > 0) || !syncInterval.mean.isFinite {
            throw r.error("syncInterval", "\(syncInterval) must have a finite mean > 0")
        }
        syncJitter = try r.distribution("syncJitter", default: syncJitter)
        if let node = r.node("availability") { availability = try Availability(node, path: "classes.\(name).availability", baseDirectory: baseDirectory) }
        keepConnection = try r.fraction("keepConnection", default: keepConnection)
        wakeReachable = try r.fraction("wakeReachable", default: wakeReachable)
        udpLoss = try r.fraction("udpLoss", default: udpLoss)
        rtt = try r.distribution("rtt", default: rtt)
        shutdownNotice = try r.fraction("shutdownNotice", default: shutdownNotice)
        abruptOff = try r.fraction("abruptOff", default: abruptOff)
    }
}

extension Availability {
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    init(_ node: ConfigNode, path: String, baseDirectory: String?) throws {
        if let text = node.scalarText {
            guard text == "always" else {
                throw InputError("\(node.location): \(path): \"\(text)\" is not an availability; allowed: always, {type: onoff, on: D, off: D}, {type: weekly, days: mon-fri, start: \"08:00\", startSpread: 90m, end: \"18:00\", endSpread: 0s}")
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
            guard r.has("on"), r.has("off") else { throw InputError("\(node.location): \(path): onoff needs on and off durations") }
            let on = try r.distribution("on", default: .constant(0)), off = try r.distribution("off", default: .constant(0))
            guard on.mean > 0, off.mean > 0 else { throw InputError("\(node.location): \(path): on and off must have means > 0") }
            self = .onOff(on: on, off: off)
        case "weekly":
            let r = try MappingReader(node, path: path, allowed: ["type", "days", "start", "startSpread", "end", "endSpread"], baseDirectory: baseDirectory)
            let days = try Availability.days(r.text("days") ?? "mon-fri", reader: r)
            let start = try Availability.timeOfDay(r.text("start") ?? "08:00", key: "start", reader: r)
            let end = try Availability.timeOfDay(r.text("end") ?? "18:00", key: "end", reader: r)
            let startSpread = try r.duration("startSpread", default: 0)
            let endSpread = try r.duration("endSpread", default: 0)
            guard start + startSpread < end else {
                throw r.error("end", "the working day must end after start + startSpread")
            }
            guard end + endSpread <= 86400 else { throw r.error("endSpread", "end + endSpread must stay within the day") }
            self = .weekly(days: days, start: start, startSpread: startSpread, end: end, endSpread: endSpread)
        default:
            throw InputError("\(node.location): \(path).type: \"\(type)\" is not an availability type; allowed: always, onoff, weekly")
        }
    }

    /// `mon-fri`, `mon,wed,fri`, `sat-sun` -> day indices (0 = Monday).
    static func days(_ text: String, reader: MappingReader) throws -> [Int] {
        var days: [Int] = []
        for part in text.lowercased().split(separator: ",").map({ $0.trimmingSpaces() }) {
            let bounds = part.split(separator: "-").map { String($0) }
            guard (1...2).contains(bounds.count), let a = dayNames.firstIndex(of: bounds[0]), let b = dayNames.firstIndex(of: bounds.last!), a <= b else {
                throw reader.error("days", "\"\(text)\" is not a list of days; write e.g. mon-fri or mon,wed,fri (days: \(dayNames.joined(separator: ", ")))")
            }
            days.append(contentsOf: a...b)
        }
        guard !days.isEmpty else {
            throw reader.error("days", "\"\(text)\" names no day; write e.g. mon-fri or mon,wed,fri (days: \(dayNames.joined(separator: ", ")))")
        }
        return Array(Set(days)).sorted()
    }

    /// `08:00` -> 28800.
    static func timeOfDay(_ text: String, key: String, reader: MappingReader) throws -> Double {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
            throw reader.error(key, "\"\(text)\" must be a time of day HH:MM from 00:00 to 24:00")
        }
        return Double(h * 3600 + m * 60)
    }
}

extension TaskSpec {
    init(_ node: ConfigNode, index: Int, classNames: [String], baseDirectory: String?) throws {
        let name = node.entryText("name") ?? "task\(index + 1)"
        self.init(name: name)
        let r = try MappingReader(node, path: "tasks.\(name)", allowed: Scenario.taskKeys, baseDirectory: baseDirectory)
        let given = ["at", "every", "rate"].filter(r.has)
        guard given.count == 1 else {
            throw InputError("\(node.location): tasks.\(name): give exactly one of at (list of times), every (period) or rate (launches per time, e.g. 2/h)\(given.isEmpty ? "" : "; got \(given.joined(separator: " and "))")")
        }
        if r.has("start") && given[0] != "every" { throw r.error("start", "start goes with every") }
        switch given[0] {
        case "at":
            let items = try r.list("at") ?? []
            let times = try items.map { item -> Double in
                guard let text = item.scalarText, let t = try? DurationText.seconds(text), t >= 0 else {
                    throw InputError("\(item.location): tasks.\(name).at: \"\(item.scalarText ?? "?")\" must be a time >= 0 (\(DurationText.allowed))")
                }
                return t
            }
            schedule = .at(times.sorted())
        case "every":
            schedule = .every(period: try r.duration("every", default: 3600, positive: true), start: try r.duration("start", default: 0))
        default:
            let text = try r.text("rate") ?? ""
            schedule = .poisson(rate: try TaskSpec.rate(text, reader: r))
        }
        if let text = r.node("targets")?.scalarText {
            guard text == "all" else { throw r.error("targets", "\"\(text)\" must be all or a list of class names") }
        } else {
            targets = try r.stringList("targets") ?? []
            for target in targets where !classNames.contains(target) {
                throw r.error("targets", "no class named \"\(target)\"; classes: \(classNames.joined(separator: ", "))")
            }
        }
        randomizedDelay = try r.duration("randomizedDelay", default: 0)
    }

    /// `2/h`, `0.5/m`, `0.001` (per second) -> launches per second.
    static func rate(_ text: String, reader: MappingReader) throws -> Double {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingSpaces() }
        let per = parts.count == 2 ? (try? DurationText.seconds("1" + parts[1])) : 1
        guard let count = Double(parts[0]), count > 0, count.isFinite, let per, per > 0 else {
            throw reader.error("rate", "\"\(text)\" must be launches per time > 0, e.g. 2/h, 1/d or 0.01 (per second)")
        }
        return count / per
    }
}
