import Foundation
import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// What `kscsim run` does, as options.
public struct RunOptions: Sendable {
    /// The resolved scenario (overrides, seed and replications applied).
    public var scenario: Scenario
    /// Folder of the output files (created if missing).
    public var outputDirectory: String
    /// Write deliveries.csv (one row per task and device).
    public var deliveries = false
    /// Write timeseries.csv with this sampling step, s.
    public var timeseriesStep: Double? = nil
    /// The CSV files: English, and French copies when asked; the byte-order mark; every
    /// column of aggregate.csv or only the varying ones.
    public var csv = CSVOutput()
    /// Run replications until every target is met (or `maximum`), instead of `replications`.
    public var precision: PrecisionRule? = nil

    public init(scenario: Scenario, outputDirectory: String) {
        self.scenario = scenario
        self.outputDirectory = outputDirectory
    }
}

/// What a run produced.
public struct RunReport: Sendable {
    public var summaries: [SummaryRecord] = []
    /// Each replication's metrics in the order of `MetricSet(scenario).names`.
    public var metrics: [[Double]] = []
    public var latency: [LatencyRecord] = []
    public var reach: [ReachRecord] = []
    public var nodes: [NodeRecord] = []
    /// links.csv's rows (only when the scenario has payloads or link rates).
    public var links: [LinkRecord] = []
    /// Wall-clock seconds per replication (also in timing.csv, never in results).
    public var wallSeconds: [Double] = []
    /// Paths written.
    public var files: [String] = []
    /// Under a precision target: whether it was met.
    public var precisionMet: Bool?
    /// The warm-up check's warning (MSER-5 on the replications' time series), if any.
    public var warmupWarning: String?
    /// Said when a replication was saturated (`saturated` = 1): which node, how long.
    public var saturationWarning: String?

    /// The saturation warning of a run's records, or nil when no replication was saturated.
    static func saturationWarning(_ report: RunReport, limit: Double) -> String? {
        let saturated = report.summaries.filter { $0.saturated == 1 }
        guard !saturated.isEmpty else { return nil }
        let worst = report.nodes.filter { $0.kind != "link" && $0.timeSaturatedShare.isFinite }.max {
            $0.timeSaturatedShare < $1.timeSaturatedShare
        }
        let node = worst.map { "\($0.kind) \($0.name) spent \(String(format: "%.1f%%", $0.timeSaturatedShare * 100))" }
        return
            "saturated in \(saturated.count) of \(report.summaries.count) replications: \(node ?? "a node spent") of its time at or above 95% utilization (1-minute windows; saturationLimit \(String(format: "%g%%", limit * 100))); the figures describe an overloaded system (time_saturated_share, utilization_peak_15m, refused_* in summary.csv and nodes.csv)"
    }
}

/// Streams delivery and time-series records into CSV files being written.
/// Each file is written in every dialect of the run (`CSVOutput`): English, and a French copy.
final class CSVFileSink: RecordSink {
    let deliveries: [(OutputFile, CSVFormat)]
    let timeseries: [(OutputFile, CSVFormat)]
    let linkSeries: [(OutputFile, CSVFormat)]
    var failure: Error?
    /// The samples of the replication under way, for the warm-up check (nil: not kept).
    var samples: [TimeseriesRecord]?

    /// With payloads, deliveries.csv has the completion columns too.
    let deliveryColumns: [Column<DeliveryRecord>]

    init(
        deliveries: [(OutputFile, CSVFormat)], timeseries: [(OutputFile, CSVFormat)], mark: String,
        completion: Bool = false, linkSeries: [(OutputFile, CSVFormat)] = []
    ) throws {
        self.deliveries = deliveries
        self.timeseries = timeseries
        self.linkSeries = linkSeries
        for (file, format) in linkSeries { try file.write(mark + format.header(LinkSampleRecord.columnNames)) }
        deliveryColumns = completion ? DeliveryRecord.completionColumns : DeliveryRecord.columns
        for (file, format) in deliveries { try file.write(mark + format.header(deliveryColumns.map(\.name))) }
        for (file, format) in timeseries { try file.write(mark + format.header(TimeseriesRecord.columnNames)) }
    }

    var wantsDeliveries: Bool { !deliveries.isEmpty }

    func record(_ delivery: DeliveryRecord) {
        guard failure == nil else { return }
        do {
            let fields = deliveryColumns.map { $0.value(delivery) }
            for (file, format) in deliveries { try file.write(format.line(fields)) }
        } catch { failure = error }
    }

    func record(_ sample: TimeseriesRecord) {
        samples?.append(sample)
        guard failure == nil else { return }
        do {
            for (file, format) in timeseries { try file.write(format.line(sample.fields)) }
        } catch { failure = error }
    }

    func record(_ sample: LinkSampleRecord) {
        guard failure == nil, !linkSeries.isEmpty else { return }
        do {
            for (file, format) in linkSeries { try file.write(format.line(sample.fields)) }
        } catch { failure = error }
    }
}

/// Passes records to a class sink (keeps `RecordSink` a value-type protocol for the model).
struct SinkBox: RecordSink {
    let sink: CSVFileSink
    var wantsDeliveries: Bool { sink.wantsDeliveries }
    func record(_ delivery: DeliveryRecord) { sink.record(delivery) }
    func record(_ sample: TimeseriesRecord) { sink.record(sample) }
    func record(_ sample: LinkSampleRecord) { sink.record(sample) }
}

