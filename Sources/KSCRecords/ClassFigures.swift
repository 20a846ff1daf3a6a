import KSCSupport

/// The figures of one device class that sweeps, `aggregate.csv`, `compare`, `screen` and the
/// `precision` and `select` rules can name as `METRIC[CLASS]`, e.g. `latency_p95_s[laptops]`.
/// Each is the summary column of the same name restricted to the class's own targeted pairs:
/// it is read from the class's `all`-path row of `latency.csv`, so the two always agree.
public enum ClassFigures {
    /// The per-class figures, named as the summary columns they restrict.
    public static let columns: [Column<LatencyRecord>] = [
        .int("pairs", \.pairs, doc: "targeted (task, device) pairs of the class after the warm-up: the denominator"),
        .int("deliveries", \.deliveries, doc: "pairs of the class delivered by the horizon"),
        .int("undelivered", \.undelivered, doc: "pairs of the class not delivered at the horizon"),
        .number(
            "undelivered_share", \.undeliveredShare, unit: "share 0–1",
            doc: "undelivered / pairs of the class; empty when the class has no pair"),
        .number(
            "latency_p50_s", \.p50, unit: "s",
            doc: "median latency over every targeted pair of the class, delivered or not; empty when unknown"),
        .number("latency_p90_s", \.p90, unit: "s", doc: "90th percentile, as latency_p50_s"),
        .number("latency_p95_s", \.p95, unit: "s", doc: "95th percentile, as latency_p50_s"),
        .number("latency_p99_s", \.p99, unit: "s", doc: "99th percentile, as latency_p50_s"),
        .number(
            "latency_mean_s", \.mean, unit: "s",
            doc: "mean latency of the class; empty when any of its pairs is undelivered"
        ),
        .number(
            "latency_max_s", \.max, unit: "s", doc: "largest latency of the class; empty when any pair is undelivered"),
    ]

    /// Figures read from the class's `completed` row of latency.csv (with payloads; NaN without).
    public static let completionColumns: [Column<LatencyRecord>] = [
        .number(
            "completion_p50_s", \.p50, unit: "s",
            doc:
                "median completion latency (launch to the payload on the device) over every targeted pair of the class; empty when unknown or without payloads"
        ),
        .number("completion_p95_s", \.p95, unit: "s", doc: "95th percentile, as completion_p50_s"),
        Column(
            "uncompleted_share", unit: "share 0–1",
            doc: "pairs of the class not finished at the horizon / its pairs; empty without payloads"
        ) { .number($0.pairs > 0 ? Double($0.undelivered) / Double($0.pairs) : .nan) },
    ]

    /// Every per-class figure: the delivery figures, then the completion figures.
    public static let figures = columns + completionColumns

    /// The figure names (without a class).
    public static let names = figures.map(\.name)

    /// `metric[class]`.
    public static func name(_ metric: String, of deviceClass: String) -> String { "\(metric)[\(deviceClass)]" }

    /// The metric and class of a name written `metric[class]`; nil for a name without a class.
    public static func split(_ name: String) -> (metric: String, deviceClass: String)? {
        guard name.hasSuffix("]"), let open = name.firstIndex(of: "[") else { return nil }
        let metric = name[..<open].trimmingSpaces()
        let deviceClass = name[name.index(after: open)..<name.index(before: name.endIndex)].trimmingSpaces()
        return (metric, deviceClass)
    }

    /// Whether a figure is kept in files: every figure with bytes on the wire, else only the
    /// delivery figures.
    public static func kept(_ figure: String, bytes: Bool) -> Bool {
        bytes || !completionColumns.contains { $0.name == figure }
    }

    /// Column names for `classes`, class by class: `pairs[laptops]`, …, `latency_max_s[servers]`.
    public static func columnNames(classes: [String]) -> [String] {
        classes.flatMap { c in names.map { name($0, of: c) } }
    }

    /// The figures of `classes`, class by class, from one replication's latency rows (the
    /// class's `all`-path row, and its `completed` row); NaN for a row the replication does not
    /// have.
    public static func values(classes: [String], latency: [LatencyRecord]) -> [FieldValue] {
        classes.flatMap { c -> [FieldValue] in
            func part(_ path: String, _ columns: [Column<LatencyRecord>]) -> [FieldValue] {
                guard let row = latency.first(where: { $0.deviceClass == c && $0.path == path }) else {
                    return columns.map { _ in .number(.nan) }
                }
                return columns.map { $0.value(row) }
            }
            return part("all", columns) + part("completed", completionColumns)
        }
    }
}

extension LatencyRecord {
    /// undelivered / pairs; NaN without a pair.
    public var undeliveredShare: Double { pairs > 0 ? Double(undelivered) / Double(pairs) : .nan }
}
