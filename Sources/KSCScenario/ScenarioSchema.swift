import KSCGSL
import KSCRandom
import KSCSupport

/// Every scenario key, declared once per section, in the order they are read and
/// written. docs/reference/scenario-keys.md shows these tables (a test checks that they match).
extension Scenario {
    /// The top level.
    public static let schema = SectionSchema<Scenario>(
        [
            KeySpec(
                "kscsimVersion", unit: "text", doc: "written into resolved scenarios; ignored on reading",
                shownDefault: "—",
                read: { _, _ in }, write: { _ in [YAMLEntry("kscsimVersion", .plain(KSCSimVersion.current))] }),
            KeySpec(
                "kscsimBuild", unit: "text",
                doc:
                    "the git commit of the kscsim that resolved the scenario (`-dirty`: with uncommitted changes); written, ignored on reading",
                shownDefault: "—",
                read: { _, _ in }, write: { _ in [YAMLEntry("kscsimBuild", .string(KSCSimVersion.build))] }),
            KeySpec(
                "name", unit: "text", doc: "names the default output folder of `kscsim run`, `out/<name>/`",
                read: { r, s in
                    s.name = try r.string("name", default: s.name)
                    guard !s.name.isEmpty, !s.name.contains("/"), s.name != ".", s.name != ".." else {
                        throw r.error(
                            "name", "\"\(s.name)\" must be a non-empty name without \"/\" (it names the output folder)")
                    }
                }, write: { [YAMLEntry("name", .string($0.name))] }),
            KeySpec(
                "question", unit: "text",
                doc: "the what-if the scenario answers, in a sentence or two; shown at the top of `kscsim report`",
                shownDefault: "`\"\"`",
                read: { r, s in s.question = try r.string("question", default: s.question) },
                write: { [YAMLEntry("question", .quoted($0.question))] }),
            KeySpec(
                "horizon", unit: "duration",
                doc: "simulated time of one replication; time 0 is Monday 00:00; at most 36500d (100 years)",
                read: { r, s in
                    s.horizon = try r.duration("horizon", default: s.horizon, positive: true)
                    if s.horizon > Scenario.maximumHorizon {
                        throw r.error(
                            "horizon",
                            "\(DurationText.format(s.horizon)) is longer than 36500d (100 years), the longest horizon kscsim measures latencies over"
                        )
                    }
                }, write: { [YAMLEntry("horizon", .plain(DurationText.format($0.horizon)))] }),
            .duration("warmup", \.warmup, doc: "statistics count only tasks launched and time after it (< horizon)"),
            .duration(
                "drain", \.drain,
                doc:
                    "no task launches in the last `drain` of the horizon, so that late launches can reach their devices (use it to avoid pairs cut off by the horizon)"
            ),
            .fraction(
                "saturationLimit", \.saturationLimit, unit: "share 0–1",
                doc:
                    "a run is said saturated (stderr, `saturated` column, report, selection.md) when a server or gateway spent more than this share of its time after the warm-up at or above 95% utilization, in 1-minute windows"
            ),
            KeySpec(
                "seed", unit: "integer 0…2⁶⁴−1", doc: "base seed",
                read: { r, s in
                    guard let text = try r.text("seed") else { return }
                    guard let value = UInt64(text.replacingUnderscores()) else {
                        throw r.error("seed", "\"\(text)\" must be a whole number from 0 to 2^64-1")
                    }
                    s.seed = value
                }, write: { [YAMLEntry("seed", .plain(String($0.seed)))] }),
            .integer("replications", \.replications, min: 1, max: 1_000_000, doc: "independent replications"),
            KeySpec(
                "generator", unit: "GSL name",
                doc: "random generator of every stream (any name GSL knows, e.g. `ranlxd2`)",
                read: { r, s in
                    guard let text = try r.text("generator") else { return }
                    do { s.generator = try RandomGenerator(named: text) } catch let e as InputError {
                        throw r.error("generator", e.message)
                    }
                }, write: { [YAMLEntry("generator", .plain($0.generator.name))] }),
        ] + serverKeys + [
            .section("pushServers", \.pushServers, schema: PushServerConfig.schema, doc: "push servers (below)"),
            KeySpec(
                "fcm", unit: "mapping",
                doc:
                    "Google Firebase Cloud Messaging, through which Android classes with `fcm` are forced to sync (below); written when the scenario has an Android class",
                shownDefault: "see below",
                read: { r, s in
                    if let node = r.node("fcm") {
                        s.fcm = try FCMConfig.schema.read(
                            node, path: r.qualified("fcm"), baseDirectory: r.baseDirectory)
                    }
                },
                write: { s in
                    s.classes.contains { $0.kind == .mobile && $0.platform == .android } || s.fcm != FCMConfig()
                        ? [YAMLEntry("fcm", .blockMap(FCMConfig.schema.entries(of: s.fcm)))] : []
                }),
            .section("traffic", \.traffic, schema: TrafficConfig.schema, doc: "bytes of sync sessions (below)"),
        ] + topologyKeys + [
            .list(
                "classes", \.classes, schema: DeviceClass.schema, singular: "class", maximum: Limits.maximumClasses,
                defaultName: nil,
                doc: "device classes (below); at least one, at most 1,000"),
            .list(
                "tasks", \.tasks, schema: TaskSpec.schema, singular: "task", maximum: Limits.maximumTasks,
                defaultName: { "task\($0 + 1)" },
                doc: "tasks (below); at most 10,000"),
        ],
        finish: { r, s in
            if s.warmup >= s.horizon {
                throw r.error(
                    "warmup",
                    "\(DurationText.format(s.warmup)) must be shorter than the horizon (\(DurationText.format(s.horizon)))"
                )
            }
            if s.drain > 0 && s.warmup + s.drain >= s.horizon {
                throw r.error(
                    "drain",
                    "\(DurationText.format(s.drain)) leaves no time for launches after the warm-up (warmup + drain must be shorter than the horizon, \(DurationText.format(s.horizon)))"
                )
            }
            guard !s.classes.isEmpty else {
                throw InputError(
                    "\(r.node("classes")?.location ?? r.location): classes: at least one device class is required")
            }
            var total = 0
            for c in s.classes {
                let (sum, overflow) = total.addingReportingOverflow(c.devices)
                guard !overflow, sum <= Limits.maximumDevices else {
                    throw InputError(
                        "\(r.node("classes")?.location ?? r.location): classes: more than \(Limits.maximumDevices) devices in all; split the fleet into several scenarios"
                    )
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
                    throw InputError(
                        "\(r.node("tasks")?.location ?? r.location): tasks.\(task.name): about \(Int(launches.rounded())) launches over the horizon; at most \(Limits.maximumLaunches) per replication"
                    )
                }
            }
            let names = s.classes.map(\.name)
            let nameSet = Set(names)
            try checkTopology(r, s)
            for name in s.pushServers.classes where s.classes.first(where: { $0.name == name })?.kind == .mobile {
                throw InputError(
                    "\(r.node("pushServers")?.location ?? r.location): pushServers.classes: \"\(name)\" is a mobile class; mobile devices hold no push-server connection"
                )
            }
            for name in s.pushServers.classes where !nameSet.contains(name) {
                throw InputError(
                    "\(r.node("pushServers")?.location ?? r.location): pushServers.classes: no class named \"\(name)\"; classes: \(names.joined(separator: ", "))"
                )
            }
            for task in s.tasks {
                for target in task.targets where !nameSet.contains(target) {
                    throw InputError(
                        "\(r.node("tasks")?.location ?? r.location): tasks.\(task.name).targets: no class named \"\(target)\"; classes: \(names.joined(separator: ", "))"
                    )
                }
            }
        })
}

