import KSCSupport

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
    /// An FCM push made an Android phone sync at once (only in scenarios with FCM).
    case fcm

    public var description: String {
        switch self {
        case .push: return "push"
        case .wake: return "wake"
        case .sync: return "sync"
        case .startup: return "startup"
        case .fcm: return "fcm"
        }
    }
}

/// One row of `deliveries.csv`: one task reaching one device, or (path nil) a pair
/// still undelivered at the horizon, whose delivery time and latency are unknown (NaN).
/// Times in seconds.
public struct DeliveryRecord: Sendable, Equatable, TabularRecord {
    public var replication: Int
    public var task: String
    public var device: Int
    public var deviceClass: String
    public var path: DeliveryPath?
    public var launched: Double
    public var delivered: Double
    public var latency: Double
    /// When the payload was on the device (with payloads only); NaN when unfinished.
    public var completed = Double.nan

    public init(
        replication: Int, task: String, device: Int, deviceClass: String, path: DeliveryPath?, launched: Double,
        delivered: Double, latency: Double
    ) {
        self.replication = replication
        self.task = task
        self.device = device
        self.deviceClass = deviceClass
        self.path = path
        self.launched = launched
        self.delivered = delivered
        self.latency = latency
    }

    public static let columns: [Column<DeliveryRecord>] = [
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text("task", \.task, doc: "task name"),
        .int("device", \.device, unit: "index", doc: "0-based device index over all classes in scenario order"),
        .text("class", \.deviceClass, doc: "device class"),
        Column(
            "path", unit: "text",
            doc:
                "delivery path: `push`, `wake`, `sync` or `startup`; `undelivered` for a pair not delivered at the horizon",
            aggregated: false
        ) {
            .text($0.path?.description ?? "undelivered")
        },
        .number("launched_s", \.launched, unit: "s", doc: "launch time"),
        .number(
            "delivered_s", \.delivered, unit: "s",
            doc: "delivery time (the start time when the task has a randomized delay); empty when undelivered"),
        .number(
            "latency_s", \.latency, unit: "s",
            doc: "delivered_s − launched_s; empty when undelivered (it exceeds horizon − launched_s)"),
    ]

    /// The columns written when a task carries a payload: these, then the completion.
    public static let completionColumns: [Column<DeliveryRecord>] =
        columns + [
            .number(
                "completed_s", \.completed, unit: "s",
                doc:
                    "with payloads only: when the payload was on the device (delivered_s for a task without payload); empty when unfinished at the horizon"
            ),
            Column("completion_latency_s", unit: "s", doc: "completed_s − launched_s; empty when unfinished") {
                .number($0.completed - $0.launched)
            },
        ]
}
