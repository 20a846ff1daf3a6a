import Foundation
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

extension SweepDirectory {
    /// Writes `sweep.csv` (every run's summary row, with its index, point and varied
    /// values in front) and `aggregate.csv` (per point: each summary metric's mean,
    /// standard deviation and 95 % Student-t half-width over replications). The output
    /// depends only on the run files, whatever the threads, shards or finishing order.
    /// - Throws: `InputError` listing runs that are not done.
    /// - Returns: the paths written.
    public func merge(format: CSVFormat = .standard) throws -> [String] {
        let plan = try readPlan()
        let varied = Array(plan.header.dropFirst(4))
        var rows: [(planRow: [String], values: [String])] = []
        var notDone: [Int] = []
        for (offset, row) in plan.rows.enumerated() {
            guard row.count == plan.header.count, let index = Int(row[0]) else {
                throw InputError("\(file("plan.csv")):\(offset + 2): not a plan row (\(row.count) fields, expected \(plan.header.count)); the folder is damaged: rerun kscsim sweep with --force")
            }
            guard let text = FileManager.default.contents(atPath: runFile(index)).flatMap({ String(data: $0, encoding: .utf8) }),
                  SweepDirectory.isComplete(text), let values = try CSVReader.rows(text, file: runFile(index)).last
            else {
                notDone.append(index)
                continue
            }
            rows.append((row, values))
        }
        guard notDone.isEmpty else {
            throw InputError("\(path): \(notDone.count) of \(plan.rows.count) runs are not done (\(compactRanges(notDone))); see kscsim sweep status \(path)")
        }
        // sweep.csv
        let leading = ["index", "point"] + varied
        var sweep = format.header(leading + SummaryRecord.columnNames)
        for (planRow, values) in rows {
            let front: [FieldValue] = [.text(planRow[0]), .text(planRow[1])] + planRow.dropFirst(4).map { .text($0) }
            sweep += format.line(front + SweepDirectory.typed(values))
        }
        // aggregate.csv
        let metricIndexes = SummaryRecord.columns.indices.filter { SummaryRecord.columns[$0].aggregated }
        var points: [(point: Int, labels: [String], runs: [[Double]])] = []
        for (planRow, values) in rows {
            let point = Int(planRow[1]) ?? 0
            let metrics = metricIndexes.map { Double(values[$0]) ?? .nan }
            if points.last?.point == point {
                points[points.count - 1].runs.append(metrics)
            } else {
                points.append((point, Array(planRow.dropFirst(4)), [metrics]))
            }
        }
        let aggregate = AggregateTable.text(format: format, varied: varied, points: points)
        try OutputFile.write(sweep, to: file("sweep.csv"))
        try OutputFile.write(aggregate, to: file("aggregate.csv"))
        return [file("sweep.csv"), file("aggregate.csv")]
    }

    /// Run-file fields back as typed values (so that the CSV dialect applies to numbers).
    static func typed(_ fields: [String]) -> [FieldValue] {
        zip(SummaryRecord.columnNames, fields).map { name, text in
            if name == "scenario" { return .text(text) }
            if let i = Int(text) { return .int(i) }
            if let u = UInt64(text) { return .uint(u) }
            if let x = Double(text) { return .number(x) }
            return .text(text)
        }
    }
}
