import Foundation
import KSCScenario
import KSCSupport
import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCReport

@Suite("Folder reports", .serialized)
struct FolderReportTests {
    static let yaml = """
        name: rep
        question: "Does <this> & that reach the fleet?"
        horizon: 1d
        warmup: 2h
        drain: 6h
        classes:
          - {name: a, devices: 120, wakeReachable: 0.5, keepConnection: 0.1}
          - {name: b, devices: 80, availability: {type: onoff, on: exponential(mean=3h), off: exponential(mean=1h)}}
        tasks:
          - {name: t, every: 2h}
        """

    static func run(format: CSVFormat, into dir: URL) throws {
        var scenario = try Scenario.parse(yaml: yaml, origin: "rep.yaml")
        scenario.replications = 3
        var options = RunOptions(scenario: scenario, outputDirectory: dir.path)
        options.timeseriesStep = 600
        options.csv = CSVOutput(french: format == .french)
        _ = try options.execute()
        // A folder of French files only (as an older kscsim wrote them): the French copies
        // replace the English files, so the report must read that dialect.
        guard format == .french else { return }
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".fr.csv") {
            let english = dir.appendingPathComponent(String(name.dropLast(7)) + ".csv")
            try fm.removeItem(at: english)
            try fm.moveItem(at: dir.appendingPathComponent(name), to: english)
        }
    }

    @Test(
        "a run's report: the question escaped, the answer in words, figures in minutes and %, n/a where a figure does not apply, each headline the mean of the summary, the same page from either CSV dialect"
    )
    func runReport() throws {
        let en = try KSCSimBinary.temporaryDirectory()
        let fr = try KSCSimBinary.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: en)
            try? FileManager.default.removeItem(at: fr)
        }
        try Self.run(format: .standard, into: en)
        try Self.run(format: .french, into: fr)
        let page = try FolderReport.html(folder: en.path)
        #expect(page.contains("Does &lt;this&gt; &amp; that reach the fleet?"))
        for id in ["reach-path", "reach-class", "permanent", "queue", "utilization"] {
            #expect(page.contains("id=\"\(id)\""))
        }
        #expect(
            !page.contains("<script")
                && !page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
        let summary = try ResultTable(path: en.path + "/summary.csv")
        let pairs = summary.rows.map { summary.number($0, "pairs") }.reduce(0, +) / 3
        // The answer in words, the figures in the units a person uses with the column in a
        // tooltip, n/a where a figure does not apply (no outage here).
        #expect(
            page.contains(
                "<p class=\"answer\"><strong>Answer.</strong> Over 3 replications, half of the \(FigureText.count(pairs)) (task, device) pairs launched after the warm-up reached their device within "
            ))
        #expect(page.contains("<code class=\"raw\">pairs</code></td><td><span class=\"num\""))
        #expect(page.contains(">\(FigureText.count(pairs))</span>"))
        let p50 = ReplicationMean.point(summary.rows.map { summary.number($0, "latency_p50_s") }).mean
        #expect(p50.isFinite && page.contains(">\(FigureText.words(p50, unit: "s"))</span>"))
        #expect(FigureText.words(p50, unit: "s").hasSuffix(" min") || FigureText.words(p50, unit: "s").hasSuffix(" s"))
        let recovery = try #require(page.range(of: "<span title=\"outage_recovery_p95_s\">"))
        #expect(page[recovery.upperBound...].prefix(400).contains(">n/a</span>"), "no outage: the recovery is n/a")
        let french = try FolderReport.html(folder: fr.path)
        let again = try FolderReport.html(folder: en.path)
        #expect(french == page, "the report reads the French dialect to the same numbers")
        #expect(again == page, "a pure function of the folder")
        let written = try FolderReport.write(folder: en.path)
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(written == en.path + "/report.html" && text == page)
    }

    /// A 2-hour run of a physical server `p` and a virtual server `v` into `dir`.
    static func runVirtualServers(into dir: URL) throws {
        let scenario = try Scenario.parse(
            yaml: """
                horizon: 2h
                servers: [{name: p}, {name: v, physical: p}]
                classes: [{name: a, devices: 10, server: p}, {name: b, devices: 10, server: v}]
                """, origin: "v.yaml")
        _ = try RunOptions(scenario: scenario, outputDirectory: dir.path).execute()
    }

    @Test("a virtual server's cap is tagged assumed, a physical server's documented")
    func virtualServerCapAssumed() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.runVirtualServers(into: dir)
        let page = try FolderReport.html(folder: dir.path)
        func badge(_ key: String) -> String? {
            guard let row = page.range(of: "<code>\(key)</code>") else { return nil }
            let rest = page[row.upperBound...]
            return rest.range(of: "class=\"badge ").map { String(rest[$0.upperBound...].prefix { $0 != "\"" }) }
        }
        #expect(badge("servers.p.permanentConnectionCap") == "documented")
        #expect(badge("servers.v.permanentConnectionCap") == "assumed")
    }

    @Test("a header-only summary.csv is refused naming the file; nodes.csv cells are escaped")
    func damagedFolders() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.runVirtualServers(into: dir)
        // Markup in the kind and devices cells of nodes.csv must reach the page escaped.
        let nodesPath = dir.path + "/nodes.csv"
        let nodes = try String(contentsOfFile: nodesPath, encoding: .utf8)
        try nodes.replacingOccurrences(of: ",server,", with: ",<b>server</b>,")
            .replacingOccurrences(of: ",10,", with: ",<i>10</i>,")
            .write(toFile: nodesPath, atomically: true, encoding: .utf8)
        let page = try FolderReport.html(folder: dir.path)
        #expect(!page.contains("<b>server</b>") && !page.contains("<i>10</i>"))
        #expect(page.contains("&lt;b&gt;server&lt;/b&gt;"))
        // A summary with its header only: refused, naming the file.
        let summaryPath = dir.path + "/summary.csv"
        // CSV lines end in CRLF, one Character in Swift.
        let header = try String(contentsOfFile: summaryPath, encoding: .utf8).split(whereSeparator: \.isNewline)[0]
        try (header + "\r\n").write(toFile: summaryPath, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try FolderReport.html(folder: dir.path) }
        do {
            _ = try FolderReport.html(folder: dir.path)
        } catch let error as InputError {
            #expect(error.description.contains("summary.csv: no replication in it"))
        }
    }

    @Test("a folder without results gets one clear error naming it and what to do")
    func errors() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try FolderReport.html(folder: dir.path + "/nope") } throws: {
            ($0 as? InputError)?.message.contains("no such folder") == true
        }
        #expect { try FolderReport.html(folder: dir.path) } throws: {
            ($0 as? InputError)?.message.contains("not a result folder") == true
        }
        try "name: x\n".write(toFile: dir.path + "/scenario.resolved.yaml", atomically: true, encoding: .utf8)
        try "index,point\n".write(toFile: dir.path + "/plan.csv", atomically: true, encoding: .utf8)
        #expect { try FolderReport.html(folder: dir.path) } throws: {
            ($0 as? InputError)?.message.contains("run kscsim merge") == true
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/report.html"))
    }

    @Test("a run's answer names the link that was full longest, or says none was")
    func linkAnswer() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header =
            "scenario,replication,link,kind,capacity_mbps,devices,bytes_down,bytes_up,mean_mbps,peak_mbps,utilization,time_saturated_share\r\n"
        let path = dir.path + "/links.csv"
        try
            (header
            + "s,1,server uplink,server,100,10,1,1,1,1,0.1,0.2\r\ns,2,server uplink,server,100,10,1,1,1,1,0.1,0.4\r\n"
            + "s,1,office WAN,site,10,5,1,1,1,1,0.1,0.1\r\ns,2,office WAN,site,10,5,1,1,1,1,0.1,0.1\r\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let full = AnswerSentence.links(try ResultTable(path: path))
        #expect(full.contains("server uplink was full") && full.contains("30.0%"), "\(full)")
        try (header + "s,1,server uplink,server,100,10,1,1,1,1,0.1,0\r\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(AnswerSentence.links(try ResultTable(path: path)).contains("No link with a rate was ever full"))
    }
}
