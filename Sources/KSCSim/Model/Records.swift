/// How a task reached a device.
public enum DeliveryPath: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Pushed over a permanent connection or a push server connection.
    case push
    /// A UDP 15000 wake packet made the agent sync at once.
    case wake
    /// The device's next periodic sync (or its retry).
    case sync
    /// The startup sync of a device that was offline.
    case startup

    public var description: String {
        switch self {
        case .push: return "push"
        case .wake: return "wake"
        case .sync: return "sync"
        case .startup: return "startup"
        }
    }
}

/// One row of `summary.csv`: the results of one replication. Times in seconds.
public struct SummaryRecord: Sendable, Equatable {
    /// Scenario name.
    public var scenario: String
    /// Replication number, from 1.
    public var replication: Int
    /// Seed of this replication's random streams.
    public var seed: UInt64
    /// Devices simulated.
    public var devices: Int
    /// Simulated time, s.
    public var horizonSeconds: Double
    /// Task launches after the warm-up (a launch targets many devices).
    public var tasksLaunched: Int
    /// (task, device) deliveries of tasks launched after the warm-up.
    public var deliveries: Int
    /// (task, device) pairs launched after the warm-up and not delivered at the horizon.
    public var undelivered: Int
    /// Latency of deliveries: mean and quantiles, s.
    public var latencyMean: Double, latencyP50: Double, latencyP90: Double, latencyP95: Double, latencyP99: Double, latencyMax: Double
    /// Share of deliveries within 60 s, 300 s, 900 s and 3600 s of the launch.
    public var within60: Double, within300: Double, within900: Double, within3600: Double
    /// Deliveries by path.
    public var viaPush: Int, viaWake: Int, viaSync: Int, viaStartup: Int
    /// Requests for a permanent connection, refusals, and refused share.
    public var permAttempts: Int, permRefused: Int, permBlocking: Double
    /// Permanent connections in use: time-weighted mean and maximum.
    public var permInUseMean: Double, permInUseMax: Double
    /// Sync sessions served by the server.
    public var syncs: Int
    /// Wait of a sync session for a worker: mean and p99, s.
    public var syncWaitMean: Double, syncWaitP99: Double
    /// Largest number of sync sessions waiting for a worker at once.
    public var queueLengthMax: Int
    /// Mean share of sync workers busy.
    public var serverUtilization: Double
    /// Sync connections refused (full backlog or outage).
    public var connectionsRefused: Int
    /// UDP 15000 packets sent; lost on the way (loss or unreachable); sent to devices that were off.
    public var wakeSent: Int, wakeLost: Int, wakeToOffline: Int
    /// Mean time from a device going off to the server marking it off (or it coming back), s.
    public var statusStaleMean: Double
    /// Events handled by the engine in this replication (warm-up included).
    public var events: UInt64
}

/// One row of `latency.csv`: latency of the deliveries of one class by one path
/// (`all` for every class or every path) in one replication. Times in seconds.
public struct LatencyRecord: Sendable, Equatable {
    public var scenario: String
    public var replication: Int
    /// Class name, or `all`.
    public var deviceClass: String
    /// Delivery path, or `all`.
    public var path: String
    /// Number of deliveries.
    public var count: Int
    /// Mean, quantiles and maximum of the latency, s (0 when count is 0).
    public var mean: Double, p50: Double, p90: Double, p95: Double, p99: Double, max: Double
}

/// One row of `deliveries.csv`: one task reaching one device. Times in seconds.
public struct DeliveryRecord: Sendable, Equatable {
    public var replication: Int
    /// Task name.
    public var task: String
    /// Device index (0-based, over all classes in scenario order).
    public var device: Int
    public var deviceClass: String
    public var path: DeliveryPath
    /// Launch time, s.
    public var launched: Double
    /// Delivery time (start time with a randomized delay), s.
    public var delivered: Double
    /// delivered - launched, s.
    public var latency: Double
}

/// One row of `timeseries.csv`: the state at one sampling time.
public struct TimeseriesRecord: Sendable, Equatable {
    public var replication: Int
    /// Sampling time, s.
    public var time: Double
    /// Devices online.
    public var online: Int
    /// Permanent connections held at the Administration Server.
    public var permInUse: Int
    /// Sync sessions waiting for a worker.
    public var queueLength: Int
    /// Sync workers busy.
    public var busyWorkers: Int
    /// (task, device) pairs launched and not yet delivered.
    public var undelivered: Int
}

/// Where the model hands its per-event records; the model never sees a file format.
public protocol RecordSink {
    /// Whether the model should build delivery records at all (they cost time).
    var wantsDeliveries: Bool { get }
    mutating func record(_ delivery: DeliveryRecord)
    mutating func record(_ sample: TimeseriesRecord)
}

/// A sink that keeps nothing.
public struct DiscardingSink: RecordSink {
    public init() {}
    public var wantsDeliveries: Bool { false }
    public mutating func record(_ delivery: DeliveryRecord) {}
    public mutating func record(_ sample: TimeseriesRecord) {}
}
