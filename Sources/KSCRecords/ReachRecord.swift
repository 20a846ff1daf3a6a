import KSCSupport

/// One row of `reach.csv`: for one class (or `all`) in one replication, the share of its
/// targeted (task, device) pairs delivered within `after_s` of their launch, by one path or
/// by any (`all`). The denominator is every targeted pair of the class, delivered or not, so
/// the path rows of a class add up to its `all` row.
public struct ReachRecord: Sendable, Equatable, TabularRecord {
    /// Times after a launch at which `reach.csv` reports, s (those up to the horizon).
    public static let grid: [Double] = [
        1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200,
        10800, 14400, 21600, 28800, 43200, 86400, 172_800, 259_200, 345_600, 432_000, 604_800,
    ]
    public var scenario = ""
    public var replication = 0
    /// Class name, or `all`.
    public var deviceClass = ""
    /// Delivery path, or `all`.
    public var path = ""
    /// Time after the launch, s.
    public var after = 0.0
    /// Targeted pairs of the class (every path, delivered or not).
    public var pairs = 0
    /// Pairs delivered by the path within `after`.
    public var reached = 0
    /// reached / pairs; NaN when unknown (some undelivered pair waited less than `after`).
    public var share = 0.0

    public init() {}

    public static let columns: [Column<ReachRecord>] = [
        .text("scenario", \.scenario, doc: "scenario name"),
        .int("replication", \.replication, unit: "number", doc: "1-based"),
        .text("class", \.deviceClass, doc: "device class, or `all`"),
        .text("path", \.path, doc: "delivery path (`push`, `wake`, `sync`, `startup`), or `all` (any path)"),
        .number(
            "after_s", \.after, unit: "s",
            doc: "time after the launch, from a fixed grid (1 s to 7 d, up to the horizon)"),
        .int(
            "pairs", \.pairs,
            doc:
                "targeted (task, device) pairs of the class counted after the warm-up, delivered or not: the denominator"
        ),
        .int("reached", \.reached, doc: "pairs delivered by the path within `after_s` (to the latency sketch's 0.1 %)"),
        .number(
            "reached_share", \.share, unit: "share 0–1",
            doc:
                "reached / pairs; empty when unknown (an undelivered pair was launched less than `after_s` before the horizon) or pairs is 0"
        ),
    ]
}
