import Foundation
import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// Warm-up detection: MSER-5 (White 1997) on the mean over replications of the time-series
/// columns where a start-up transient shows (server queue, busy workers, permanent
/// connections held and missing, undelivered pairs).
public enum WarmupDetection {
    /// The time-series columns MSER-5 looks at.
    public static let columns: [(name: String, value: @Sendable (TimeseriesRecord) -> Double)] = [
        ("queue_length", { Double($0.queueLength) }),
        ("busy_workers", { Double($0.busyWorkers) }),
        ("perm_in_use", { Double($0.permInUse) }),
        ("perm_without", { Double($0.permWithout) }),
        ("undelivered", { Double($0.undelivered) }),
    ]

    /// MSER-5's finding on one column: one row of `warmup.csv`.
    public struct Finding: TabularRecord, Sendable, Equatable {
        public var column = ""
        public var replications = 0
        public var samples = 0
        public var step = 0.0
        /// Time from which the column looks settled, s.
        public var truncation = 0.0
        /// False when MSER's minimum fell in the second half of the horizon.
        public var settled = true

        public static let columns: [Column<Finding>] = [
            .text("column", \.column, doc: "a timeseries.csv column"),
            .int("replications", \.replications, doc: "replications whose mean series was analysed"),
            .int("samples", \.samples, doc: "samples in the series"),
            .number("step_s", \.step, unit: "s", doc: "sampling step"),
            .number(
                "truncation_s", \.truncation, unit: "s",
                doc: "MSER-5 truncation point: the series looks settled from here on"),
            Column(
                "settled", unit: "1 or 0",
                doc: "0 when MSER's minimum fell in the second half of the horizon: the horizon is too short to tell"
            ) { .int($0.settled ? 1 : 0) },
        ]
    }

    /// MSER-5 on each column of the replications' series (samples at the same times).
    public static func analyse(_ series: [[TimeseriesRecord]], step: Double) -> [Finding] {
        let n = series.map(\.count).min() ?? 0
        return columns.map { name, value in
            var mean = Array(repeating: 0.0, count: n)
            for replication in series {
                for i in 0..<n { mean[i] += value(replication[i]) / Double(series.count) }
            }
            let result = MSER.truncation(mean)
            return Finding(
                column: name, replications: series.count, samples: n, step: step,
                truncation: Double(result.truncation) * step, settled: result.settled)
        }
    }

    /// The suggested warm-up: the latest truncation among settled columns (0 if none); and
    /// whether every column settled.
    public static func suggestion(_ findings: [Finding]) -> (warmup: Double, settled: Bool) {
        (findings.filter(\.settled).map(\.truncation).max() ?? 0, findings.allSatisfy(\.settled))
    }

    /// Why MSER-5 cannot judge this scenario's warm-up (it assumes the run tends to a steady
    /// state): a weekly schedule or outages; nil when it can.
    public static func unsuitability(_ scenario: Scenario) -> String? {
        if scenario.classes.contains(where: { if case .weekly = $0.availability { return true } else { return false } })
        {
            return "a weekly availability schedule has no steady state (the day's cycle is the study)"
        }
        // An outage from time 0 is a start-up condition (the server comes up with every agent
        // retrying); a later one is a transient on purpose.
        if scenario.servers.contains(where: { $0.outages.contains { $0.start > 0 } })
            || scenario.gateways.contains(where: { !$0.outages.isEmpty })
        {
            return "its outages are transients on purpose"
        }
        return nil
    }

    /// The default sampling step: 400 samples over the horizon (at least 1 ms).
    public static func defaultStep(_ scenario: Scenario) -> Double {
        Swift.max(Limits.minimumPeriod, scenario.horizon / 400)
    }

    /// The warning of `kscsim run` when its warm-up is clearly shorter than the transient its
    /// replications show (MSER-5 at least twice the warm-up and 5 % of the horizon beyond it).
    public static func warning(_ scenario: Scenario, series: [[TimeseriesRecord]], step: Double) -> String? {
        guard unsuitability(scenario) == nil else { return nil }
        let findings = analyse(series, step: step)
        let (detected, _) = suggestion(findings)
        guard detected >= 2 * scenario.warmup, detected >= scenario.warmup + 0.05 * scenario.horizon else { return nil }
        let column = findings.filter(\.settled).max { $0.truncation < $1.truncation }?.column ?? "?"
        return
            "warmup \(DurationText.format(scenario.warmup)) is clearly shorter than the start-up transient MSER-5 sees in \(column) (about \(DurationText.format(detected))); figures include it. Check with: kscsim warmup SCENARIO"
    }

    /// The sweep plan of a warm-up check: `replications` runs of the scenario, each recording
    /// its time series every `step`.
    public static func plan(_ document: ScenarioDocument, replications: Int, step: Double?) throws -> SweepPlan {
        let scenario = try document.scenario()
        let step = step ?? defaultStep(scenario)
        let text =
            scenario.resolvedYAML
            + YAMLValue.lines([
                YAMLEntry(
                    "sweep",
                    .blockMap([
                        YAMLEntry("replications", .plain(String(replications))),
                        YAMLEntry(
                            "zip",
                            .blockMap([YAMLEntry("warmup", .flowList([.plain(DurationText.format(scenario.warmup))]))])),
                        YAMLEntry("timeseries", .plain(DurationText.format(step))),
                    ]))
            ])
        do {
            return try SweepPlan.parse(yaml: text, origin: "warm-up check", baseDirectory: document.baseDirectory)
        } catch let error as InputError {
            // The scenario was read already: what is left is about the check's own step.
            let reason = error.message.components(separatedBy: ": ").dropFirst(2).joined(separator: ": ")
            throw InputError("--step \(DurationText.format(step)): \(reason)")
        }
    }

    /// Reads a warm-up check's series from its folder, writes `warmup.csv`, returns the findings.
    /// - Returns: the findings and the path written; nil while runs are not done (other shards).
    /// - Throws: `InputError` when a series file is damaged or the file cannot be written.
    public static func write(_ directory: SweepDirectory, plan: SweepPlan) throws -> ([Finding], String)? {
        guard directory.status(plan: plan).notDone.isEmpty else { return nil }
        let series = try (0..<plan.runCount).map { index in
            try directory.seriesRows(of: index, plan: plan).compactMap { TimeseriesRecord(fields: $0) }
        }
        let findings = analyse(series, step: plan.timeseriesStep ?? 1)
        let path = directory.file("warmup.csv")
        try OutputFile.write(CSVFormat.standard.table(findings) as String, to: path)
        return (findings, path)
    }
}
