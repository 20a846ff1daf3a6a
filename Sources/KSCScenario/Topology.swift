import KSCRandom

/// A connection gateway: a distribution point in a DMZ (or with an external address) that
/// relays its devices' connections to one Administration Server, without buffering.
public struct GatewayConfig: Sendable, Equatable, ScenarioSection, NamedElement {
    public var name: String = ""
    /// The server it relays to (empty: the first server).
    public var server: String = ""
    /// Connections it relays at once: sync sessions in progress and held connections
    /// (default 10000; KSC documentation: "up to 10,000 devices").
    public var capacity: Int = 10000
    /// Round-trip time between a device and the gateway (default lognormal(mean=60ms, sd=20ms); assumption).
    public var rtt: Distribution = .lognormalChecked(mean: 0.06, sd: 0.02)
    /// Round-trip time between the gateway and the server (default lognormal(mean=2ms, sd=1ms); assumption: a DMZ beside the server).
    public var serverRtt: Distribution = .lognormalChecked(mean: 0.002, sd: 0.001)
    /// When the gateway is up (default always); `always` or `onoff`.
    public var availability: Availability = .always
    /// Periods during which the gateway is down.
    public var outages: [Outage] = []
    /// What it carries towards devices, bytes/s (nil: unlimited).
    public var bandwidth: Double?

    public init() {}
}

/// A remote office whose distribution point ("Do not disconnect" ticked) holds a permanent
/// connection to its server and relays wake packets to the devices of the office.
public struct SiteConfig: Sendable, Equatable, ScenarioSection, NamedElement {
    public var name: String = ""
    /// The server the relay connects to (empty: the first server).
    public var server: String = ""
    /// Round-trip time between the relay and the server (default lognormal(mean=60ms, sd=20ms); assumption).
    public var rtt: Distribution = .lognormalChecked(mean: 0.06, sd: 0.02)
    /// When the relay is up (default always: the documentation says it must stay on); `always` or `onoff`.
    public var availability: Availability = .always
    /// Loss of one wake packet on the office network (default 0.001; assumption).
    public var udpLoss: Double = 0.001
    /// Wake packets the relay sends per second (default 100; assumption).
    public var wakeSendRate: Double = 100
    /// The office's inbound Internet link, bytes/s (nil: unlimited).
    public var wan: Double?
    /// Its distribution point is the update source of the site's devices.
    public var updateSource = false
    /// What the distribution point serves on the office network, bytes/s (nil: unlimited).
    public var pointBandwidth: Double?

    public init() {}
}

extension ServerConfig: NamedElement {}

extension Scenario {
    /// Index of the server named `name` (empty: the first).
    public func serverIndex(_ name: String) -> Int? {
        name.isEmpty ? 0 : servers.firstIndex { $0.name == name }
    }

    /// Whether the scenario uses only the one-server shorthand (no gateway, site, hierarchy).
    public var isSingleServer: Bool {
        servers.count == 1 && servers[0].name == ServerConfig().name && servers[0].physical.isEmpty
    }

    /// Index of the server that manages class `c`: its own `server`, else its gateway's or
    /// site's server, else the first.
    public func serverIndex(ofClass c: Int) -> Int {
        let spec = classes[c]
        if !spec.server.isEmpty { return serverIndex(spec.server) ?? 0 }
        if let g = gateways.firstIndex(where: { $0.name == spec.gateway }) {
            return serverIndex(gateways[g].server) ?? 0
        }
        if let s = sites.firstIndex(where: { $0.name == spec.site }) { return serverIndex(sites[s].server) ?? 0 }
        return 0
    }

    /// Index of the physical server whose workers serve server `s` (itself unless virtual).
    public func physicalIndex(of s: Int) -> Int {
        servers[s].physical.isEmpty ? s : serverIndex(servers[s].physical) ?? s
    }
}