public protocol NamedElement: ScenarioSection {
    var name: String { get set }
}

extension DeviceClass: NamedElement {}
extension TaskSpec: NamedElement {}

extension KeySpec {
    /// A list of named elements read with `schema` (`classes`, `tasks`); each element's
    /// name is its address in key paths; names must be unique. Without `defaultName`
    /// every element needs a name (no `.` or `,`, which key paths and CSV use).
    static func list<Element: NamedElement>(
        _ name: String, _ path: WritableKeyPath<Section, [Element]> & Sendable,
        schema: SectionSchema<Element>, singular: String, maximum: Int,
        defaultName: (@Sendable (Int) -> String)?, doc: String, writeEmpty: Bool = true
    ) -> KeySpec {
        KeySpec(
            name, unit: "list", doc: doc, shownDefault: defaultName == nil && writeEmpty ? "required" : "`[]`",
            read: { r, s in
                guard let items = try r.list(name) else { return }
                guard items.count <= maximum else { throw r.error(name, "\(items.count) elements; at most \(maximum)") }
                var elements: [Element] = []
                var seen = Set<String>()
                for (index, node) in items.enumerated() {
                    let nameNode = node.entry("name")
                    if let nameNode, nameNode.scalarText == nil {
                        throw InputError(
                            "\(nameNode.location): \(name): a \(singular) name must be plain text, not a list or mapping"
                        )
                    }
                    let given = nameNode?.scalarText ?? ""
                    if defaultName == nil {
                        guard !given.isEmpty, !given.contains("."), !given.contains(",") else {
                            throw InputError(
                                "\(node.location): \(name): each \(singular) needs a name without \".\" or \",\" (got \"\(given)\")"
                            )
                        }
                    }
                    let elementName = nameNode == nil ? defaultName?(index) ?? "" : given
                    let reader = try MappingReader(
                        node, path: "\(name).\(elementName)", allowed: schema.names, baseDirectory: r.baseDirectory)
                    var element = try schema.read(reader)
                    element.name = elementName
                    guard seen.insert(elementName).inserted else {
                        throw InputError("\(node.location): \(name).\(elementName): \(singular) name used twice")
                    }
                    elements.append(element)
                }
                s[keyPath: path] = elements
            },
            write: {
                let list = $0[keyPath: path]
                return list.isEmpty && !writeEmpty
                    ? [] : [YAMLEntry(name, .blockList(list.map { .blockMap(schema.entries(of: $0)) }))]
            })
    }
}
