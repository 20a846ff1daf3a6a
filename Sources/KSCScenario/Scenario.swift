import KSCGSL
import KSCRandom
import KSCSupport

/// A scenario: one Administration Server, optional push servers, device classes and
/// tasks, with every default filled in. Durations are in seconds, rates per second.
///
/// Defaults are the documented product facts of docs/domain.md; each assumption of the
/// model is a field here with its default, never a hidden constant. The keys that set
/// these fields are declared once, in ScenarioSchema.swift.
public struct Scenario: Sendable, Equatable, ScenarioSection {
    /// Name of the scenario; the default output folder of `kscsim run` is `out/<name>/`.
    public var name: String = "scenario"
    /// The what-if the scenario answers (shown at the top of reports).
    public var question: String = ""
    /// Simulated time of one replication, in seconds (default 7 days).
    public var horizon: Double = 7 * 86400
    /// Statistics count only tasks launched and time after this, in seconds (default 0).
    public var warmup: Double = 0
    /// No task launches in the last `drain` seconds of the horizon (default 0), so that
    /// late launches have time to reach their devices before the run ends.
    public var drain: Double = 0
    /// A run is said saturated when a server or gateway spent more than this share of its
    /// time (after the warm-up) at or above 95% utilization, in 1-minute windows (default 1%).
    public var saturationLimit: Double = 0.01
    /// Base seed; replication r (1-based) runs with `Scenario.runSeed(base:replication:)`.
    public var seed: UInt64 = 1
    /// Number of independent replications (default 1).
    public var replications: Int = 1
    /// GSL random generator of every stream (default mt19937).
    public var generator: RandomGenerator = .mt19937
    /// The Administration Servers: one by default (`server:`), or a primary, secondaries
    /// and virtual servers (`servers:`).
    public var servers = [ServerConfig()]
    /// Connection gateways (none by default).
    public var gateways: [GatewayConfig] = []
    /// Remote offices whose distribution point relays wake packets (none by default).
    public var sites: [SiteConfig] = []
    /// The first (primary) Administration Server.
    public var server: ServerConfig {
        get { servers[0] }
        set { servers[0] = newValue }
    }
    /// Push servers (distribution points, KSC 13+); none by default.
    public var pushServers = PushServerConfig()
    /// Firebase Cloud Messaging, through which Android classes with `fcm` are forced to sync.
    public var fcm = FCMConfig()
    /// The bytes sync sessions move, by kind.
    public var traffic = TrafficConfig()
    /// Device classes, each with a unique name.
    public var classes: [DeviceClass] = []
    /// Tasks the administrator launches.
    public var tasks: [TaskSpec] = []

    public init() {}

    /// Seed of replication `replication` (1-based): splitmix64(base + replication).
    public static func runSeed(base: UInt64, replication: Int) -> UInt64 {
        StreamSet.splitmix64(base &+ UInt64(replication))
    }

    /// The longest horizon, s (100 years): latency quantiles are resolved up to it.
    public static let maximumHorizon: Double = 36500 * 86400

    /// Total number of devices.
    public var deviceCount: Int { classes.reduce(0) { $0 + $1.devices } }
}

