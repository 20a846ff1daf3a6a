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
    /// Whether the runs have bytes on the wire (a payload or a link rate): without, the
    /// completion and link metrics, empty in every run, are left out of every table, so that
    /// the files of scenarios without bytes stay as they were.
    public let bytes: Bool
    /// Positions of the kept metrics among every metric (`allNames`).
    let kept: [Int]

    public init(classes: [String], bytes: Bool = true) {
        self.classes = classes
        self.bytes = bytes
        let all = AggregateTable.metrics + ClassFigures.columnNames(classes: classes)
        kept = all.indices.filter { bytes || !MetricSet.isTransfer(all[$0]) }
    }

    /// The metrics of a scenario's classes.
    public init(_ scenario: Scenario) {
        self.init(classes: scenario.classes.map(\.name), bytes: scenario.usesLinks)
    }

    /// Whether a metric is one of bytes on the wire (a summary column of
    /// `SummaryRecord.transferColumnNames`, or a class's completion figure).
    public static func isTransfer(_ name: String) -> Bool {
        let base = ClassFigures.split(name)?.metric ?? name
        return ClassFigures.split(name) == nil
            ? SummaryRecord.transferColumnNames.contains(base)
            : ClassFigures.completionColumns.contains { $0.name == base }
    }

    /// Every metric name, in order.
    public var names: [String] {
        let all = AggregateTable.metrics + ClassFigures.columnNames(classes: classes)
        return kept.map { all[$0] }
    }

    /// The metric values of one replication, in the order of `names`.
    public func values(_ summary: SummaryRecord, latency: [LatencyRecord]) -> [Double] {
        let all = AggregateTable.values(summary) + ClassFigures.values(classes: classes, latency: latency).map(\.number)
        return kept.map { all[$0] }
    }

    /// Positions of the aggregated columns among the summary's, computed once.
    static let aggregatedIndexes = SummaryRecord.columns.indices.filter { SummaryRecord.columns[$0].aggregated }

    /// The metric values of a run file's fields (its summary fields, then its class fields).
    func values(fields: [String]) -> [Double] {
        let summary = MetricSet.aggregatedIndexes
        let classPart = fields.dropFirst(SummaryRecord.columns.count)
        let all =
            summary.map { $0 < fields.count ? Double(fields[$0]) ?? .nan : .nan }
            + (0..<(classes.count * ClassFigures.names.count)).map { i in
                i < classPart.count ? Double(classPart[classPart.startIndex + i]) ?? .nan : .nan
            }
        return kept.map { all[$0] }
    }

    /// The index of a metric in `names`, or an error saying what is allowed.
    public func index(_ name: String, _ fail: (String) -> InputError) throws -> Int {
        if let i = names.firstIndex(of: name) { return i }
        if let (metric, deviceClass) = ClassFigures.split(name) {
            guard ClassFigures.names.contains(metric) else {
                throw fail(
                    "\"\(metric)\" is not a per-class figure; a class can be named on \(ClassFigures.names.joined(separator: ", ")), e.g. latency_p95_s[\(classes.first ?? "laptops")]"
                )
            }
            guard classes.contains(deviceClass) else {
                let hint = MappingReader.closest(to: deviceClass, in: classes).map { "did you mean \"\($0)\"? " } ?? ""
                throw fail(
                    "no device class \"\(deviceClass)\"; \(hint)the classes are \(classes.isEmpty ? "none" : classes.joined(separator: ", "))"
                )
            }
        }
        if !bytes && MetricSet.isTransfer(name) {
            throw fail(
                "\"\(name)\" is a figure of bytes on the wire, which do not apply here: no task carries a payload and no link has a rate"
            )
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
