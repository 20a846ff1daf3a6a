import KSCRecords
import KSCStatistics
import KSCSupport

/// `metrics.csv`: every figure of a run or a sweep as one row (long format, ready for a pivot
/// table): the point (0 for a run) and its varied values, the class (`all` for the fleet's
/// figures), the metric and its unit, the mean over the replications, the bounds of its 95%
/// Student-t interval and the number of replications. A figure unknown in any replication is
/// unknown (empty cells); with one replication the bounds are empty.
public enum MetricsTable {
    /// Every column with its unit and meaning (the reference's table).
    public static let columnDocs: [(String, String, String)] = [
        ("point", "number", "the point of a sweep (0 for a run)"),
        ("KEY ...", "as varied", "a sweep's varied values, as in aggregate.csv"),
        ("class", "text", "`all` for the fleet's figures, else the class whose figure it is"),
        ("metric", "text", "a numeric column of summary.csv, or a per-class figure (without `[CLASS]`)"),
        ("unit", "text", "the metric's unit, as in its column's table"),
        ("mean", "unit", "mean over the replications; empty when unknown in any of them"),
        ("low", "unit", "lower bound of the 95% Student-t interval (empty with one replication)"),
        ("high", "unit", "upper bound of that interval"),
        ("replications", "count", "the replications behind the figure"),
    ]

    /// The columns after the point and the varied keys.
    static let columns = ["class", "metric", "unit", "mean", "low", "high", "replications"]

    /// The unit of a metric of `MetricSet`: its summary column's, or its class figure's.
    static func unit(_ metric: String) -> String {
        if let column = SummaryRecord.columns.first(where: { $0.name == metric }) { return column.unit }
        return ClassFigures.figures.first { $0.name == metric }?.unit ?? ""
    }

    /// The whole table; `points` as for `AggregateTable.text`.
    static func text(
        format: CSVFormat, metrics: MetricSet, varied: VariedColumns,
        points: [(point: Int, labels: [String], runs: [[Double]])]
    ) -> String {
        var out = format.header(["point"] + varied.names + columns)
        let named = metrics.names.map { name -> (deviceClass: String, metric: String, unit: String) in
            let (metric, deviceClass) = ClassFigures.split(name) ?? (name, "all")
            return (deviceClass, metric, unit(metric))
        }
        for p in points {
            let front: [FieldValue] = [.int(p.point)] + varied.fields(p.labels)
            for (m, name) in named.enumerated() {
                let ci = ConfidenceInterval(p.runs.map { $0[m] }, level: 0.95)
                out += format.line(
                    front + [
                        .text(name.deviceClass), .text(name.metric), .text(name.unit), .number(ci.mean),
                        .number(ci.lower), .number(ci.upper), .int(p.runs.count),
                    ])
            }
        }
        return out
    }
}