/// The Administration Server's capacity and policies.
public struct ServerConfig: Sendable, Equatable, ScenarioSection {
    /// Name in `servers:` (the one-server shorthand `server:` is named `server`).
    public var name: String = "server"
    /// For a virtual Administration Server: the server whose workers serve it and whose
    /// restarts restart it (empty: a server of its own).
    public var physical: String = ""
    /// A documented hardware tier whose assumed capacity sets the defaults of `syncWorkers`
    /// and `syncService` (default custom: none).
    public var size: ServerSize = .custom
    /// Concurrent sync sessions (default 16; assumption).
    public var syncWorkers: Int = 16
    /// Time to process one sync session (default lognormal(mean=200ms, sd=100ms); assumption).
    public var syncService: Distribution = .lognormalChecked(mean: 0.2, sd: 0.1)
    /// How a session's service time is drawn (default single: every session draws `syncService`).
    public var sessionCost: SessionCost = .single
    /// Under `sessionCost: by-kind`, the service time of a heartbeat: a session with nothing
    /// new for the device (default: as `syncService`; assumption).
    public var heartbeatService: Distribution = .lognormalChecked(mean: 0.2, sd: 0.1)
    /// Under `sessionCost: by-kind`, the service time of a full sync: a session that carries a
    /// task (default: as `syncService`; assumption).
    public var fullSyncService: Distribution = .lognormalChecked(mean: 0.2, sd: 0.1)
    /// Under `sessionCost: by-kind`, the factor on the service time of a woken (forced)
    /// session: the documented traffic of a forced sync over that of a periodic one,
    /// (77.6 + 99.5) / (12.0 + 6.7) KB (derived).
    public var forcedSyncFactor: Double = ServerConfig.documentedForcedFactor
    /// (77.6 KB up + 99.5 KB down) / (12.0 KB up + 6.7 KB down): a forced sync's traffic over
    /// a periodic sync's with nothing new (KSC traffic table).
    public static let documentedForcedFactor = (77.6 + 99.5) / (12.0 + 6.7)
    /// Sync connections that may wait for a worker (default 5000; assumption).
    public var backlog: Int = 5000
    /// Delay before an agent whose connection was refused tries again (default uniform(min=30s, max=120s); assumption).
    public var retryAfter: Distribution = .uniform(min: 30, max: 120)
    /// Permanent ("Keep connection") connections held at once (default 300; KSC documentation).
    public var permanentConnectionCap: Int = 300
    /// Which documented reading of the cap applies (default dynamic).
    public var permanentCapReading: PermanentCapReading = .dynamic
    /// Who holds the permanent slots at time 0 (default random; assumption).
    public var startHolders: StartHolders = .random
    /// UDP 15000 wake packets the server sends per second (default 500; assumption).
    public var wakeSendRate: Double = 500
    /// A device is marked off after missing more than this many sync intervals (default 3; KSC documentation).
    public var offlineAfterMissedSyncs: Int = 3
    /// How long a session waits in the backlog before its agent gives up and retries later;
    /// 0 for never (default 0; assumption).
    public var connectTimeout: Double = 0
    /// How long a silently dropped permanent connection keeps its slot (default 15m; assumption).
    public var deadConnectionTimeout: Double = 900
    /// Server-side cost of pushing a task over a held connection (default 5ms; assumption).
    public var pushCost: Double = 0.005
    /// Periods during which the server refuses every connection and drops permanent ones.
    public var outages: [Outage] = []
    /// The Internet uplink towards devices, bytes/s (nil: unlimited).
    public var uplink: Double?

    public init() {}
}

/// How the cap of permanent connections is read; both readings are documented (see
/// docs/domain.md, "The limit of 300").
/// Who holds the server's permanent slots at time 0: the state the server was in when the
/// run starts, which no document settles (an assumption).
public enum StartHolders: String, Sendable, CaseIterable {
    /// Devices online at time 0 that may hold a slot take one in a random order, up to the
    /// cap, whatever their availability: a server up for long with devices coming and going.
    case random
    /// Nobody holds one: the server has just restarted; devices take slots at the end of their
    /// next syncs, in the order those complete.
    case none
    /// As `random`, but devices that are always on come first: a server up for so long that
    /// the devices that never leave hold every slot they can.
    case alwaysOnFirst = "always-on-first"
}

public enum PermanentCapReading: String, Sendable, CaseIterable {
    /// The server holds at most `permanentConnectionCap` connections at once: a device
    /// beyond it is refused at the end of its sync and asks again at its next sync.
    case dynamic
    /// At most `permanentConnectionCap` devices can have Keep connection ticked: which of
    /// the devices that want it get it is drawn at random when the scenario starts.
    case staticRandom = "static-random"
    /// As `static-random`, but ticked in scenario order: the first classes first.
    case staticClassOrder = "static-class-order"
}

/// A server outage: every connection refused, every permanent connection dropped.
public struct Outage: Sendable, Equatable, ScenarioSection {
    /// Start, in seconds from the start of the run.
    public var start: Double
    /// Length, in seconds.
    public var duration: Double

    public init(start: Double, duration: Double) {
        self.start = start
        self.duration = duration
    }

    public init() {
        self.init(start: 0, duration: 0)
    }
}

/// Push servers that hold the connections of listed device classes.
public struct PushServerConfig: Sendable, Equatable, ScenarioSection {
    /// Number of push servers (default 0: none).
    public var count: Int = 0
    /// Connections each push server holds at once (default 50000; KSC documentation).
    public var capacity: Int = 50000
    /// Names of the classes whose devices connect to a push server.
    public var classes: [String] = []

    public init() {}
}

