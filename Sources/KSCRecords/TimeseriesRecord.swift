import KSCSupport

/// One row of `timeseries.csv`: the state at one sampling time.
public struct TimeseriesRecord: Sendable, Equatable, TabularRecord {
    public var replication: Int
    public var time: Double
    public var online: Int
    public var permInUse: Int
    public var permWithout: Int
    public var queueLength: Int
    public var busyWorkers: Int
    public var undelivered: Int

    public init(
        replication: Int, time: Double, online: Int, permInUse: Int, permWithout: Int, queueLength: Int,
        busyWorkers: Int, undelivered: Int
    ) {
        self.replication = replication
        self.time = time
        self.online = online
        self.permInUse = permInUse
        self.permWithout = permWithout
        self.queueLength = queueLength
        self.busyWorkers = busyWorkers
        self.undelivered = undelivered
    }

    /// A row read back from its fields (in column order).
    public init?(fields: [String]) {
        let names = TimeseriesRecord.columnNames
        guard fields.count == names.count else { return nil }
        func int(_ name: String) -> Int { Int(fields[names.firstIndex(of: name)!]) ?? 0 }
        self.init(
            replication: int("replication"), time: Double(fields[names.firstIndex(of: "time_s")!]) ?? 0,
            online: int("online"),
            permInUse: int("perm_in_use"), permWithout: int("perm_without"), queueLength: int("queue_length"),
            busyWorkers: int("busy_workers"), undelivered: int("undelivered"))
    }

    public static let columns: [Column<TimeseriesRecord>] = [
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .number("time_s", \.time, unit: "s", doc: "sampling time"),
        .int("online", \.online, unit: "devices", doc: "devices online"),
        .int(
            "perm_in_use", \.permInUse, unit: "connections",
            doc: "permanent connections held at the Administration Server"),
        .int(
            "perm_without", \.permWithout, unit: "devices",
            doc: "online devices that want a permanent connection and hold none"),
        .int("queue_length", \.queueLength, unit: "sessions", doc: "sync sessions waiting for a worker"),
        .int("busy_workers", \.busyWorkers, unit: "workers", doc: "sync workers busy"),
        .int("undelivered", \.undelivered, unit: "pairs", doc: "(task, device) pairs launched and not yet delivered"),
    ]
}
