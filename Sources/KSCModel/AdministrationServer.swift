import KSCRandom
import KSCScenario

/// Everything that belongs to one Administration Server: its sync service, its permanent
/// connections, its wake sender, its outages and what it counts for `nodes.csv`. A virtual
/// server's sessions are served, and its outages shared, by its physical server: use
/// `physical` to reach them.
struct AdministrationServer {
    let config: ServerConfig
    /// Index of the server whose workers serve it and whose restarts restart it (itself
    /// unless virtual).
    let physical: Int
    /// The sync service (used when this is a physical server).
    var sessions: SyncService
    var held: HeldConnections
    var wake: WakeSender
    /// Outages of the group of this physical server and its virtual ones.
    var outages: OutageState
    /// The group's outages, merged (used when this is a physical server).
    let outageList: [Outage]
    /// Counts for `nodes.csv`.
    var refused = 0, wakeSent = 0, wakeLost = 0

    /// Server `index` of `scenario`. Streams of the first server keep the names of the
    /// one-server model (`server.syncService`, …); the others are `servers.NAME.…`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.servers[index]
        physical = scenario.physicalIndex(of: index)
        let prefix = index == 0 ? "server." : "servers.\(config.name)."
        sessions = try SyncService(config: config, streams: streams, prefix: prefix)
        held = try HeldConnections(config: config, streams: streams, startStream: index == 0 ? "start.connections" : prefix + "start")
        wake = WakeSender(sendRate: config.wakeSendRate)
        outages = OutageState()
        // Restarting one server of a group restarts them all: the union of their outages.
        let group = scenario.servers.indices.filter { scenario.physicalIndex(of: $0) == index }
        outageList = index == physical ? Outage.union(group.flatMap { scenario.servers[$0].outages }) : []
    }
}

extension Outage {
    /// The union of possibly overlapping outages, as disjoint outages in time order.
    static func union(_ list: [Outage]) -> [Outage] {
        var merged: [Outage] = []
        for o in list.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, o.start < last.start + last.duration {
                merged[merged.count - 1].duration = Swift.max(last.duration, o.start + o.duration - last.start)
            } else {
                merged.append(o)
            }
        }
        return merged
    }
}
