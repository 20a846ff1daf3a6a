import KSCPrimitives
import KSCRecords
import KSCScenario

/// The links bytes cross, as one flow network (`FlowNetwork`): each physical server's uplink,
/// each gateway and site WAN link with a rate, each update source's serving link and each
/// class's traffic restriction (a link its devices' downloads from the server share). A link
/// without a rate is unlimited (`unlimited` bytes/s). Downloads are flows over these links,
/// each capped by its device's access link; sync sessions and what devices send back are
/// counted on the links of their route, not shared (a session is a few tens of KB).
struct Links: Tracker {
    typealias Kind = LinkLayout.Kind
    typealias Link = LinkLayout.Link

    /// What stands for "no limit", bytes/s (a finite capacity keeps the sharing arithmetic finite).
    static let unlimited = 1e15
    private(set) var links: [Link] = []
    var network: FlowNetwork
    /// The route of a download from the server to a device of each class; of a download from its
    /// site's update source (nil without one); of the update source's fetch from the server.
    let serverRoute: [[Int]]
    let pointRoute: [[Int]?]
    let fetchRoute: [[Int]?]
    /// The traffic restriction of each class (its link and hours), if any.
    let limits: [(link: Int, hours: DailyHours?, rate: Double)?]
    /// Bytes counted on each link without being shared: sync sessions both ways and what
    /// devices send back (`up`).
    private(set) var countedDown: [Double]
    private(set) var countedUp: [Double]
    /// The counters at the end of the warm-up, and the carried bytes at the last 1-minute window.
    private var carriedAtReset: [Double]
    private var saturatedAtReset: [Double]
    private var resetTime = 0.0
    private var atWindow: [Double]
    /// The largest 1-minute mean throughput of each link after the warm-up, bytes/s.
    private(set) var peak: [Double]
    /// Session bytes towards devices on each link from the start (never reset), and every
    /// link's total at the last sample, for the time series.
    private var sessionsDown: [Double]
    private var atSample: [Double]
    private var sampledAt = 0.0
    /// Tags the pending `transfer` event: a later one replaces it.
    var generation: UInt32 = 0
    /// When the pending `transfer` event is due (infinity: none).
    var transferDue = Double.infinity
    /// Whether the scenario has bytes beyond sync sessions: payloads or link rates.
    let enabled: Bool

    init(scenario: Scenario) {
        enabled = scenario.usesLinks
        let layout = LinkLayout(scenario)
        links = layout.links
        serverRoute = layout.serverRoute
        pointRoute = layout.pointRoute
        fetchRoute = layout.fetchRoute
        limits = layout.limits
        network = FlowNetwork(capacities: links.map { $0.capacity ?? Links.unlimited })
        countedDown = Array(repeating: 0, count: links.count)
        countedUp = countedDown
        carriedAtReset = countedDown
        saturatedAtReset = countedDown
        atWindow = countedDown
        peak = countedDown
        sessionsDown = countedDown
        atSample = countedDown
    }

    /// Counts a sync session's bytes on the links its class's route crosses from the server.
    /// - Complexity: O(route length).
    mutating func countSession(classIndex: Int, up: Double, down: Double) {
        for link in serverRoute[classIndex] {
            countedUp[link] += up
            countedDown[link] += down
            sessionsDown[link] += down
        }
    }

    /// Every link's bytes towards devices by `time`, flows and sessions, from the start of the run.
    func totalDown(_ l: Int, at time: Double) -> Double { network.carried(l, at: time) + sessionsDown[l] }

    /// One row per link for links-timeseries.csv: its mean rate since the previous sample.
    mutating func sample(at time: Double, replication: Int) -> [LinkSampleRecord] {
        let dt = time - sampledAt
        let rows = links.enumerated().map { l, link in
            var r = LinkSampleRecord()
            (r.replication, r.time, r.link) = (replication, time, link.name)
            let bytes = totalDown(l, at: time)
            r.mbps = dt > 0 ? (bytes - atSample[l]) / dt * 8 / 1e6 : 0
            atSample[l] = bytes
            r.downloads = network.flows(on: l)
            if let capacity = link.capacity, !link.hoursOnly { r.utilization = r.mbps / (capacity * 8 / 1e6) }
            return r
        }
        sampledAt = time
        return rows
    }

    /// Counts bytes a device sends back on `route`.
    mutating func countUp(_ bytes: Double, on route: [Int]) {
        for link in route { countedUp[link] += bytes }
    }

    /// Bytes link `l` carried towards devices since the warm-up (flows and counted sessions).
    func bytesDown(_ l: Int) -> Double { network.carried[l] - carriedAtReset[l] + countedDown[l] }

    /// Bytes flows carried over link `l` since the warm-up (payloads).
    func flowBytes(_ l: Int) -> Double { network.carried[l] - carriedAtReset[l] }

    /// Time link `l` was saturated since the warm-up, s.
    func saturated(_ l: Int) -> Double { network.saturatedTime[l] - saturatedAtReset[l] }

    /// Closes a 1-minute window at `time`: each link's mean throughput over it, for the peak.
    mutating func closeWindow(at time: Double, length: Double) {
        for l in links.indices {
            let now = totalDown(l, at: time)
            peak[l] = Swift.max(peak[l], (now - atWindow[l]) / length)
            atWindow[l] = now
        }
    }

    /// Restarts the counters at the warm-up, reading the network without moving it on (so
    /// that observing changes no later result).
    mutating func resetStatistics(at time: Double) {
        carriedAtReset = links.indices.map { network.carried($0, at: time) }
        saturatedAtReset = links.indices.map { network.saturatedTime($0, at: time) }
        countedDown = Array(repeating: 0, count: links.count)
        countedUp = countedDown
        atWindow = links.indices.map { totalDown($0, at: time) }
        peak = countedDown
        resetTime = time
    }

    /// Time observed since the warm-up at `horizon`, s.
    func observed(until horizon: Double) -> Double { horizon - resetTime }
}
