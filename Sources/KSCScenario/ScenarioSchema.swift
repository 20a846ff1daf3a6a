import KSCGSL
import KSCRandom
import KSCSupport

/// Every scenario key, declared once per section, in the order they are read and
/// written. README "Scenario files" shows these tables (a test checks that they match).
extension Scenario {
    /// The top level.
    public static let schema = SectionSchema<Scenario>([
        KeySpec("kscsimVersion", unit: "text", doc: "written into resolved scenarios; ignored on reading", shownDefault: "—",
                read: { _, _ in }, write: { _ in [YAMLEntry("kscsimVersion", .plain(KSCSimVersion.current))] }),
        KeySpec("kscsimBuild", unit: "text", doc: "the git commit of the kscsim that resolved the scenario (`-dirty`: with uncommitted changes); written, ignored on reading", shownDefault: "—",
                read: { _, _ in }, write: { _ in [YAMLEntry("kscsimBuild", .string(KSCSimVersion.build))] }),
        KeySpec("name", unit: "text", doc: "names the default output folder of `kscsim run`, `out/<name>/`", read: { r, s in
            s.name = try r.string("name", default: s.name)
            guard !s.name.isEmpty, !s.name.contains("/"), s.name != ".", s.name != ".." else {
                throw r.error("name", "\"\(s.name)\" must be a non-empty name without \"/\" (it names the output folder)")
            }
        }, write: { [YAMLEntry("name", .string($0.name))] }),
        KeySpec("question", unit: "text", doc: "the what-if the scenario answers, in a sentence or two; shown at the top of `kscsim report`", shownDefault: "`\"\"`",
                read: { r, s in s.question = try r.string("question", default: s.question) },
                write: { [YAMLEntry("question", .quoted($0.question))] }),
        KeySpec("horizon", unit: "duration", doc: "simulated time of one replication; time 0 is Monday 00:00; at most 36500d (100 years)", read: { r, s in
            s.horizon = try r.duration("horizon", default: s.horizon, positive: true)
            if s.horizon > Scenario.maximumHorizon {
                throw r.error("horizon", "\(DurationText.format(s.horizon)) is longer than 36500d (100 years), the longest horizon kscsim measures latencies over")
            }
        }, write: { [YAMLEntry("horizon", .plain(DurationText.format($0.horizon)))] }),
        .duration("warmup", \.warmup, doc: "statistics count only tasks launched and time after it (< horizon)"),
        .duration("drain", \.drain, doc: "no task launches in the last `drain` of the horizon, so that late launches can reach their devices (use it to avoid pairs cut off by the horizon)"),
        KeySpec("seed", unit: "integer 0…2⁶⁴−1", doc: "base seed", read: { r, s in
            guard let text = try r.text("seed") else { return }
            guard let value = UInt64(text.replacingUnderscores()) else { throw r.error("seed", "\"\(text)\" must be a whole number from 0 to 2^64-1") }
            s.seed = value
        }, write: { [YAMLEntry("seed", .plain(String($0.seed)))] }),
        .integer("replications", \.replications, min: 1, max: 1_000_000, doc: "independent replications"),
        KeySpec("generator", unit: "GSL name", doc: "random generator of every stream (any name GSL knows, e.g. `ranlxd2`)", read: { r, s in
            guard let text = try r.text("generator") else { return }
            do { s.generator = try RandomGenerator(named: text) } catch let e as InputError { throw r.error("generator", e.message) }
        }, write: { [YAMLEntry("generator", .plain($0.generator.name))] }),
    ] + serverKeys + [
        .section("pushServers", \.pushServers, schema: PushServerConfig.schema, doc: "push servers (below)"),
    ] + topologyKeys + [
        .list("classes", \.classes, schema: DeviceClass.schema, singular: "class", maximum: Limits.maximumClasses, defaultName: nil,
              doc: "device classes (below); at least one, at most 1,000"),
        .list("tasks", \.tasks, schema: TaskSpec.schema, singular: "task", maximum: Limits.maximumTasks, defaultName: { "task\($0 + 1)" },
              doc: "tasks (below); at most 10,000"),
    ], finish: { r, s in
        if s.warmup >= s.horizon {
            throw r.error("warmup", "\(DurationText.format(s.warmup)) must be shorter than the horizon (\(DurationText.format(s.horizon)))")
        }
        if s.drain > 0 && s.warmup + s.drain >= s.horizon {
            throw r.error("drain", "\(DurationText.format(s.drain)) leaves no time for launches after the warm-up (warmup + drain must be shorter than the horizon, \(DurationText.format(s.horizon)))")
        }
        guard !s.classes.isEmpty else {
            throw InputError("\(r.node("classes")?.location ?? r.location): classes: at least one device class is required")
        }
        var total = 0
        for c in s.classes {
            let (sum, overflow) = total.addingReportingOverflow(c.devices)
            guard !overflow, sum <= Limits.maximumDevices else {
                throw InputError("\(r.node("classes")?.location ?? r.location): classes: more than \(Limits.maximumDevices) devices in all; split the fleet into several scenarios")
            }
            total = sum
        }
        for task in s.tasks {
            let launches: Double
            switch task.schedule {
            case .at(let times): launches = Double(times.count)
            case .every(let period, _): launches = s.horizon / period
            case .poisson(let rate): launches = s.horizon * rate
            }
            guard launches <= Double(Limits.maximumLaunches) else {
                throw InputError("\(r.node("tasks")?.location ?? r.location): tasks.\(task.name): about \(Int(launches.rounded())) launches over the horizon; at most \(Limits.maximumLaunches) per replication")
            }
        }
        let names = s.classes.map(\.name), nameSet = Set(names)
        try checkTopology(r, s)
        for name in s.pushServers.classes where !nameSet.contains(name) {
            throw InputError("\(r.node("pushServers")?.location ?? r.location): pushServers.classes: no class named \"\(name)\"; classes: \(names.joined(separator: ", "))")
        }
        for task in s.tasks {
            for target in task.targets where !nameSet.contains(target) {
                throw InputError("\(r.node("tasks")?.location ?? r.location): tasks.\(task.name).targets: no class named \"\(target)\"; classes: \(names.joined(separator: ", "))")
            }
        }
    })
}

