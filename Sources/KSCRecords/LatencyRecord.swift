import KSCSupport

/// One row of `latency.csv`: for one class (or `all`) in one replication, the latency of
/// the deliveries by one path, or (path `all`) of every targeted pair, delivered or not.
/// Times in seconds; unknown values are NaN (empty cells).
public struct LatencyRecord: Sendable, Equatable, TabularRecord {
    public var scenario = ""
    public var replication = 0
    /// Class name, or `all`.
    public var deviceClass = ""
    /// Delivery path, or `all`.
    public var path = ""
    /// Pairs described: the deliveries of a path row; every targeted pair of the `all` row.
    public var pairs = 0
    public var deliveries = 0
    public var undelivered = 0
    public var mean = 0.0, p50 = 0.0, p90 = 0.0, p95 = 0.0, p99 = 0.0, max = 0.0

    public init() {}

    public static let columns: [Column<LatencyRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text("class", \.deviceClass, doc: "device class, or `all`"),
        .text("path", \.path, doc: "delivery path (`push`, `wake`, `sync`, `startup`), or `all`"),
        .int(
            "pairs", \.pairs,
            doc: "pairs the row describes: its deliveries for a path; every targeted pair for path `all`"),
        .int("deliveries", \.deliveries, doc: "pairs delivered"),
        .int("undelivered", \.undelivered, doc: "pairs not delivered at the horizon (path `all` only)"),
        .number("mean_s", \.mean, unit: "s", doc: "mean latency; empty when any pair is undelivered or there is none"),
        .number(
            "p50_s", \.p50, unit: "s",
            doc: "median latency over the row's pairs; empty when unknown (rank among undelivered pairs)"),
        .number("p90_s", \.p90, unit: "s", doc: "90th percentile; empty when unknown"),
        .number("p95_s", \.p95, unit: "s", doc: "95th percentile; empty when unknown"),
        .number("p99_s", \.p99, unit: "s", doc: "99th percentile; empty when unknown"),
        .number("max_s", \.max, unit: "s", doc: "largest latency; empty when any pair is undelivered or there is none"),
    ]
}
