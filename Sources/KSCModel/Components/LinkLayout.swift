import KSCScenario

/// The links of a scenario and the routes over them, from its keys (no simulation): `Links`
/// builds its flow network on it, and `describe` its offered loads.
public struct LinkLayout: Sendable {
    public enum Kind: String, Sendable {
        case server, gateway, site, point, limit
    }

    public struct Link: Sendable {
        public let name: String
        public let kind: Kind
        /// Bytes/s; nil when unlimited.
        public let capacity: Double?
        /// A restriction with hours: its capacity holds inside them only.
        public var hoursOnly = false
        /// Devices whose downloads or syncs cross it.
        public var devices = 0
        /// The scenario key that sets it, for messages (`sites.office.wan`).
        public let key: String
    }

    public private(set) var links: [Link] = []
    /// Per class: the route of a download from the server; from its site's update source (nil
    /// without one); of the update source's fetch from the server (nil without one).
    public let serverRoute: [[Int]]
    public let pointRoute: [[Int]?]
    public let fetchRoute: [[Int]?]
    /// Per class: its traffic restriction (its link, hours and rate), if any.
    public let limits: [(link: Int, hours: DailyHours?, rate: Double)?]

    public init(_ scenario: Scenario) {
        var links: [Link] = []
        func add(_ name: String, _ kind: Kind, _ capacity: Double?, key: String) -> Int {
            links.append(Link(name: name, kind: kind, capacity: capacity, key: key))
            return links.count - 1
        }
        let physical = scenario.servers.indices.map { scenario.physicalIndex(of: $0) }
        var serverLink: [Int: Int] = [:]
        for p in Set(physical).sorted() {
            let name = scenario.servers[p].name
            let key = scenario.servers.count == 1 ? "server.uplink" : "servers.\(name).uplink"
            serverLink[p] = add(name + " uplink", .server, scenario.servers[p].uplink, key: key)
        }
        let gatewayLink = scenario.gateways.map { g in
            g.bandwidth.map { add(g.name + " link", .gateway, $0, key: "gateways.\(g.name).bandwidth") }
        }
        let wanLink = scenario.sites.map { s in
            s.wan.map { add(s.name + " WAN", .site, $0, key: "sites.\(s.name).wan") }
        }
        let pointLink = scenario.sites.map { s in
            s.updateSource
                ? add(s.name + " update source", .point, s.pointBandwidth, key: "sites.\(s.name).updateSource") : nil
        }
        var limits: [(link: Int, hours: DailyHours?, rate: Double)?] = []
        var serverRoute: [[Int]] = []
        var pointRoute: [[Int]?] = []
        var fetchRoute: [[Int]?] = []
        for (c, spec) in scenario.classes.enumerated() {
            let limit = spec.trafficLimit.map {
                (
                    link: add(spec.name + " limit", .limit, $0, key: "classes.\(spec.name).trafficLimit"),
                    hours: spec.trafficLimitHours, rate: $0
                )
            }
            if let limit, limit.hours != nil { links[limit.link].hoursOnly = true }
            limits.append(limit)
            let server = serverLink[physical[scenario.serverIndex(ofClass: c)]]!
            let gateway = scenario.gateways.firstIndex { $0.name == spec.gateway }.flatMap { gatewayLink[$0] }
            let site = scenario.sites.firstIndex { $0.name == spec.site }
            let wan = site.flatMap { wanLink[$0] }
            serverRoute.append([server] + [gateway, wan, limit?.link].compactMap { $0 })
            if let site, let point = pointLink[site] {
                pointRoute.append([point])
                let siteServer = serverLink[physical[scenario.serverIndex(scenario.sites[site].server) ?? 0]]!
                fetchRoute.append([siteServer] + [wan].compactMap { $0 })
            } else {
                pointRoute.append(nil)
                fetchRoute.append(nil)
            }
            for link in Set(serverRoute[c] + (pointRoute[c] ?? []) + (fetchRoute[c] ?? [])) {
                links[link].devices += spec.devices
            }
        }
        self.links = links
        self.serverRoute = serverRoute
        self.pointRoute = pointRoute
        self.fetchRoute = fetchRoute
        self.limits = limits
    }
}
