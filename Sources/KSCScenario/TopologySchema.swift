import KSCRandom
import KSCSupport

/// The keys of Internet topologies: several servers (`servers`), connection gateways
/// (`gateways`) and remote offices with relaying distribution points (`sites`). A scenario
/// that uses none of them is written exactly as before (`server:` only).
extension Scenario {
    /// `server` and `servers`: the one-server shorthand, or the list.
    static let serverKeys: [KeySpec<Scenario>] = [
        KeySpec(
            "server", unit: "mapping",
            doc: "the Administration Server (below); the shorthand for one server named `server`",
            shownDefault: "see below",
            read: { r, s in
                if let node = r.node("server") {
                    s.servers = [try ServerConfig.schema.read(node, path: "server", baseDirectory: r.baseDirectory)]
                }
            },
            write: {
                $0.isSingleServer ? [YAMLEntry("server", .blockMap(ServerConfig.schema.entries(of: $0.server)))] : []
            }),
        KeySpec(
            "servers", unit: "list",
            doc:
                "several Administration Servers: each has a `name`, every key of `server`, and `physical` for a virtual server; instead of `server`",
            shownDefault: "`[]`",
            read: { r, s in
                guard r.has("servers") else { return }
                if r.has("server") {
                    throw r.error("servers", "give either server (one server) or servers (a list), not both")
                }
                var list = Scenario()
                try KeySpec<Scenario>.list(
                    "servers", \.servers, schema: ServerConfig.listSchema, singular: "server",
                    maximum: Limits.maximumServers,
                    defaultName: nil, doc: ""
                ).read(r, &list)
                guard !list.servers.isEmpty else {
                    throw r.error("servers", "the list is empty; give at least one server")
                }
                s.servers = list.servers
            },
            write: {
                $0.isSingleServer
                    ? []
                    : [
                        YAMLEntry(
                            "servers", .blockList($0.servers.map { .blockMap(ServerConfig.listSchema.entries(of: $0)) })
                        )
                    ]
            }),
    ]

    /// `gateways` and `sites`.
    static let topologyKeys: [KeySpec<Scenario>] = [
        .list(
            "gateways", \.gateways, schema: GatewayConfig.schema, singular: "gateway", maximum: Limits.maximumServers,
            defaultName: nil,
            doc: "connection gateways (below)", writeEmpty: false),
        .list(
            "sites", \.sites, schema: SiteConfig.schema, singular: "site", maximum: Limits.maximumServers,
            defaultName: nil,
            doc: "remote offices whose distribution point relays wake packets (below)", writeEmpty: false),
    ]