extension ServerConfig {
    /// `server`: the Administration Server.
    public static let schema = SectionSchema<ServerConfig>([
        .integer("syncWorkers", \.syncWorkers, min: 1, max: 1_000_000, doc: "sync sessions served at once (assumption)"),
        .distribution("syncService", \.syncService, doc: "time to process one sync session (assumption)"),
        .integer("backlog", \.backlog, min: 0, max: Limits.maximumCount, doc: "connections that may wait for a worker; one more is refused (assumption)"),
        .distribution("retryAfter", \.retryAfter, doc: "wait of an agent whose connection was refused before it tries again; mean > 0 (assumption)",
                      check: { Limits.periodProblem($0.mean).map { "\($0) (refused agents would retry at once, forever)" } }),
        .integer("permanentConnectionCap", \.permanentConnectionCap, min: 0, max: Limits.maximumCount, doc: "permanent (\"Keep connection\") connections held at once (KSC documentation)"),
        KeySpec("permanentCapReading", unit: "`dynamic`, `static-random` or `static-class-order`",
                doc: "reading of the cap (both documented): `dynamic`, at most cap connections at once, a device beyond it refused and asking again at each sync; `static-…`, at most cap devices ticked, chosen when the scenario starts at random or first classes first",
                read: { r, s in
            guard let text = try r.text("permanentCapReading") else { return }
            guard let value = PermanentCapReading(rawValue: text) else {
                throw r.error("permanentCapReading", "\"\(text)\" is not a reading; allowed: \(PermanentCapReading.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            s.permanentCapReading = value
        }, write: { [YAMLEntry("permanentCapReading", .plain($0.permanentCapReading.rawValue))] }),
        KeySpec("wakeSendRate", unit: "packets/s", doc: "UDP 15000 packets the server sends, at most 1,000,000 (assumption)", read: { r, s in
            s.wakeSendRate = try r.number("wakeSendRate", default: s.wakeSendRate, positive: true)
            if s.wakeSendRate > Limits.maximumWakeSendRate { throw r.error("wakeSendRate", "\(s.wakeSendRate.shortText) must be at most 1000000 packets/s") }
        }, write: { [YAMLEntry("wakeSendRate", .plain($0.wakeSendRate.shortText))] }),
        .integer("offlineAfterMissedSyncs", \.offlineAfterMissedSyncs, min: 1, max: 1000,
                 doc: "a silent device is marked off after this many mean sync intervals (KSC documentation: \"more than 3\")"),
        .duration("deadConnectionTimeout", \.deadConnectionTimeout, doc: "how long a silently dropped permanent connection keeps its slot (assumption)"),
        .duration("pushCost", \.pushCost, doc: "server time to push a task over a held connection (assumption)"),
        KeySpec("outages", unit: "list of `{start, duration}`", doc: "every connection refused, every permanent connection dropped, task launches deferred to the end", read: { r, s in
            s.outages = try Outage.list(r, "outages")
        }, write: { [YAMLEntry("outages", Outage.yaml($0.outages))] }),
    ])
}

extension PushServerConfig {
    /// `pushServers`: distribution points acting as push servers (KSC 13+).
    public static let schema = SectionSchema<PushServerConfig>([
        .integer("count", \.count, min: 0, max: 10_000, doc: "push servers (0: none)"),
        .integer("capacity", \.capacity, min: 1, max: Limits.maximumCount, unit: "connections", doc: "connections each holds at once (KSC documentation)"),
        KeySpec("classes", unit: "class names", doc: "classes whose devices hold a push-server connection instead of the server's permanent slots", read: { r, s in
            s.classes = try r.stringList("classes") ?? []
        }, write: { [YAMLEntry("classes", .flowList($0.classes.map { .string($0) }))] }),
    ], finish: { r, s in
        if s.count > 0 && s.classes.isEmpty { throw r.error("count", "push servers need a list of classes (pushServers.classes)") }
    })
}

extension DeviceClass {
    /// One element of `classes`.
    public static let schema = SectionSchema<DeviceClass>([
        KeySpec("name", unit: "text", doc: "unique; no `.` or `,`", shownDefault: "required", read: { r, s in
            s.name = try r.string("name", default: "")
        }, write: { [YAMLEntry("name", .string($0.name))] }),
        .integer("devices", \.devices, min: 0, max: 100_000_000, doc: "devices in the class"),
        .distribution("syncInterval", \.syncInterval, doc: "Network Agent sync interval (KSC default); mean at least 1ms",
                      check: { Limits.periodProblem($0.mean) }),
        .distribution("syncJitter", \.syncJitter, doc: "added to each interval; finite mean",
                      check: { $0.mean.isFinite ? nil : "must have a finite mean" }),
        KeySpec("availability", unit: "see below", doc: "when the devices are online", read: { r, s in
            if let node = r.node("availability") { s.availability = try Availability(node, path: r.qualified("availability"), baseDirectory: r.baseDirectory) }
        }, write: { [YAMLEntry("availability", $0.availability.yaml)] }),
        .fraction("keepConnection", \.keepConnection, doc: "devices with \"Keep connection\" ticked (exactly round(fraction × devices), chosen at random)"),
        .fraction("wakeReachable", \.wakeReachable, doc: "devices whose UDP 15000 the server can reach (assumption: NAT blocks it by default)"),
        .fraction("udpLoss", \.udpLoss, unit: "probability", doc: "loss of one UDP packet (assumption)"),
        .distribution("rtt", \.rtt, doc: "round-trip time device ↔ server (assumption)"),
        .fraction("shutdownNotice", \.shutdownNotice, doc: "clean shutdowns whose UDP 13000 notice reaches the server"),
        .fraction("abruptOff", \.abruptOff, doc: "going-offline events that drop the connection without a TCP close (no notice either)"),
    ] + topologyKeys, finish: { r, s in
        if let problem = Limits.periodProblem(s.syncInterval.mean + s.syncJitter.mean) {
            throw r.error("syncJitter", "syncInterval + syncJitter \(problem)")
        }
    })
}

extension TaskSpec {
    /// One element of `tasks`.
    public static let schema = SectionSchema<TaskSpec>([
        KeySpec("name", unit: "text", doc: "unique", shownDefault: "`taskN`", read: { r, s in
            s.name = try r.string("name", default: s.name)
        }, write: { [YAMLEntry("name", .string($0.name))] }),
        KeySpec("at", unit: "durations", doc: "launch at the listed times (only launches before the horizon happen)", shownDefault: "one of at, every, rate", read: { r, s in
            guard let items = try r.list("at") else { return }
            guard items.count <= Limits.maximumLaunches else { throw r.error("at", "\(items.count) launch times; at most \(Limits.maximumLaunches)") }
            s.schedule = .at(try items.map { item -> Double in
                guard let text = item.scalarText, let t = try? DurationText.seconds(text), t >= 0, t <= Scenario.maximumHorizon else {
                    throw InputError("\(item.location): \(r.qualified("at")): \"\(item.scalarText ?? "?")\" must be a time from 0 to 36500d (\(DurationText.allowed))")
                }
                return t
            }.sorted())
        }, write: { s in
            guard case .at(let times) = s.schedule else { return [] }
            return [YAMLEntry("at", .flowList(times.map { .plain(DurationText.format($0)) }))]
        }),
        KeySpec("every", unit: "duration", doc: "launch every period from `start`", shownDefault: "one of at, every, rate", read: { r, s in
            guard r.has("every") else { return }
            let period = try r.duration("every", default: 3600, positive: true)
            if let problem = Limits.periodProblem(period) { throw r.error("every", "\(DurationText.format(period)) \(problem.replacingOccurrences(of: "must have a finite mean of", with: "must be"))") }
            s.schedule = .every(period: period, start: try r.duration("start", default: 0))
        }, write: { s in
            guard case .every(let period, _) = s.schedule else { return [] }
            return [YAMLEntry("every", .plain(DurationText.format(period)))]
        }),
        KeySpec("start", unit: "duration", doc: "first launch, with `every`", shownDefault: "`0s`", read: { r, _ in
            if r.has("start") && !r.has("every") { throw r.error("start", "start goes with every") }
        }, write: { s in
            guard case .every(_, let start) = s.schedule else { return [] }
            return [YAMLEntry("start", .plain(DurationText.format(start)))]
        }),
        KeySpec("rate", unit: "launches per time", doc: "Poisson launches (`2/h`, `1/d`, or a plain number per second)", shownDefault: "one of at, every, rate", read: { r, s in
            guard let text = try r.text("rate") else { return }
            s.schedule = .poisson(rate: try TaskSpec.rate(text, reader: r))
        }, write: { s in
            guard case .poisson(let rate) = s.schedule else { return [] }
            return [YAMLEntry("rate", .plain("\((rate * 3600).shortText)/h"))]
        }),
        KeySpec("targets", unit: "`all` or class names", doc: "targeted classes", read: { r, s in
            if let text = r.node("targets")?.scalarText {
                guard text == "all" else { throw r.error("targets", "\"\(text)\" must be all or a list of class names") }
            } else {
                s.targets = try r.stringList("targets") ?? []
            }
        }, write: { [YAMLEntry("targets", $0.targets.isEmpty ? .plain("all") : .flowList($0.targets.map { .string($0) }))] }),
        .duration("randomizedDelay", \.randomizedDelay,
                  doc: "KSC's \"randomize the task start within an interval\": a device starts at max(delivery, launch + U(0, randomizedDelay))"),
    ], finish: { r, _ in
        let given = ["at", "every", "rate"].filter(r.has)
        guard given.count == 1 else {
            throw InputError("\(r.location): \(r.path): give exactly one of at (list of times), every (period) or rate (launches per time, e.g. 2/h)\(given.isEmpty ? "" : "; got \(given.joined(separator: " and "))")")
        }
    })

    /// `2/h`, `0.5/m`, `0.001` (per second) -> launches per second.
    static func rate(_ text: String, reader: MappingReader) throws -> Double {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingSpaces() }
        let per = parts.count == 2 ? (try? DurationText.seconds("1" + parts[1])) : 1
        guard let count = Double(parts[0]), count > 0, count.isFinite, let per, per > 0, (count / per).isFinite else {
            throw reader.error("rate", "\"\(text)\" must be launches per time > 0, e.g. 2/h, 1/d or 0.01 (per second)")
        }
        guard per / count >= Limits.minimumPeriod else {
            throw reader.error("rate", "\"\(text)\" is more than 1000 launches per second (the mean gap must be at least 1ms)")
        }
        return count / per
    }
}

/// An element of a list addressed by name (`classes.NAME`, `tasks.NAME`).
public protocol NamedElement: ScenarioSection {
    var name: String { get set }
}

extension DeviceClass: NamedElement {}
extension TaskSpec: NamedElement {}

extension KeySpec {
    /// A list of named elements read with `schema` (`classes`, `tasks`); each element's
    /// name is its address in key paths; names must be unique. Without `defaultName`
    /// every element needs a name (no `.` or `,`, which key paths and CSV use).
    static func list<Element: NamedElement>(_ name: String, _ path: WritableKeyPath<Section, [Element]> & Sendable,
                                            schema: SectionSchema<Element>, singular: String, maximum: Int,
                                            defaultName: (@Sendable (Int) -> String)?, doc: String, writeEmpty: Bool = true) -> KeySpec {
        KeySpec(name, unit: "list", doc: doc, shownDefault: defaultName == nil && writeEmpty ? "required" : "`[]`", read: { r, s in
            guard let items = try r.list(name) else { return }
            guard items.count <= maximum else { throw r.error(name, "\(items.count) elements; at most \(maximum)") }
            var elements: [Element] = []
            var seen = Set<String>()
            for (index, node) in items.enumerated() {
                let nameNode = node.entry("name")
                if let nameNode, nameNode.scalarText == nil {
                    throw InputError("\(nameNode.location): \(name): a \(singular) name must be plain text, not a list or mapping")
                }
                let given = nameNode?.scalarText ?? ""
                if defaultName == nil {
                    guard !given.isEmpty, !given.contains("."), !given.contains(",") else {
                        throw InputError("\(node.location): \(name): each \(singular) needs a name without \".\" or \",\" (got \"\(given)\")")
                    }
                }
                let elementName = nameNode == nil ? defaultName?(index) ?? "" : given
                let reader = try MappingReader(node, path: "\(name).\(elementName)", allowed: schema.names, baseDirectory: r.baseDirectory)
                var element = try schema.read(reader)
                element.name = elementName
                guard seen.insert(elementName).inserted else {
                    throw InputError("\(node.location): \(name).\(elementName): \(singular) name used twice")
                }
                elements.append(element)
            }
            s[keyPath: path] = elements
        }, write: {
            let list = $0[keyPath: path]
            return list.isEmpty && !writeEmpty ? [] : [YAMLEntry(name, .blockList(list.map { .blockMap(schema.entries(of: $0)) }))]
        })
    }
}
