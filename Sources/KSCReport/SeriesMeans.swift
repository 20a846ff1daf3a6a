import Foundation
import KSCSupport

/// The columns of a `timeseries.csv` a report draws, read a chunk at a time: for each sampling
/// time, the mean over replications, kept in at most `maximumPoints` bins of equal width over
/// the horizon (a bin holds one sampling time unless there are more times than bins; then its
/// point is the mean of the samples in it). A file of millions of samples costs its bins, not
/// its rows.
struct SeriesMeans {
    /// Most points per curve: more than a page can show.
    static let maximumPoints = 2000

    /// Per bin: the sum of the times, and per column the sum of the values and whether one
    /// was unknown; the number of samples.
    private var times: [Int: Double] = [:]
    private var sums: [Int: [Double]] = [:]
    private var unknown: [Int: [Bool]] = [:]
    private var counts: [Int: Int] = [:]
    let columns: [String]
    /// Width of a bin, s.
    let width: Double
    /// Whether any bin holds more than one sampling time.
    private(set) var binned = false
    private var firstTime: [Int: Double] = [:]

    /// Reads `path` (either CSV dialect kscsim writes, with or without a byte-order mark).
    /// - Throws: `InputError` naming the file when it cannot be read, has no `time_s` or a
    ///   wanted column, or a malformed row.
    init(path: String, columns: [String], horizon: Double) throws {
        self.columns = columns
        width = Swift.max(horizon, 1) / Double(SeriesMeans.maximumPoints)
        var reader = try LineReader(path: path)
        guard var headerLine = reader.next() else { throw InputError("\(path): empty file (no header)") }
        if headerLine.hasPrefix("\u{FEFF}") { headerLine.removeFirst() }
        let decimalComma = headerLine.contains(";")
        let separator: Character = decimalComma ? ";" : ","
        guard let header = try CSVReader.rows(headerLine, file: path, separator: separator).first,
            let timeColumn = header.firstIndex(of: "time_s")
        else { throw InputError("\(path): not a time series (no time_s column)") }
        let wanted = try columns.map { name -> Int in
            guard let i = header.firstIndex(of: name) else { throw InputError("\(path): no column \(name)") }
            return i
        }
        func number(_ text: String) -> Double {
            Double(decimalComma ? text.replacingOccurrences(of: ",", with: ".") : text) ?? .nan
        }
        var line = 1
        while let text = reader.next() {
            line += 1
            if text.isEmpty { continue }
            guard let row = try CSVReader.rows(text, file: path, separator: separator).first, row.count == header.count
            else { throw InputError("\(path):\(line): \(header.count) columns expected") }
            let t = number(row[timeColumn])
            guard t.isFinite else { continue }
            let bin = Int((t / width).rounded(.down))
            if let first = firstTime[bin] {
                if first != t { binned = true }
            } else {
                firstTime[bin] = t
            }
            times[bin, default: 0] += t
            counts[bin, default: 0] += 1
            var sum = sums[bin] ?? [Double](repeating: 0, count: wanted.count)
            var bad = unknown[bin] ?? [Bool](repeating: false, count: wanted.count)
            for (k, i) in wanted.enumerated() {
                let x = number(row[i])
                if x.isFinite { sum[k] += x } else { bad[k] = true }
            }
            sums[bin] = sum
            unknown[bin] = bad
        }
    }

    /// The points of `column`, scaled: (mean time, mean value) per bin, by time; a bin with an
    /// unknown value is unknown (NaN), never averaged over the others.
    func points(_ column: String, scale: Double) -> [(x: Double, y: Double)] {
        guard let k = columns.firstIndex(of: column) else { return [] }
        return counts.keys.sorted().map { bin in
            let n = Double(counts[bin]!)
            let y = unknown[bin]![k] ? Double.nan : sums[bin]![k] / n * scale
            return (times[bin]! / n, y)
        }
    }
}