    /// Names that must exist: servers, physical servers, gateways' and sites' servers,
    /// classes' server, gateway and site; virtual servers are not chained.
    static func checkTopology(_ r: MappingReader, _ s: Scenario) throws {
        let servers = s.servers.map(\.name)
        /// The line of element `name` of list `key` (`classes.hq.server` names the class hq).
        func line(_ key: String) -> String {
            let parts = key.split(separator: ".").map(String.init)
            guard parts.count > 1, case .sequence(let items, _)? = r.node(parts[0]),
                let item = items.first(where: { $0.entry("name")?.scalarText == parts[1] })
            else { return "\(r.location)" }
            return "\(item.entry(parts.count > 2 ? parts[2] : "name")?.location ?? item.location)"
        }
        func unknown(_ key: String, _ value: String, _ kind: String, _ names: [String]) -> InputError {
            let hint = MappingReader.closest(to: value, in: names).map { "did you mean \"\($0)\"? " } ?? ""
            return InputError(
                "\(line(key)): \(key): no \(kind) named \"\(value)\"; \(hint)\(kind)s: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
            )
        }
        for server in s.servers where !server.physical.isEmpty {
            guard let p = s.serverIndex(server.physical) else {
                throw unknown("servers.\(server.name).physical", server.physical, "server", servers)
            }
            if s.servers[p].name == server.name {
                throw InputError(
                    "\(line("servers.\(server.name).physical")): servers.\(server.name).physical: a server cannot be its own physical server"
                )
            }
            if !s.servers[p].physical.isEmpty {
                throw InputError(
                    "\(line("servers.\(server.name).physical")): servers.\(server.name).physical: \"\(server.physical)\" is itself virtual (on \"\(s.servers[p].physical)\"); name the physical server"
                )
            }
        }
        for g in s.gateways where s.serverIndex(g.server) == nil {
            throw unknown("gateways.\(g.name).server", g.server, "server", servers)
        }
        for site in s.sites where s.serverIndex(site.server) == nil {
            throw unknown("sites.\(site.name).server", site.server, "server", servers)
        }
        for c in s.classes {
            if !c.server.isEmpty, s.serverIndex(c.server) == nil {
                throw unknown("classes.\(c.name).server", c.server, "server", servers)
            }
            if !c.gateway.isEmpty {
                guard let g = s.gateways.first(where: { $0.name == c.gateway }) else {
                    throw unknown("classes.\(c.name).gateway", c.gateway, "gateway", s.gateways.map(\.name))
                }
                if !c.server.isEmpty, s.serverIndex(c.server) != s.serverIndex(g.server) {
                    throw InputError(
                        "\(line("classes.\(c.name).server")): classes.\(c.name).server: \"\(c.server)\", but its gateway \"\(g.name)\" relays to \"\(s.servers[s.serverIndex(g.server) ?? 0].name)\""
                    )
                }
            }
            if !c.site.isEmpty {
                guard let site = s.sites.first(where: { $0.name == c.site }) else {
                    throw unknown("classes.\(c.name).site", c.site, "site", s.sites.map(\.name))
                }
                if !c.gateway.isEmpty {
                    throw InputError(
                        "\(line("classes.\(c.name).site")): classes.\(c.name): a class is behind a gateway or in a site, not both"
                    )
                }
                if !c.server.isEmpty, s.serverIndex(c.server) != s.serverIndex(site.server) {
                    throw InputError(
                        "\(line("classes.\(c.name).server")): classes.\(c.name).server: \"\(c.server)\", but its site \"\(site.name)\" connects to \"\(s.servers[s.serverIndex(site.server) ?? 0].name)\""
                    )
                }
            }
        }
    }
}

extension ServerConfig {
    /// The keys an element of `servers` has beyond those of `server`.
    static let listOnlyKeys: [KeySpec<ServerConfig>] = [
        .text("name", \.name, doc: "unique; no `.` or `,`", shownDefault: "required"),
        .text(
            "physical", \.physical, unit: "server name",
            doc:
                "makes it a virtual Administration Server on that server: served by its workers (its own syncWorkers, syncService, the session cost keys, backlog and retryAfter are not used), restarted with it and with every other virtual server on it (KSC documentation)",
            shownDefault: "`\"\"`", omitEmpty: true),
    ]

    /// One element of `servers`: a name, `physical`, and every key of `server`.
    public static let listSchema = SectionSchema<ServerConfig>(listOnlyKeys + schema.keys, finish: schema.finish)
}

extension GatewayConfig {
    /// One element of `gateways`.
    public static let schema = SectionSchema<GatewayConfig>(
        [
            .text("name", \.name, doc: "unique; no `.` or `,`", shownDefault: "required"),
            .text(
                "server", \.server, unit: "server name", doc: "the server it relays to (empty: the first)",
                shownDefault: "`\"\"`"),
            .integer(
                "capacity", \.capacity, min: 1, max: Limits.maximumCount, unit: "connections",
                doc:
                    "connections relayed at once, sync sessions and held connections (KSC documentation: \"up to 10,000 devices\", read as connections at once); one more is refused and retried"
            ),
            .distribution("rtt", \.rtt, doc: "round-trip time device ↔ gateway; replaces the class's rtt (assumption)"),
            .distribution("serverRtt", \.serverRtt, doc: "round-trip time gateway ↔ server (assumption)"),
            KeySpec(
                "availability", unit: "`always` or onoff", doc: "when the gateway is up",
                read: { r, s in
                    if let node = r.node("availability") {
                        s.availability = try Availability.upDown(
                            node, path: r.qualified("availability"), baseDirectory: r.baseDirectory)
                    }
                }, write: { [YAMLEntry("availability", $0.availability.yaml)] }),
            KeySpec(
                "outages", unit: "list of `{start, duration}`",
                doc: "periods the gateway is down: its devices see the server as unreachable",
                read: { r, s in
                    s.outages = try Outage.list(r, "outages")
                }, write: { [YAMLEntry("outages", Outage.yaml($0.outages))] }),
        ] + linkKeys)
}

