import KSCModel
import KSCRecords
import KSCScenario
import KSCSupport

/// The metrics of a run that tables and procedures name: the aggregated summary columns,
/// then for each device class the per-class figures (`ClassFigures`), named
/// `metric[class]`, class by class in scenario order. `aggregate.csv`, `compare.csv`,
/// `screen` and the `precision` and `select` rules all use this one order.
public struct MetricSet: Sendable, Equatable {
    /// The device classes whose figures follow the summary metrics.
    public let classes: [String]

    public init(classes: [String]) { self.classes = classes }

    /// The metrics of a scenario's classes.
    public init(_ scenario: Scenario) { self.init(classes: scenario.classes.map(\.name)) }

    /// Every metric name, in order.
    public var names: [String] { AggregateTable.metrics + ClassFigures.columnNames(classes: classes) }

    /// The metric values of one replication, in the order of `names`.
    public func values(_ summary: SummaryRecord, latency: [LatencyRecord]) -> [Double] {
        AggregateTable.values(summary) + ClassFigures.values(classes: classes, latency: latency).map(\.number)
    }

    /// Positions of the aggregated columns among the summary's, computed once.
    static let aggregatedIndexes = SummaryRecord.columns.indices.filter { SummaryRecord.columns[$0].aggregated }

    /// The metric values of a run file's fields (its summary fields, then its class fields).
    func values(fields: [String]) -> [Double] {
        let summary = MetricSet.aggregatedIndexes
        let classPart = fields.dropFirst(SummaryRecord.columns.count)
        return summary.map { $0 < fields.count ? Double(fields[$0]) ?? .nan : .nan }
            + (0..<(classes.count * ClassFigures.names.count)).map { i in
                i < classPart.count ? Double(classPart[classPart.startIndex + i]) ?? .nan : .nan
            }
    }

    /// The index of a metric in `names`, or an error saying what is allowed.
    public func index(_ name: String, _ fail: (String) -> InputError) throws -> Int {
        if let i = AggregateTable.metrics.firstIndex(of: name) { return i }
        if let (metric, deviceClass) = ClassFigures.split(name) {
            guard let f = ClassFigures.names.firstIndex(of: metric) else {
                throw fail(
                    "\"\(metric)\" is not a per-class figure; a class can be named on \(ClassFigures.names.joined(separator: ", ")), e.g. latency_p95_s[\(classes.first ?? "laptops")]"
                )
            }
            guard let c = classes.firstIndex(of: deviceClass) else {
                let hint = MappingReader.closest(to: deviceClass, in: classes).map { "did you mean \"\($0)\"? " } ?? ""
                throw fail(
                    "no device class \"\(deviceClass)\"; \(hint)the classes are \(classes.isEmpty ? "none" : classes.joined(separator: ", "))"
                )
            }
            return AggregateTable.metrics.count + c * ClassFigures.names.count + f
        }
        let hint = MappingReader.closest(to: name, in: AggregateTable.metrics).map { "did you mean \"\($0)\"? " } ?? ""
        throw fail(
            "unknown metric \"\(name)\"; \(hint)metrics are the \(AggregateTable.metrics.count) numeric columns of summary.csv (docs/reference/output-files.md, summary.csv), such as latency_p95_s, undelivered_share, within_900s, server_utilization, and per class \(ClassFigures.names.map { "\($0)[CLASS]" }.joined(separator: ", "))"
        )
    }

    /// The column declaration behind a metric name (a summary column, or the per-class figure).
    public static func unit(of name: String) -> String {
        let base = ClassFigures.split(name)?.metric ?? name
        return SummaryRecord.columns.first { $0.name == base }?.unit ?? ""
    }
}
