import Foundation
import KSCSupport
import TestSupport
import Testing

/// The generators of topologies and the oracles of the command fuzz.
extension CommandFuzzTests {
    /// The base fleet behind gateways, relays or several servers, with valid and wrong values.
    static func topology(_ base: String, _ g: inout Generator) -> String {
        var text = base
        let serverKey = g.pick(["server", "gateway", "site", "zzz"])
        let name = g.below(4) == 0 ? g.pick(["b", "missing", "", "a b"]) : "a"
        switch serverKey {
        case "server":
            let second =
                "  - {name: b, physical: \(g.pick(["a", "a", "b", "x"])), permanentConnectionCap: \(g.pick(["5", "5", "0", "-1"]))}\n"
            text = text.replacingOccurrences(of: "\nserver: {", with: "\nservers:\n\(second)  - {name: a, ")
        case "gateway":
            text += "gateways:\n  - {name: a, capacity: \(g.pick(["1", "10", "1000", "0", "1e12"]))"
            text +=
                g.below(2) == 0 ? ", outages: [{start: 1h, duration: \(g.pick(["30m", "2h", "0s", "-1h"]))}]}\n" : "}\n"
        case "site":
            text += "sites:\n  - {name: a, wakeSendRate: \(g.pick(["1", "100", "1000", "0", "nan"]))}\n"
        default:
            break
        }
        if serverKey != "zzz" {
            text = text.replacingOccurrences(of: "- {name: r, ", with: "- {name: r, \(serverKey): \"\(name)\", ")
        }
        return text
    }