extension SiteConfig {
    /// One element of `sites`.
    public static let schema = SectionSchema<SiteConfig>(
        [
            .text("name", \.name, doc: "unique; no `.` or `,`", shownDefault: "required"),
            .text(
                "server", \.server, unit: "server name",
                doc: "the server its relay holds a permanent connection to (empty: the first)", shownDefault: "`\"\"`"),
            .distribution("rtt", \.rtt, doc: "round-trip time relay ↔ server (assumption)"),
            KeySpec(
                "availability", unit: "`always` or onoff",
                doc: "when the relay is up (KSC documentation: it must stay on)",
                read: { r, s in
                    if let node = r.node("availability") {
                        s.availability = try Availability.upDown(
                            node, path: r.qualified("availability"), baseDirectory: r.baseDirectory)
                    }
                }, write: { [YAMLEntry("availability", $0.availability.yaml)] }),
            .fraction(
                "udpLoss", \.udpLoss, unit: "probability",
                doc: "loss of one wake packet on the office network (assumption)"
            ),
            KeySpec(
                "wakeSendRate", unit: "packets/s", doc: "wake packets the relay sends, at most 1,000,000 (assumption)",
                read: { r, s in
                    s.wakeSendRate = try r.number("wakeSendRate", default: s.wakeSendRate, positive: true)
                    if s.wakeSendRate > Limits.maximumWakeSendRate {
                        throw r.error("wakeSendRate", "\(s.wakeSendRate.shortText) must be at most 1000000 packets/s")
                    }
                }, write: { [YAMLEntry("wakeSendRate", .plain($0.wakeSendRate.shortText))] }),
        ] + linkKeys)
}

extension DeviceClass {
    /// The class keys that place it in a topology, written only when set.
    static let topologyKeys: [KeySpec<DeviceClass>] = [
        .text(
            "server", \.server, unit: "server name",
            doc: "the server that manages the class (empty: its gateway's or site's, else the first)",
            shownDefault: "`\"\"`", omitEmpty: true),
        .text(
            "gateway", \.gateway, unit: "gateway name",
            doc: "its devices connect through this gateway (empty: straight to the server)",
            shownDefault: "`\"\"`", omitEmpty: true),
        .text(
            "site", \.site, unit: "site name",
            doc:
                "the remote office whose relay wakes its devices (the server's own packets do not cross the office's NAT)",
            shownDefault: "`\"\"`", omitEmpty: true),
    ]
}

extension Outage {
    /// A list of `{start, duration}`, sorted, without overlaps.
    /// - Throws: `InputError` naming the line.
    static func list(_ r: MappingReader, _ key: String) throws -> [Outage] {
        var outages: [Outage] = []
        for item in try r.list(key) ?? [] {
            let o = try MappingReader(
                item, path: r.qualified(key), allowed: ["start", "duration"], baseDirectory: r.baseDirectory)
            guard o.has("start"), o.has("duration") else {
                throw InputError(
                    "\(item.location): \(r.qualified(key)): each outage needs start and duration, e.g. {start: 2d, duration: 1h}"
                )
            }
            outages.append(
                Outage(
                    start: try o.duration("start", default: 0),
                    duration: try o.duration("duration", default: 0, positive: true)))
        }
        outages.sort { $0.start < $1.start }
        for (a, b) in zip(outages, outages.dropFirst()) where b.start < a.start + a.duration {
            throw r.error(
                key, "outages overlap (one starts at \(DurationText.format(b.start)) before the previous ends)")
        }
        return outages
    }

    /// The list as YAML.
    static func yaml(_ outages: [Outage]) -> YAMLValue {
        let d = DurationText.format
        return .flowList(
            outages.map {
                .flowMap([YAMLEntry("start", .plain(d($0.start))), YAMLEntry("duration", .plain(d($0.duration)))])
            })
    }
}

extension Availability {
    /// The availability of a gateway or relay: `always` or `onoff`.
    static func upDown(
        _ node: ConfigNode, path: String, baseDirectory: String?, what: String = "a gateway or relay"
    ) throws -> Availability {
        let value = try Availability(node, path: path, baseDirectory: baseDirectory)
        if case .weekly = value {
            throw InputError(
                "\(node.location): \(path): \(what) is `always` or `{type: onoff, on: D, off: D}`, not weekly"
            )
        }
        return value
    }
}
