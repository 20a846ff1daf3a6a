import KSCScenario

/// The report's account of the scenario: its question, then every resolved key with its
/// value, whether it differs from the default, and whether the default is a documented
/// product fact, a modelling assumption or an input describing the fleet.
enum ScenarioPanel {
    /// Keys of the resolved file that say who resolved it, shown in the page's footer instead.
    static let hidden: Set<String> = ["kscsimVersion", "kscsimBuild", "question"]

    /// The section of the schema each top-level key's entries belong to.
    static let sections: [String: String] = [
        "server": "server", "servers": "servers", "pushServers": "pushServers", "fcm": "fcm", "traffic": "traffic",
        "gateways": "gateways",
        "sites": "sites", "classes": "classes", "tasks": "tasks",
    ]

    /// The default entries of an element of each section.
    static let sectionDefaults: [String: [String: YAMLValue]] = [
        "server": entries(ServerConfig.schema.entries(of: ServerConfig())),
        "servers": entries(ServerConfig.listSchema.entries(of: ServerConfig())),
        "pushServers": entries(PushServerConfig.schema.entries(of: PushServerConfig())),
        "fcm": entries(FCMConfig.schema.entries(of: FCMConfig())),
        "traffic": entries(TrafficConfig.schema.entries(of: TrafficConfig())),
        "gateways": entries(GatewayConfig.schema.entries(of: GatewayConfig())),
        "sites": entries(SiteConfig.schema.entries(of: SiteConfig())),
        "classes": entries(DeviceClass.schema.entries(of: DeviceClass())),
        "tasks": entries(TaskSpec.schema.entries(of: TaskSpec())),
    ]

    /// The HTML of the scenario table.
    static func html(_ scenario: Scenario) -> String {
        let info = Scenario.keyInfo
        var rows: [[String]] = []
        func add(_ path: String, _ value: YAMLValue, _ key: KeyInfo?, _ defaultValue: YAMLValue?) {
            let basis = key?.basis
            let badge = basis.map { "<span class=\"badge \($0.rawValue)\">\(label($0))</span>" } ?? ""
            let same = defaultValue.map { $0.flow == value.flow } ?? false
            let origin =
                same ? "default" : defaultValue.map { "set (default <code>\(HTML.escape($0.flow))</code>)" } ?? "set"
            rows.append([
                "<code>\(HTML.escape(path))</code>", "<code>\(HTML.escape(value.flow))</code>",
                HTML.markdown(key?.unit ?? ""), badge, origin, HTML.markdown(key?.doc ?? ""),
            ])
        }
        let defaults = entries(Scenario.schema.entries(of: Scenario()))
        for entry in Scenario.schema.entries(of: scenario) where !hidden.contains(entry.key) {
            let top = info["top"]?[entry.key]
            guard let section = sections[entry.key] else {
                add(entry.key, entry.value, top, defaults[entry.key])
                continue
            }
            let keys = info[section] ?? [:]
            switch entry.value {
            case .blockMap(let inner), .flowMap(let inner):
                let sectionDefaults = sectionDefaults[section] ?? [:]
                for e in inner { add("\(entry.key).\(e.key)", e.value, keys[e.key], sectionDefaults[e.key]) }
            case .blockList(let items), .flowList(let items):
                let itemDefaults = sectionDefaults[section] ?? [:]
                for item in items {
                    guard case .blockMap(let fields) = item else { continue }
                    let name = fields.first { $0.key == "name" }?.value.flow ?? "?"
                    let virtual =
                        section == "servers" && fields.contains { $0.key == "physical" && !$0.value.flow.isEmpty }
                    for e in fields where e.key != "name" {
                        var key = keys[e.key]
                        if virtual, e.key == "permanentConnectionCap" {
                            key = key?.assumed(
                                "the documented cap is per Administration Server; that a virtual server has a cap of its own is not documented"
                            )
                        }
                        add("\(entry.key).\(name).\(e.key)", e.value, key, itemDefaults[e.key])
                    }
                }
            default:
                add(entry.key, entry.value, top, defaults[entry.key])
            }
        }
        let counts = rows.reduce(into: [String: Int]()) { counts, row in
            for basis in [KeyBasis.documented, .derived, .assumed, .input] where row[3].contains(label(basis)) {
                counts[basis.rawValue, default: 0] += 1
            }
        }
        let legend = """
            <p>Every key of the resolved scenario (running <code>scenario.resolved.yaml</code> reproduces the results). \
            <span class="badge documented">documented</span> a fact of Kaspersky Security Center's documentation \
            (\(counts["documented"] ?? 0) keys); <span class="badge assumed">assumed</span> a modelling assumption \
            without a documented figure: check it against your deployment (\(counts["assumed"] ?? 0) keys); \
            <span class="badge input">input</span> a description of the fleet or of the question (\(counts["input"] ?? 0) keys). \
            The sources are in <code>docs/domain.md</code>.</p>
            """
        return legend + HTML.table(["key", "value", "unit", "basis", "value is", "meaning"], rows)
    }

    static func label(_ basis: KeyBasis) -> String {
        switch basis {
        case .documented: return "documented"
        case .derived: return "derived"
        case .assumed: return "assumed"
        case .input: return "input"
        }
    }

    /// Entries by key.
    private static func entries(_ list: [YAMLEntry]) -> [String: YAMLValue] {
        Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}