    /// A CSV file's rows, in either dialect, without its byte-order mark.
    static func rows(_ path: String) throws -> [[String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let separator: Character = text.prefix { $0 != "\r\n" && $0 != "\n" }.contains(";") ? ";" : ","
        return try CSVReader.rows(text, file: path, separator: separator).filter { !($0.count == 1 && $0[0].isEmpty) }
    }

    /// Rows as dictionaries by header.
    static func records(_ path: String) throws -> [[String: String]] {
        let all = try rows(path)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
    }

    static func number(_ text: String?) -> Double { Double(text ?? "") ?? .nan }

    /// Whether two numbers agree to 1e-9 (relative), both unknown counting as agreeing.
    static func agree(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        return abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b))
    }

    /// metrics.csv against aggregate.csv: each point's figure has one row whose mean equals the
    /// aggregate's (where aggregate.csv kept the metric) and whose bounds hold the mean; the
    /// metrics aggregate.csv left out (constant in every run) are filled into `aggregate` from it,
    /// with a half-width of 0 (or unknown with one replication).
    static func checkMetrics(_ folder: String, aggregate: inout [[String: String]], case i: Int) throws {
        let rows = try records(folder + "/metrics.csv")
        for row in rows {
            let name = row["class"] == "all" ? row["metric"] ?? "" : "\(row["metric"] ?? "")[\(row["class"] ?? "")]"
            let mean = number(row["mean"])
            let (low, high) = (number(row["low"]), number(row["high"]))
            #expect(!(low > mean) && !(mean > high), "case \(i): metrics.csv bounds of \(name)")
            guard let p = aggregate.firstIndex(where: { $0["point"] == row["point"] }) else { continue }
            #expect(aggregate[p]["replications"] == row["replications"], "case \(i): replications of \(name)")
            if let kept = aggregate[p]["\(name)_mean"] {
                #expect(agree(number(kept), mean), "case \(i): metrics.csv and aggregate.csv disagree on \(name)")
            } else {
                #expect(
                    low.isNaN || agree(low, high), "case \(i): \(name) left out of aggregate.csv but not constant")
                aggregate[p]["\(name)_mean"] = row["mean"]
                aggregate[p]["\(name)_ci95"] = low.isNaN ? "" : "0"
            }
        }
    }

    /// The oracles on a folder a command wrote: finite cells, an escaped report, and the
    /// decision files against the aggregate.
    static func checkFolder(_ folder: String, case i: Int, feature: String, commands: [[String]]) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names where name.hasSuffix(".csv") {
            for row in try rows(folder + "/" + name) {
                for cell in row {
                    let lower = cell.lowercased()
                    #expect(
                        !["nan", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(lower),
                        "case \(i) \(feature): \(name) holds a non-finite cell \"\(cell)\"")
                }
            }
        }
        let (status, _, err) = try KSCSimBinary.run(["report", folder])
        #expect(status == 0, "case \(i) \(feature): report: \(err)")
        if status == 0 {
            let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
            #expect(!html.contains("<x-"), "case \(i) \(feature): unescaped markup in the report")
            #expect(
                html.firstMatch(of: /[>\s(](nan|NaN|inf|-inf|Infinity)[\s<)%]/) == nil,
                "case \(i) \(feature): a non-finite number shown in the report")
        }
        var aggregate = names.contains("aggregate.csv") ? try records(folder + "/aggregate.csv") : []
        if names.contains("metrics.csv") {
            try checkMetrics(folder, aggregate: &aggregate, case: i)
        }
        if names.contains("selection.csv") {
            let selection = try records(folder + "/selection.csv")
            #expect(selection.count == aggregate.count, "case \(i): selection and aggregate points")
            let constraints = commands[0].indices.filter { commands[0][$0] == "--constraint" }.map {
                commands[0][$0 + 1]
            }
            for (row, point) in zip(selection, aggregate) {
                #expect(row["point"] == point["point"] && row["replications"] == point["replications"], "case \(i)")
                for (k, text) in constraints.enumerated() {
                    let metric = String(text.prefix { $0 != " " && $0 != "<" && $0 != ">" })
                    let mean = number(row["constraint_\(k + 1)_mean"])
                    #expect(
                        agree(mean, number(point["\(metric)_mean"])),
                        "case \(i): constraint \(k + 1) (\(metric)) mean \(mean) against aggregate \(point["\(metric)_mean"] ?? "")"
                    )
                    let (low, high) = (number(row["constraint_\(k + 1)_low"]), number(row["constraint_\(k + 1)_high"]))
                    #expect(!(low > mean) && !(mean > high), "case \(i): constraint \(k + 1) interval")
                }
            }
            let statuses = selection.map { $0["status"] ?? "" }
            #expect(statuses.filter { $0 == "chosen" }.count <= 1, "case \(i): two chosen")
            // A cost objective: the chosen point costs no more than any feasible one.
            if let chosen = selection.first(where: { $0["status"] == "chosen" }), let cost = chosen["cost"],
                !cost.isEmpty
            {
                let maximize = commands[0].contains("--maximize")
                for row in selection where row["status"] == "feasible" {
                    let other = number(row["cost"])
                    #expect(
                        maximize ? number(cost) >= other : number(cost) <= other,
                        "case \(i): chosen is not the cheapest")
                }
            }
            let md = try String(contentsOfFile: folder + "/selection.md", encoding: .utf8)
            #expect(
                md.contains("**Chosen: point") == statuses.contains("chosen"),
                "case \(i): selection.md and selection.csv disagree on the choice")
        }
        if names.contains("compare.csv") {
            for row in try records(folder + "/compare.csv") {
                let metric = row["metric"] ?? ""
                guard aggregate.count == 2 else { break }
                #expect(
                    agree(number(row["a_mean"]), number(aggregate[0]["\(metric)_mean"])), "case \(i): a_mean \(metric)")
                #expect(
                    agree(number(row["b_mean"]), number(aggregate[1]["\(metric)_mean"])), "case \(i): b_mean \(metric)")
                let difference = number(row["difference"])
                if difference.isFinite {
                    #expect(
                        agree(difference, number(row["b_mean"]) - number(row["a_mean"])),
                        "case \(i): difference of \(metric)")
                    #expect(
                        agree(number(row["paired_low"]), difference - number(row["paired_half_width"])),
                        "case \(i): paired_low of \(metric)")
                }
            }
        }
        if names.contains("screening.csv") {
            let rows = try records(folder + "/screening.csv")
            for metric in Set(rows.map { $0["metric"] ?? "" }) {
                let mine = rows.filter { $0["metric"] == metric }.sorted { number($0["rank"]) < number($1["rank"]) }
                #expect(
                    mine.map { Int($0["rank"] ?? "") ?? 0 } == Array(1...mine.count), "case \(i): ranks of \(metric)")
                let stars = mine.map { number($0["mu_star"]) }
                #expect(zip(stars, stars.dropFirst()).allSatisfy { !($0 < $1) }, "case \(i): rank order of \(metric)")
                for row in mine {
                    #expect(
                        !(abs(number(row["mu"])) > number(row["mu_star"]) * (1 + 1e-9) + 1e-12),
                        "case \(i): |mu| > mu* for \(metric)")
                    #expect(!(number(row["sigma"]) < 0), "case \(i): sigma < 0")
                }
            }
        }
        if aggregate.count == 1, let met = aggregate[0]["precision_met"], met == "1" {
            // Every target met: each half-width is within its target.
            let targets = commands[0].indices.filter { commands[0][$0] == "--precision" }.map { commands[0][$0 + 1] }
            for target in targets {
                let parts = target.split(separator: "=", maxSplits: 1).map(String.init)
                let half = number(aggregate[0]["\(parts[0])_ci95"])
                let mean = number(aggregate[0]["\(parts[0])_mean"])
                let limit =
                    parts[1].hasSuffix("%") ? number(String(parts[1].dropLast())) / 100 * abs(mean) : number(parts[1])
                if limit.isFinite {
                    #expect(!(half > limit * (1 + 1e-9)), "case \(i): precision \(target) met at \(half)")
                }
            }
        }
    }

    /// The French files with a byte-order mark say what the English ones say, cell for cell.
    static func sameInFrench(_ en: String, _ fr: String, case i: Int) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: en)
        where name.hasSuffix(".csv") && name != "timing.csv" {
            let french = try Data(contentsOf: URL(fileURLWithPath: fr + "/" + name))
            #expect(french.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "case \(i): \(name) has no byte-order mark")
            let a = try rows(en + "/" + name)
            let b = try rows(fr + "/" + name)
            #expect(a.count == b.count, "case \(i): \(name) rows")
            for (x, y) in zip(a, b) {
                let normalized = y.map { cell -> String in
                    let point = cell.replacingOccurrences(of: ",", with: ".")
                    return Double(point) != nil ? point : cell
                }
                #expect(x == normalized, "case \(i): \(name): \(x.prefix(6)) against \(y.prefix(6))")
            }
        }
    }
}
