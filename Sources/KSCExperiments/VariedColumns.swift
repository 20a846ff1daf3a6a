import KSCRandom
import KSCSupport

/// The varied columns of a sweep as sweep.csv and aggregate.csv write them: numbers as
/// numbers (so that both CSV dialects write them as a spreadsheet expects), and beside
/// each column of durations (`5m`, `15m`) a `<key>_s` column in seconds that can be charted.
struct VariedColumns {
    enum Kind { case number, duration, text }

    /// The varied keys.
    let keys: [String]
    let kinds: [Kind]

    /// Columns for `keys`, given every point's labels.
    init(keys: [String], labels: [[String]]) {
        self.keys = keys
        kinds = keys.indices.map { j in
            let column = labels.map { $0[j] }
            if column.allSatisfy({ Double($0).map(\.isFinite) ?? false }) { return .number }
            if column.allSatisfy({ (try? DurationText.seconds($0)) != nil }) { return .duration }
            return .text
        }
    }

    /// The header names.
    var names: [String] {
        zip(keys, kinds).flatMap { key, kind in kind == .duration ? [key, key + "_s"] : [key] }
    }

    /// One point's values.
    func fields(_ labels: [String]) -> [FieldValue] {
        zip(labels, kinds).flatMap { label, kind -> [FieldValue] in
            switch kind {
            case .number: return [.number(Double(label) ?? .nan)]
            case .duration: return [.text(label), .number((try? DurationText.seconds(label)) ?? .nan)]
            case .text: return [.text(label)]
            }
        }
    }
}
