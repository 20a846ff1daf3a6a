import Foundation
import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

extension SweepDirectory {
    /// Writes `sweep.csv` (every run's summary row, with its index, point and varied
    /// values in front), `aggregate.csv` (per point: each summary metric's mean, standard
    /// deviation and 95 % Student-t half-width over replications; by default only the metrics
    /// that vary between runs), `metrics.csv` (every figure, one row each), `nodes.csv`, and
    /// `timeseries.csv`, `selection.csv` when there are some; each CSV file also as
    /// NAME.fr.csv when `csv` asks for French. The output depends only on the run files,
    /// whatever the threads, shards or finishing order.
    /// - Throws: `InputError` listing runs that are not done.
    /// - Returns: the paths written.
    public func merge(csv: CSVOutput = CSVOutput()) throws -> [String] {
        let plan = try loadPlan()
        let varied = plan.columns
        // A sequential sweep keeps the replications its procedure used.
        var wanted = Array(0..<plan.runCount)
        var decision: Decision?
        if plan.procedure.isSequential {
            switch try advanceRounds(plan) {
            case .running(let round, let runs):
                throw InputError(
                    "\(path): the sweep's \(plan.procedure.name) procedure has not finished: round \(round) has \(runs.count) runs not done (\(compactRanges(runs))); run kscsim sweep run \(file("scenario.resolved.yaml")) --out \(path)"
                )
            case .finished(_, let used, let final):
                wanted = SweepDirectory.runs(used, plan: plan)
                decision = final
            }
        }
        var rows: [(planRow: [String], values: [String])] = []
        for index in wanted {
            let run = plan.run(index)
            guard let values = summaryFields(of: index, plan: plan) else { continue }
            rows.append(
                (
                    [String(index), String(run.point), String(run.replication), String(run.seed)]
                        + plan.pointLabels[run.point], values
                ))
        }
        guard rows.count == wanted.count else {
            // Only now, for the message, is every run's state read.
            let status = status(plan: plan)
            let problems = status.problems.prefix(3).map { "run \($0.0) \($0.1)" }.joined(separator: "; ")
            throw InputError(
                "\(path): \(status.notDone.count) of \(plan.runCount) runs are not done (\(compactRanges(status.notDone)))\(problems.isEmpty ? "" : ": " + problems); see kscsim sweep status \(path)"
            )
        }
        // sweep.csv
        let columns = VariedColumns(keys: varied, labels: plan.pointLabels)
        // Without bytes on the wire the transfer columns (empty or 0 in every run) are left out.
        let bytes = plan.metrics.bytes
        let classColumns = ClassFigures.columnNames(classes: plan.classes)
        let keptSummary = SummaryRecord.columns.indices.filter {
            bytes || !SummaryRecord.transferColumnNames.contains(SummaryRecord.columns[$0].name)
        }
        let keptClass = classColumns.indices.filter { bytes || !MetricSet.isTransfer(classColumns[$0]) }
        let sweepLines: [[FieldValue]] = rows.map { planRow, values in
            let front: [FieldValue] =
                [.int(Int(planRow[0]) ?? 0), .int(Int(planRow[1]) ?? 0)] + columns.fields(Array(planRow.dropFirst(4)))
            let classPart = values.dropFirst(SummaryRecord.columns.count).map { text -> FieldValue in
                Int(text).map(FieldValue.int) ?? .number(Double(text) ?? .nan)
            }
            let summary = SweepDirectory.typed(values)
            return front + keptSummary.map { summary[$0] }
                + keptClass.map { $0 < classPart.count ? classPart[classPart.startIndex + $0] : .number(.nan) }
        }
        let sweepHeader =
            ["index", "point"] + columns.names + keptSummary.map { SummaryRecord.columns[$0].name }
            + keptClass.map { classColumns[$0] }
        // aggregate.csv and metrics.csv
        var points: [(point: Int, labels: [String], runs: [[Double]])] = []
        for (planRow, values) in rows {
            let point = Int(planRow[1]) ?? 0
            let metrics = plan.metrics.values(fields: values)
            if points.last?.point == point {
                points[points.count - 1].runs.append(metrics)
            } else {
                points.append((point, Array(planRow.dropFirst(4)), [metrics]))
            }
        }
        var precisionMet: [Bool]?
        if case .precision(let list)? = decision { precisionMet = list.map(\.met) }
        // nodes.csv: every run's servers, gateways and relays.
        var nodeLines: [[FieldValue]] = []
        for (planRow, _) in rows {
            let index = Int(planRow[0]) ?? 0
            let run = plan.run(index)
            let text =
                FileManager.default.contents(atPath: nodesFile(index)).flatMap { String(data: $0, encoding: .utf8) }
                ?? ""
            switch RunNodesFile.check(text, index: index, seed: run.seed, hash: plan.hash) {
            case .success(let rows):
                let front: [FieldValue] = [.int(index), .int(run.point)] + columns.fields(Array(planRow.dropFirst(4)))
                for row in rows { nodeLines.append(front + SweepDirectory.typed(row, columns: NodeRecord.columns)) }
            case .failure(let problem):
                throw InputError(
                    "\(nodesFile(index)): \(text.isEmpty ? "missing" : problem.reason); run \(index) is damaged: kscsim sweep run \(file("scenario.resolved.yaml")) --out \(path) computes it again"
                )
            }
        }
        // timeseries.csv: every run's samples, when the sweep records them, streamed from
        // each run's file to the output (a chunk and a row in memory at a time).
        var series: [(OutputFile, CSVFormat)] = []
        defer { for (file, _) in series { file.discard() } }
        if plan.timeseriesStep != nil {
            series = try csv.formats.map { (try OutputFile(path: file(CSVOutput.fileName("timeseries.csv", $0))), $0) }
            let header = ["index", "point"] + columns.names + TimeseriesRecord.columnNames
            for (file, format) in series { try file.write(csv.mark + format.header(header)) }
            for (planRow, _) in rows {
                let index = Int(planRow[0]) ?? 0
                let front: [FieldValue] =
                    [.int(index), .int(plan.run(index).point)] + columns.fields(Array(planRow.dropFirst(4)))
                try forEachSeriesRow(of: index, plan: plan) { row in
                    let line = front + SweepDirectory.typed(row, columns: TimeseriesRecord.columns)
                    for (file, format) in series { try file.write(format.line(line)) }
                }
            }
        }
        let nodesHeader = ["index", "point"] + columns.names + NodeRecord.columnNames
        var tables =
            csv.files("sweep.csv") { SweepDirectory.table(sweepHeader, sweepLines, $0) }
            + csv.files("aggregate.csv") {
                AggregateTable.text(
                    format: $0, metrics: plan.metrics, varied: columns, points: points, precisionMet: precisionMet,
                    allColumns: csv.allColumns)
            }
            + csv.files("metrics.csv") {
                MetricsTable.text(format: $0, metrics: plan.metrics, varied: columns, points: points)
            }
            + csv.files("nodes.csv") { SweepDirectory.table(nodesHeader, nodeLines, $0) }
        var markdown: String?
        if case .select(let outcome)? = decision, case .select(let rule) = plan.procedure {
            let report = try SelectionReport(plan: plan, rule: rule, outcome: outcome, directory: self)
            tables += csv.files("selection.csv") { report.table(format: $0) }
            markdown = report.markdown
        }
        var written: [String] = []
        for (name, text) in tables {
            try OutputFile.write(text, to: file(name))
            written.append(file(name))
        }
        for (file, _) in series {
            try file.commit()
            written.append(file.path)
        }
        series = []
        if let markdown {
            try OutputFile.write(markdown, to: file("selection.md"))
            written.append(file("selection.md"))
        }
        return written
    }

