import KSCGSL
import KSCRandom
import KSCScenario

/// Everything that belongs to one Administration Server: its sync service, its permanent
/// slots, its wake sender, its outages and what it counts for `nodes.csv`. A virtual
/// server's sessions are served, and its outages shared, by its physical server: use
/// `physical` to reach them.
struct AdministrationServer: Tracker {
    let config: ServerConfig
    /// Index of the server whose workers serve it and whose restarts restart it (itself
    /// unless virtual).
    let physical: Int
    /// The sync service (used when this is a physical server).
    var sessions: SyncService
    var slots: PermanentSlots
    var wake: WakeChannel
    /// Outages of the group of this physical server and its virtual ones.
    var outages: OutageState
    /// The group's outages, merged (used when this is a physical server).
    let outageList: [Outage]
    /// Server time to push a task over a held connection, s.
    let pushCost: Double
    /// The order in which devices online at time 0 take their connections.
    let startStream: RandomStream
    /// Sync connections it refused (backlog full, outage), for `nodes.csv`.
    var refused = 0

    /// Server `index` of `scenario`. Streams of the first server keep the names of the
    /// one-server model (`server.syncService`, …); the others are `servers.NAME.…`.
    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, index: Int, streams: StreamSet) throws {
        config = scenario.servers[index]
        physical = scenario.physicalIndex(of: index)
        let prefix = index == 0 ? "server." : "servers.\(config.name)."
        sessions = try SyncService(config: config, streams: streams, prefix: prefix)
        slots = PermanentSlots(config: config)
        startStream = try streams.stream(index == 0 ? "start.connections" : prefix + "start")
        pushCost = config.pushCost
        wake = WakeChannel(sendRate: config.wakeSendRate)
        outages = OutageState()
        // Restarting one server of a group restarts them all: the union of their outages.
        let group = scenario.servers.indices.filter { scenario.physicalIndex(of: $0) == index }
        outageList = index == physical ? Outage.union(group.flatMap { scenario.servers[$0].outages }) : []
    }

    mutating func resetStatistics(at time: Double) {
        sessions.resetStatistics(at: time)
        slots.resetStatistics(at: time)
        wake.resetStatistics(at: time)
        refused = 0
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
