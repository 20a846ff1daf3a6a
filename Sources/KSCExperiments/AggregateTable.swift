import KSCModel
import KSCRecords
import KSCStatistics
import KSCSupport

/// `aggregate.csv`: one row per point, and for each aggregated summary column its mean,
/// standard deviation and 95 % Student-t half-width over the point's replications.
public enum AggregateTable {
    /// The aggregated summary columns (declared with `aggregated: true`).
    public static let metrics = columns.map(\.name)
    static let columns = SummaryRecord.columns.filter(\.aggregated)

    /// The aggregated values of one summary row, in the order of `metrics`.
    public static func values(_ summary: SummaryRecord) -> [Double] {
        columns.map { $0.value(summary).number }
    }

    /// The whole table.
    /// - Parameters:
    ///   - metrics: the metrics, summary then per class, and the order of each run's values.
    ///   - varied: the varied columns (none for a single point).
    ///   - points: each point's number, varied values, and per replication its metric
    ///     values in the order of `metrics.names`.
    ///   - precisionMet: under a precision target, whether each point met it (adds the
    ///     column `precision_met`, 1 or 0, after `replications`).
    ///   - allColumns: keep every metric; otherwise a metric whose value is the same in every
    ///     run (every replication of every point; unknown everywhere counts as the same) is
    ///     left out, when there are two runs or more. metrics.csv keeps every metric.
    static func text(
        format: CSVFormat, metrics: MetricSet, varied: VariedColumns,
        points: [(point: Int, labels: [String], runs: [[Double]])],
        precisionMet: [Bool]? = nil, allColumns: Bool = true
    ) -> String {
        let kept = allColumns ? Array(metrics.names.indices) : varying(metrics: metrics, points: points)
        var out = format.header(
            ["point"] + varied.names + ["replications"] + (precisionMet == nil ? [] : ["precision_met"])
                + kept.flatMap {
                    ["\(metrics.names[$0])_mean", "\(metrics.names[$0])_sd", "\(metrics.names[$0])_ci95"]
                })
        for (i, p) in points.enumerated() {
            var line: [FieldValue] = [.int(p.point)] + varied.fields(p.labels) + [.int(p.runs.count)]
            if let precisionMet { line.append(.int(precisionMet[i] ? 1 : 0)) }
            for m in kept {
                let stats = AggregateStatistics(p.runs.map { $0[m] })
                line += [.number(stats.mean), .number(stats.sd), .number(stats.ci95)]
            }
            out += format.line(line)
        }
        return out
    }
}

extension AggregateTable {
    /// The indexes of the metrics whose value differs between two runs (all of them with
    /// fewer than two runs).
    /// - Complexity: O(metrics × runs).
    static func varying(metrics: MetricSet, points: [(point: Int, labels: [String], runs: [[Double]])]) -> [Int] {
        let runs = points.flatMap(\.runs)
        guard let first = runs.first, runs.count > 1 else { return Array(metrics.names.indices) }
        return metrics.names.indices.filter { m in
            runs.contains { run in
                let (a, b) = (run[m], first[m])
                return a.isNaN != b.isNaN || (!a.isNaN && a != b)
            }
        }
    }
}

/// Mean, standard deviation and 95 % Student-t half-width of replication values.
public struct AggregateStatistics: Sendable {
    public let mean: Double, sd: Double, ci95: Double

    public init(_ values: [Double]) {
        let ci = ConfidenceInterval(values, level: 0.95)
        mean = ci.mean
        sd = ci.standardDeviation
        ci95 = ci.halfWidth
    }
}
