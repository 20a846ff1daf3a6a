import KSCEngine
import KSCPrimitives
import KSCRandom
import KSCRecords
import KSCScenario

/// The connectivity model: Network Agents syncing with an Administration Server over
/// the Internet, permanent connections under a cap, UDP 15000 wake packets, shutdown
/// notices, push servers, FCM, outages and tasks (specified in docs/model.md).
///
/// This file only stores the components and dispatches events, one line per event. The
/// components own their state (`Components/`, `AdministrationServer`, `Gateway`, `Relay`,
/// `Fleet`) and each restarts its own statistics (`Tracker`); the rules of each mechanism
/// live in its own file under `Mechanisms/`.
struct ConnectivityModel<Sink: RecordSink, Queue: FutureEventSet & ~Copyable>: Copyable
where Queue.Payload == ModelEvent {
    typealias Sim = Simulation<Queue>

    let scenario: Scenario
    let replication: Int
    var sink: Sink
    var fleet: Fleet
    /// The Administration Servers, in scenario order (one unless `servers:` lists several).
    var servers: [AdministrationServer]
    /// Connection gateways and the relays of sites.
    var gateways: [Gateway]
    var relays: [Relay]
    /// Connections held by push servers (one pool, whichever server manages the classes).
    var push: PushServers
    /// Firebase Cloud Messaging, for Android classes with `fcm`.
    var fcm: FCMService
    var delivery: TaskDelivery
    /// The links bytes cross, and the payload downloads over them.
    var links: Links
    var downloads: Downloads
    var stats: ModelStatistics

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(scenario: Scenario, replication: Int, seed: UInt64, sink: Sink, timeseriesStep: Double?) throws {
        self.scenario = scenario
        self.replication = replication
        self.sink = sink
        let streams = StreamSet(seed: seed, generator: scenario.generator)
        fleet = try Fleet(scenario: scenario, streams: streams)
        servers = try scenario.servers.indices.map {
            try AdministrationServer(scenario: scenario, index: $0, streams: streams)
        }
        gateways = try scenario.gateways.indices.map { try Gateway(scenario: scenario, index: $0, streams: streams) }
        relays = try scenario.sites.indices.map { try Relay(scenario: scenario, index: $0, streams: streams) }
        push = PushServers(scenario: scenario)
        fcm = try FCMService(scenario: scenario, streams: streams)
        delivery = try TaskDelivery(tasks: scenario.tasks, streams: streams)
        links = Links(scenario: scenario)
        downloads = try Downloads(scenario: scenario, classCount: scenario.classes.count, streams: streams)
        stats = ModelStatistics(
            warmup: scenario.warmup, horizon: scenario.horizon, classCount: fleet.classes.count,
            timeseriesStep: timeseriesStep)
    }

    /// Schedules the initial events: each device's state at time 0, task launches,
    /// outages and sampling.
    mutating func start(in sim: inout Sim) {
        startAvailability(in: &sim)
        startRoaming(in: &sim)
        startGateways(in: &sim)
        startRelays(in: &sim)
        startFCM(in: &sim)
        startHeldConnections()
        startLimits(in: &sim)
        scheduleFirstLaunches(in: &sim)
        scheduleOutages(in: &sim)
        if stats.timeseriesStep != nil { sim.schedule(.sample, at: 0, priority: EventPriority.sample) }
        if scenario.warmup + Self.window <= scenario.horizon {
            sim.schedule(.window, at: scenario.warmup + Self.window, priority: EventPriority.sample)
        }
    }

    /// Prefetches the device the next event concerns (its state is one cache line).
    @inline(__always)
    func prefetch(for event: ModelEvent) {
        switch event {
        case .timedArrival(let d, _), .syncArrival(let d, _), .serviceDone(let d, _), .availability(let d, _),
            .wakeArrival(let d, _):
            fleet.devices.prefetch(Int(d))
        default: break
        }
    }

    /// Handles one event.
    mutating func handle(_ event: ModelEvent, in sim: inout Sim) {
        switch event {
        case .availability(let d, let epoch): availabilityChanges(Int(d), epoch: epoch, in: &sim)
        case .roaming(let d): roamingChanges(Int(d), in: &sim)
        case .syncTimer(let d, let epoch): syncTimerFires(Int(d), epoch: epoch, in: &sim)
        case .timedArrival(let d, let seq): timedArrives(Int(d), seq: seq, in: &sim)
        case .syncArrival(let d, let token): syncArrives(Int(d), token: token, in: &sim)
        case .serviceDone(let d, let token): serviceDone(Int(d), token: token, in: &sim)
        case .connectTimeout(let d, let token): connectTimeoutExpires(Int(d), token: token, in: &sim)
        case .wakeSend(let s): sendWake(server: Int(s), in: &sim)
        case .wakeArrival(let d, let epoch): wakeArrives(Int(d), epoch: epoch, in: &sim)
        case .fcmArrival(let d, let index): fcmArrives(Int(d), index: Int(index), in: &sim)
        case .fcmState(let change, let value): fcmStateChanges(change, value: value, in: &sim)
        case .taskLaunch(let i): taskLaunches(Int(i), in: &sim)
        case .release(let d, let token): deadConnectionExpires(Int(d), token: token, at: sim.now)
        case .outageStart(let s, let i): outageStarts(server: Int(s), index: Int(i), in: &sim)
        case .outageEnd(let s): outageEnds(server: Int(s), in: &sim)
        case .gatewayArrival(let d, let token): gatewayArrives(Int(d), token: token, in: &sim)
        case .gatewayAvailability(let g, let epoch): gatewayAvailabilityChanges(Int(g), epoch: epoch, in: &sim)
        case .gatewayOutage(let g, let i): gatewayOutageStarts(Int(g), index: Int(i), in: &sim)
        case .gatewayOutageEnd(let g): gatewayOutageEnds(Int(g), in: &sim)
        case .gatewayConnect(let g): gatewayConnects(Int(g), in: &sim)
        case .relaySend(let s): relaySends(Int(s), in: &sim)
        case .relayAvailability(let s, let epoch): relayAvailabilityChanges(Int(s), epoch: epoch, in: &sim)
        case .relayConnect(let s): relayConnects(Int(s), in: &sim)
        case .downloadReady(let d): startDownload(Int(d), in: &sim)
        case .transfer(let generation): transfersFinish(generation: generation, in: &sim)
        case .limitHours(let c): limitHoursChange(classIndex: Int(c), in: &sim)
        case .sample: sample(in: &sim)
        case .window: closeWindow(in: &sim)
        }
    }
}