/// When devices of a class are online.
public enum Availability: Sendable, Equatable {
    /// Always on (default).
    case always
    /// Alternating on and off periods drawn from the two distributions.
    case onOff(on: Distribution, off: Distribution)
    /// A weekly schedule: on the listed days (0 = Monday), online from `start` plus
    /// U(0, startSpread) to `end` plus U(0, endSpread); times of day in seconds after
    /// midnight. Time 0 of a run is Monday 00:00.
    case weekly(days: [Int], start: Double, startSpread: Double, end: Double, endSpread: Double)
}

/// A class of devices that share their behaviour.
public struct DeviceClass: Sendable, Equatable, ScenarioSection {
    /// Unique name, used in paths (`classes.NAME.key`) and output rows.
    public var name: String
    /// Number of devices.
    public var devices: Int = 0
    /// Computers (Network Agent) or mobile devices (default computer).
    public var kind: DeviceKind = .computer
    /// A mobile class's platform (default android).
    public var platform: MobilePlatform = .android
    /// A mobile class's power-saving delay of each scheduled sync (default 0s; assumption).
    public var postponement: Distribution = .constant(0)
    /// A mobile class's roaming devices and trips (default none).
    public var roaming: Roaming?
    /// Whether a roaming device still syncs (default false; KSC documentation).
    public var syncWhileRoaming = false
    /// An Android class's forced sync through FCM, with its priority (default off).
    public var fcm: FCMPriority = .off
    /// Network Agent sync interval (default 15m; KSC documentation).
    public var syncInterval: Distribution = .constant(900)
    /// Extra delay added to each interval (default uniform(min=0s, max=0s)).
    public var syncJitter: Distribution = .uniform(min: 0, max: 0)
    /// When the devices are online (default always).
    public var availability: Availability = .always
    /// Fraction of devices with "Keep connection" ticked (default 0).
    public var keepConnection: Double = 0
    /// Fraction of devices whose UDP 15000 the server can reach (default 0; assumption: NAT blocks it).
    public var wakeReachable: Double = 0
    /// Probability that a UDP packet is lost (default 0.01; assumption).
    public var udpLoss: Double = 0.01
    /// Round-trip time between device and server (default lognormal(mean=60ms, sd=20ms); assumption).
    public var rtt: Distribution = .lognormalChecked(mean: 0.06, sd: 0.02)
    /// Fraction of clean shutdowns whose UDP 13000 notice reaches the server (default 1).
    public var shutdownNotice: Double = 1
    /// Each device's inbound link (nil: unlimited).
    public var accessLink: AccessLink?
    /// A traffic restriction on the payloads sent to the class's devices, bytes/s, and its hours.
    public var trafficLimit: Double?
    public var trafficLimitHours: DailyHours?
    /// Fraction of going-offline events that drop the connection without a TCP close (default 0).
    public var abruptOff: Double = 0
    /// The server that manages the class (empty: its gateway's or site's, else the first).
    public var server: String = ""
    /// The connection gateway its devices connect through (empty: straight to the server).
    public var gateway: String = ""
    /// The remote office whose relay wakes its devices (empty: none).
    public var site: String = ""

    public init(name: String) {
        self.name = name
    }

    public init() {
        self.init(name: "")
    }
}

/// A task launched by the administrator.
public struct TaskSpec: Sendable, Equatable, ScenarioSection {
    /// How launch times are chosen.
    public enum Schedule: Sendable, Equatable {
        /// At the listed times (seconds).
        case at([Double])
        /// Every `period` seconds from `start`.
        case every(period: Double, start: Double)
        /// Poisson launches at `rate` per second.
        case poisson(rate: Double)
    }

    /// Name, used in `deliveries.csv`.
    public var name: String
    /// Launch times.
    public var schedule: Schedule = .every(period: 3600, start: 0)
    /// Names of targeted classes; empty means every class.
    public var targets: [String] = []
    /// Each device starts the task at launch + U(0, randomizedDelay) at the earliest (default 0).
    public var randomizedDelay: Double = 0
    /// Bytes each device downloads when the task starts on it (0: none), and sends back.
    public var payload: Double = 0
    public var payloadUp: Double = 0
    /// What a download cut off by its device going offline does when the device returns.
    public var resume: DownloadResume = .continue

    public init(name: String) {
        self.name = name
    }

    public init() {
        self.init(name: "")
    }
}

extension Distribution {
    /// A log-normal from constants known to be valid (for defaults).
    static func lognormalChecked(mean: Double, sd: Double) -> Distribution {
        // Parameters are literals checked by tests; `try!` cannot fail for them.
        try! makeLognormal(mean: mean, sd: sd)
    }
}
