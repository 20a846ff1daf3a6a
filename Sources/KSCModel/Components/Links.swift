import KSCPrimitives
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
    }

    /// Counts a sync session's bytes on the links its class's route crosses from the server.
    /// - Complexity: O(route length).
    mutating func countSession(classIndex: Int, up: Double, down: Double) {
        for link in serverRoute[classIndex] {
            countedUp[link] += up
            countedDown[link] += down
        }
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
        network.settle(at: time)
        for l in links.indices {
            let now = network.carried[l] + countedDown[l]
            peak[l] = Swift.max(peak[l], (now - atWindow[l]) / length)
            atWindow[l] = now
        }
    }

    mutating func resetStatistics(at time: Double) {
        network.settle(at: time)
        carriedAtReset = network.carried
        saturatedAtReset = network.saturatedTime
        countedDown = Array(repeating: 0, count: links.count)
        countedUp = countedDown
        atWindow = network.carried
        peak = countedDown
        resetTime = time
    }

    /// Time observed since the warm-up at `horizon`, s.
    func observed(until horizon: Double) -> Double { horizon - resetTime }
}