extension RunOptions {
    /// Runs every replication and writes summary.csv, latency.csv, reach.csv, nodes.csv,
    /// links.csv (with payloads or link rates), metrics.csv,
    /// aggregate.csv (with two or more replications), timing.csv, scenario.resolved.yaml and the
    /// optional deliveries.csv and timeseries.csv (each CSV file also as NAME.fr.csv when French
    /// is asked). Files appear only when the whole run succeeded.
    /// - Parameter progress: called after each replication with its summary.
    /// - Throws: `InputError` for an unwritable folder; `GSLError`.
    public func execute(progress: (SummaryRecord, Double) -> Void = { _, _ in }) throws -> RunReport {
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError("--out \(outputDirectory): cannot create the folder (\(error.localizedDescription))")
        }
        TemporaryFiles.removeStale(in: outputDirectory)
        let path = { (name: String) in (self.outputDirectory as NSString).appendingPathComponent(name) }
        let streamed = { (name: String) in
            try self.csv.formats.map { (try OutputFile(path: path(CSVOutput.fileName(name, $0))), $0) }
        }
        let deliveryFiles = deliveries ? try streamed("deliveries.csv") : []
        let timeseriesFiles = timeseriesStep != nil ? try streamed("timeseries.csv") : []
        let linkFiles = timeseriesStep != nil && scenario.usesLinks ? try streamed("links-timeseries.csv") : []
        var pending = (deliveryFiles + timeseriesFiles + linkFiles).map(\.0)
        defer { for file in pending { file.discard() } }
        let sink = try CSVFileSink(
            deliveries: deliveryFiles, timeseries: timeseriesFiles, mark: csv.mark,
            completion: scenario.tasks.contains { $0.payload > 0 }, linkSeries: linkFiles)

        var report = RunReport()
        let last = precision?.maximum ?? scenario.replications
        // Every run samples its state for the warm-up check (at --timeseries' step, or 400
        // samples over the horizon); samples are observations and change no result.
        let step = timeseriesStep ?? WarmupDetection.defaultStep(scenario)
        let checkWarmup = WarmupDetection.unsuitability(scenario) == nil && scenario.horizon / step <= 10_000
        var series: [[TimeseriesRecord]] = []
        let metricSet = MetricSet(scenario)
        for replication in 1...last {
            let start = Date()
            var box = SinkBox(sink: sink)
            sink.samples = checkWarmup ? [] : nil
            let result = try scenario.runReplication(replication, sink: &box, timeseriesStep: step)
            if let samples = sink.samples { series.append(samples) }
            if let failure = sink.failure { throw failure }
            let wall = Date().timeIntervalSince(start)
            report.summaries.append(result.summary)
            report.metrics.append(metricSet.values(result.summary, latency: result.latency))
            report.latency += result.latency
            report.reach += result.reach
            report.nodes += result.nodes
            report.links += result.links
            report.wallSeconds.append(wall)
            progress(result.summary, wall)
            if let precision {
                let decision = precision.stopping.decide(report.metrics)
                if decision.stopped || replication == last {
                    report.precisionMet = decision.met
                    break
                }
            }
        }

        if checkWarmup { report.warmupWarning = WarmupDetection.warning(scenario, series: series, step: step) }
        report.saturationWarning = RunReport.saturationWarning(report, limit: scenario.saturationLimit)
        let timing = zip(report.summaries, report.wallSeconds).map { TimingRecord(summary: $0, wallSeconds: $1) }
        let single = VariedColumns(keys: [], labels: [[]])
        var files: [(name: String, text: String)] =
            csv.files("summary.csv") {
                $0.table(report.summaries, columns: SummaryRecord.columns(bytes: scenario.usesLinks))
            }
            + csv.files("latency.csv") { $0.table(report.latency) }
            + csv.files("reach.csv") { $0.table(report.reach) } + csv.files("nodes.csv") { $0.table(report.nodes) }
            + csv.files("timing.csv") { $0.table(timing) }
            + (scenario.usesLinks ? csv.files("links.csv") { $0.table(report.links) } : [])
            + csv.files("metrics.csv") {
                MetricsTable.text(format: $0, metrics: metricSet, varied: single, points: [(0, [], report.metrics)])
            }
        files += [
            // Under a precision target, the replications it took: rerunning the file reproduces the run.
            (
                "scenario.resolved.yaml",
                {
                    var used = scenario
                    used.replications = report.summaries.count
                    return used.resolvedYAML
                }()
            )
        ]
        if report.summaries.count > 1 || precision != nil {
            files += csv.files("aggregate.csv") {
                AggregateTable.text(
                    format: $0, metrics: metricSet, varied: single, points: [(0, [], report.metrics)],
                    precisionMet: report.precisionMet.map { [$0] }, allColumns: csv.allColumns)
            }
        }
        var staged: [OutputFile] = []
        defer { for file in staged { file.discard() } }
        for (name, text) in files {
            let file = try OutputFile(path: path(name))
            staged.append(file)
            try file.write(text)
        }
        for file in staged + pending {
            try file.commit()
            report.files.append(file.path)
        }
        staged = []
        pending = []
        return report
    }
}

/// One row of `timing.csv`: wall-clock cost of one replication (kept apart from results,
/// which must not depend on the machine).
struct TimingRecord: TabularRecord {
    let summary: SummaryRecord
    let wallSeconds: Double
    static let columns: [Column<TimingRecord>] = [
        Column("replication", unit: "number", doc: "1-based") { .int($0.summary.replication) },
        Column("wall_s", unit: "s", doc: "wall-clock time of the replication") {
            .number(($0.wallSeconds * 1e6).rounded() / 1e6)
        },
        Column("events", unit: "count", doc: "events the engine handled") { .uint($0.summary.events) },
        Column("events_per_s", unit: "events/s", doc: "events / wall_s") {
            .number($0.wallSeconds > 0 ? (Double($0.summary.events) / $0.wallSeconds).rounded() : 0)
        },
    ]
}
