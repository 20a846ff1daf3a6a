import KSCGSL
import KSCRandom
import KSCScenario

/// The random streams, derived constants and launched tasks of one device class (a
/// class, so that the hot path reads it without copying).
final class ClassRuntime {
    let spec: DeviceClass
    let devices: Range<Int>
    /// The server marks a silent device off after this long, s: `offlineAfterMissedSyncs`
    /// mean intervals, an interval being `syncInterval` plus `syncJitter`.
    let missWindow: Double
    let usesPushServer: Bool
    /// Whether a device with Keep connection ticked wants one of its server's slots.
    let wantsPermanentSlot: Bool
    /// Index of the server that manages the class.
    let server: Int
    /// How its connections reach the server (`Route.swift`).
    let route: Route
    /// Index of its site (whose relay sends its wake packets); -1 for none.
    let site: Int
    let interval: RandomStream
    let jitter: RandomStream
    let availability: RandomStream
    let network: RandomStream
    let shutdown: RandomStream
    /// A mobile class with a power-saving postponement: its stream (nil otherwise, so that a
    /// class without one draws nothing more).
    let postponement: RandomStream?
    /// Whether the server sends its devices UDP 15000 wake packets (computers only).
    let takesWakePackets: Bool
    /// A mobile class whose devices stop syncing on trips: its trips and their stream.
    let roaming: (trips: Availability, stream: RandomStream)?
    /// Tasks launched so far that target this class, in launch order.
    var tasks: [LaunchedTask] = []

    init(spec: DeviceClass, devices: Range<Int>, scenario: Scenario, index: Int, streams: StreamSet) throws {
        self.spec = spec
        self.devices = devices
        server = scenario.serverIndex(ofClass: index)
        route = scenario.gateways.firstIndex { $0.name == spec.gateway }.map(Route.gateway) ?? .direct
        site = scenario.sites.firstIndex { $0.name == spec.site } ?? -1
        missWindow = Double(scenario.servers[server].offlineAfterMissedSyncs) * spec.meanInterval
        usesPushServer = scenario.usesPushServer(spec)
        wantsPermanentSlot = scenario.wantsPermanentSlot(spec)
        let prefix = "classes.\(spec.name)."
        interval = try streams.stream(prefix + "syncInterval")
        jitter = try streams.stream(prefix + "syncJitter")
        availability = try streams.stream(prefix + "availability")
        network = try streams.stream(prefix + "network")
        shutdown = try streams.stream(prefix + "shutdown")
        postponement =
            spec.kind == .mobile && spec.postponement != .constant(0)
            ? try streams.stream(prefix + "postponement") : nil
        takesWakePackets = spec.kind == .computer
        // A trip is an "on" period of an on/off process: away, then home.
        roaming =
            try spec.roaming.flatMap { r in
                spec.kind == .mobile && !spec.syncWhileRoaming && r.share > 0
                    ? (Availability.onOff(on: r.away, off: r.home), try streams.stream(prefix + "roaming")) : nil
            }
    }

    /// How long power saving postpones a scheduled sync, s (0 without a postponement).
    func postponementDelay() -> Double {
        guard let postponement else { return 0 }
        return Swift.max(0, spec.postponement.sample(postponement))
    }

    /// Time to the next periodic sync: interval + jitter.
    func nextSyncDelay() -> Double {
        spec.syncInterval.sample(interval) + spec.syncJitter.sample(jitter)
    }

    /// Time to the first sync of a device online at time 0: the equilibrium residual of
    /// interval + jitter, as if the device had been syncing for long.
    func steadySyncPhase() -> Double {
        spec.syncInterval.equilibriumResidual(plus: spec.syncJitter, x: interval, y: jitter, u: availability)
    }

    /// Half a round trip.
    func halfRTT() -> Double {
        spec.rtt.sample(network) / 2
    }
}