    /// The time-series rows of run `index` (fields as written).
    /// - Throws: `InputError` naming the file when it is missing or damaged.
    func seriesRows(of index: Int, plan: SweepPlan) throws -> [[String]] {
        var rows: [[String]] = []
        try forEachSeriesRow(of: index, plan: plan) { rows.append($0) }
        return rows
    }

    /// Gives each time-series row of run `index` to `body`, reading its file a chunk at a time.
    /// - Throws: `InputError` naming the file when it is missing or damaged (after `body` has
    ///   seen the rows before the damage: discard what it made).
    func forEachSeriesRow(of index: Int, plan: SweepPlan, _ body: ([String]) throws -> Void) throws {
        let path = seriesFile(index)
        if let problem = try RunSeriesFile.read(
            path: path, index: index, seed: plan.run(index).seed, hash: plan.hash, each: body)
        {
            throw InputError(
                "\(path): \(problem.reason); run \(index) is damaged: kscsim sweep run \(file("scenario.resolved.yaml")) --out \(self.path) computes it again"
            )
        }
    }

    /// A table's text in `format`.
    /// - Complexity: O(size of the text): lines are appended in place.
    static func table(_ header: [String], _ lines: [[FieldValue]], _ format: CSVFormat) -> String {
        var out = format.header(header)
        for line in lines { out += format.line(line) }
        return out
    }

    /// Run-file fields back as typed values (so that the CSV dialect applies to numbers).
    static func typed(_ fields: [String]) -> [FieldValue] { typed(fields, columns: SummaryRecord.columns) }

    /// Fields read back from a file, typed by their columns (text columns stay text).
    static func typed<Row>(_ fields: [String], columns: [Column<Row>]) -> [FieldValue] {
        zip(columns, fields).map { column, text in
            if column.unit == "text" { return .text(text) }
            if let i = Int(text) { return .int(i) }
            if let u = UInt64(text) { return .uint(u) }
            if let x = Double(text) { return .number(x) }
            return .text(text)
        }
    }
}
