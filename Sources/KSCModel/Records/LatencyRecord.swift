import KSCSupport

/// One row of `latency.csv`: latency of the deliveries of one class by one path
/// (`all` for every class or every path) in one replication. Times in seconds.
public struct LatencyRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    /// Class name, or `all`.
    public var deviceClass = ""
    /// Delivery path, or `all`.
    public var path = ""
    public var count = 0
    public var mean = 0.0, p50 = 0.0, p90 = 0.0, p95 = 0.0, p99 = 0.0, max = 0.0

    public init() {}

    public static let columns: [Column<LatencyRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text("class", \.deviceClass, doc: "device class, or `all`"),
        .text("path", \.path, doc: "delivery path (`push`, `wake`, `sync`, `startup`), or `all`"),
        .int("count", \.count, doc: "deliveries"),
        .number("mean_s", \.mean, unit: "s", doc: "mean latency (0 when count is 0)"),
        .number("p50_s", \.p50, unit: "s", doc: "median latency"),
        .number("p90_s", \.p90, unit: "s", doc: "90th percentile latency"),
        .number("p95_s", \.p95, unit: "s", doc: "95th percentile latency"),
        .number("p99_s", \.p99, unit: "s", doc: "99th percentile latency"),
        .number("max_s", \.max, unit: "s", doc: "largest latency"),
    ]
}
