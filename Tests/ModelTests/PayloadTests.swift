import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCExperiments
@testable import KSCModel
@testable import KSCScenario

/// Task payloads over links (issue 22): completion is delivery plus the download, bytes are
/// conserved on every link, update sources fetch once, restrictions hold in their hours, and
/// a download cut off resumes or starts over.
@Suite("Payloads and links")
struct PayloadTests {
    static func run(_ yaml: String, replication: Int = 1) throws -> ReplicationResult {
        try Scenario.parse(yaml: yaml, origin: "t.yaml").runReplication(replication)
    }

    /// Devices that go on and off, syncing every 15 minutes, no session bytes (so that links
    /// carry payloads only).
    static let churn = """
        name: t
        horizon: 3d
        traffic: {heartbeat: {up: 0B, down: 0B}, fullSync: {up: 0B, down: 0B}, forcedSync: {up: 0B, down: 0B}}
        server: {uplink: 20Mbit/s}
        classes:
          - name: a
            devices: 200
            syncInterval: 15m
            accessLink: {10Mbit/s: 0.5, 2Mbit/s: 0.5}
            availability: {type: onoff, on: exponential(mean=1h), off: exponential(mean=30m)}

        """

    @Test("conservation: with downloads resumed, the uplink carries exactly pairs × payload; started over, more")
    func conservation() throws {
        let tasks = "tasks: [{name: t, at: [2h, 20h], payload: 70MB, payloadUp: 1.6MB}]\n"
        let resumed = try Self.run(Self.churn + tasks)
        let s = resumed.summary
        #expect(s.pairs == 400 && s.uncompletedShare == 0, "every pair finishes: \(s.uncompletedShare)")
        let server = try #require(resumed.links.first { $0.kind == "server" })
        #expect(abs(server.bytesDown - 400 * 70e6) < 1e-6 * 400 * 70e6, "\(server.bytesDown)")
        #expect(abs(s.payloadBytesOut - 400 * 70e6) < 1e-6 * 400 * 70e6)
        #expect(server.bytesUp == 400 * 1.6e6, "what devices send back is counted when the download ends")
        // The same churn with restarts: cut-off downloads are sent again from the start.
        let restarted = try Self.run(
            Self.churn + tasks.replacingOccurrences(of: "1.6MB}", with: "1.6MB, resume: restart}"))
        #expect(restarted.summary.uncompletedShare == 0)
        #expect(restarted.summary.payloadBytesOut > s.payloadBytesOut * 1.01, "\(restarted.summary.payloadBytesOut)")
        // Completion is never before delivery, pair by pair in distribution.
        #expect(s.completionP50 >= s.latencyP50 && s.completionP95 >= s.latencyP95)
        #expect(s.completionMean > s.latencyMean)
    }

    @Test("sampling the links (time series, windows) changes no result; the samples add up to the bytes carried")
    func samplingChangesNothing() throws {
        struct Keep: RecordSink {
            var rows: [LinkSampleRecord] = []
            var wantsDeliveries: Bool { false }
            mutating func record(_ delivery: DeliveryRecord) {}
            mutating func record(_ sample: TimeseriesRecord) {}
            mutating func record(_ sample: LinkSampleRecord) { rows.append(sample) }
        }
        let scenario = try Scenario.parse(
            yaml: Self.churn + "tasks: [{name: t, at: [2h, 20h], payload: 70MB, randomizedDelay: 30m}]\n",
            origin: "t.yaml")
        var none = Keep()
        var every = Keep()
        let plain = try scenario.runReplication(1, sink: &none, timeseriesStep: nil)
        let sampled = try scenario.runReplication(1, sink: &every, timeseriesStep: 7)
        for (i, name) in SummaryRecord.columnNames.enumerated()
        where "\(plain.summary.fields[i])" != "\(sampled.summary.fields[i])" {
            Issue.record("\(name): \(plain.summary.fields[i]) vs \(sampled.summary.fields[i])")
        }
        // As written (NaN, an empty figure, is not == itself).
        #expect("\(plain.summary.fields)" == "\(sampled.summary.fields)")
        #expect("\(plain.links.map(\.fields))" == "\(sampled.links.map(\.fields))")
        #expect(none.rows.isEmpty && !every.rows.isEmpty)
        // Mean rates over the samples' steps, times the steps, give the bytes the link carried.
        let carried = every.rows.reduce(0.0) { $0 + $1.mbps * 7 * 1e6 / 8 }
        let server = try #require(sampled.links.first { $0.kind == "server" })
        #expect(abs(carried - server.bytesDown) < 1e-6 * server.bytesDown + 70e6, "\(carried) vs \(server.bytesDown)")
    }

    @Test("a restriction holds its rate inside its hours only: 540 MB at 1 MB/s, then the rest at the access rate")
    func restrictionHours() throws {
        // One device holding a connection gets the task pushed at 60.005 s (pushCost 5 ms): it
        // downloads at 1 MB/s until 600 s (the restriction's end), then at its 10 MB/s access
        // rate: 1,000 MB − 539.995 MB take 46.0005 s more, so it completes at 646.0005 s.
        let yaml = """
            name: t
            horizon: 1h
            classes:
              - {name: a, devices: 1, syncInterval: 1d, rtt: 0s, keepConnection: 1, accessLink: 80Mbit/s, trafficLimit: 1MB/s, trafficLimitHours: "00:00-00:10"}
            tasks: [{name: t, at: [1m], payload: 1000MB}]

            """
        let s = try Self.run(yaml).summary
        #expect(abs(s.completionMean - 586.0005) < 1e-6, "\(s.completionMean)")
        let always = try Self.run(yaml.replacingOccurrences(of: ", trafficLimitHours: \"00:00-00:10\"", with: ""))
        #expect(abs(always.summary.completionMean - 1000.005) < 1e-6, "\(always.summary.completionMean)")
    }

    @Test("downloads ending together start the next ones in place: each device's second payload follows its first")
    func simultaneousEnds() throws {
        // Three devices, two 6 MB tasks each, pushed at 60.005 s over a 6 MB/s uplink: the first
        // three downloads share it (2 MB/s) and end together at 3 s; each device then starts its
        // second (the numbers of the three ended flows are used again), ending at 6 s.
        let yaml = """
            name: t
            horizon: 1h
            server: {uplink: 48Mbit/s}
            classes:
              - {name: a, devices: 3, syncInterval: 1d, rtt: 0s, keepConnection: 1}
            tasks:
              - {name: one, at: [1m], payload: 6MB}
              - {name: two, at: [1m], payload: 6MB}

            """
        let s = try Self.run(yaml).summary
        #expect(s.pairs == 6 && s.uncompletedShare == 0)
        #expect(
            abs(s.completionMean - (0.005 + 4.5)) < 1e-9 && abs(s.completionP99 - 6.005) < 0.01, "\(s.completionMean)")
    }

    @Test("an update source: the server sends each launch once per site; the devices download from the source")
    func updateSource() throws {
        let yaml =
            Self.churn.replacingOccurrences(
                of: "classes:\n  - name: a",
                with: "sites: [{name: o, updateSource: true, wan: 10Mbit/s}]\nclasses:\n  - name: a\n    site: o")
            + "tasks: [{name: t, at: [2h, 20h], payload: 70MB}]\n"
        let result = try Self.run(yaml)
        #expect(result.summary.updateSourceFetches == 2 && result.summary.uncompletedShare == 0)
        #expect(abs(result.summary.payloadBytesOut - 2 * 70e6) < 1)
        let point = try #require(result.links.first { $0.kind == "point" })
        #expect(abs(point.bytesDown - 400 * 70e6) < 1e-6 * 400 * 70e6)
        let wan = try #require(result.links.first { $0.kind == "site" })
        #expect(abs(wan.bytesDown - 2 * 70e6) < 1)
    }

    @Test("completion rows: censored like latency; a task without payload completes when it starts")
    func completionRows() throws {
        let yaml =
            Self.churn + """
                tasks:
                  - {name: big, at: [70h], payload: 2GB}
                  - {name: none, at: [70h]}

                """
        let result = try Self.run(yaml)
        let all = try #require(result.latency.first { $0.deviceClass == "all" && $0.path == "all" })
        let done = try #require(result.latency.first { $0.deviceClass == "all" && $0.path == "completed" })
        #expect(done.pairs == all.pairs && done.pairs == 400)
        // 200 × 2 GB through 2.5 MB/s cannot finish in 2 hours: those pairs are unfinished.
        #expect(done.undelivered >= 200 && done.undelivered > all.undelivered)
        #expect(done.p50.isNaN && done.mean.isNaN, "the median falls among unfinished pairs: unknown")
        #expect(result.reach.contains { $0.path == "completed" })
        // Without payloads nothing of this appears.
        let plain = try Self.run(
            Self.churn.replacingOccurrences(of: "server: {uplink: 20Mbit/s}\n", with: "")
                .replacingOccurrences(of: "    accessLink: {10Mbit/s: 0.5, 2Mbit/s: 0.5}\n", with: "")
                + "tasks: [{name: t, every: 1h}]\n")
        #expect(plain.links.isEmpty && !plain.latency.contains { $0.path == "completed" })
        #expect(plain.summary.completionP50.isNaN && plain.summary.uncompletedShare.isNaN)
    }

    @Test("bad input names the key: a negative size, a zero or missing rate, shares that do not sum to 1")
    func errors() throws {
        let cases: [(String, String)] = [
            ("tasks: [{name: t, every: 1h, payload: -5MB}]", "tasks.t.payload: \"-5MB\" is not a size"),
            ("server: {uplink: 0Mbit/s}", "server.uplink: \"0Mbit/s\" is not a finite rate above 0"),
            ("server: {uplink: 100}", "server.uplink: \"100\" is not a finite rate above 0"),
            ("server: {uplink: 1e308Gbit/s}", "server.uplink: \"1e308Gbit/s\" is not a finite rate above 0"),
            ("tasks: [{name: t, every: 1h, payload: 1e308GB}]", "tasks.t.payload: \"1e308GB\" is not a size"),
            (
                "sites: [{name: o, wan: 10Mbit/s, pointBandwidth: 0B/s}]",
                "sites.o.pointBandwidth: \"0B/s\" is not a finite rate"
            ),
            ("tasks: [{name: t, every: 1h, payload: 1MB, resume: later}]", "must be continue or restart"),
        ]
        let classCases: [(String, String)] = [
            ("{name: b, devices: 1, accessLink: {10Mbit/s: 0.5}}", "classes.b.accessLink: the shares sum to 0.5"),
            ("{name: b, devices: 1, trafficLimitHours: \"08:00-18:00\"}", "goes with trafficLimit"),
            ("{name: b, devices: 1, trafficLimit: 1MB/s, trafficLimitHours: \"8-18\"}", "must be hours HH:MM-HH:MM"),
        ]
        for (text, message) in classCases {
            do {
                _ = try Scenario.parse(yaml: "name: t\nclasses: [\(text)]\n", origin: "t.yaml")
                Issue.record("accepted: \(text)")
            } catch let error as InputError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        for (text, message) in cases {
            do {
                _ = try Scenario.parse(
                    yaml: "name: t\nclasses: [{name: a, devices: 1}]\n" + text + "\n", origin: "t.yaml")
                Issue.record("accepted: \(text)")
            } catch let error as InputError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test("describe: each link's offered load; warnings for a link over capacity and a link on no route")
    func describe() throws {
        let yaml = """
            name: t
            server: {uplink: 100Mbit/s}
            sites: [{name: empty, wan: 10Mbit/s}]
            classes: [{name: a, devices: 2000, syncInterval: 15m}]
            tasks: [{name: t, every: 1d, payload: 4.47MB}]

            """
        let load = OfferedLoad(try Scenario.parse(yaml: yaml, origin: "t.yaml"))
        // 2,000 × 4.47 MB = 8.94 GB over the 15-minute spread: 79.47 Mbit/s, under 100.
        #expect(load.linkLines.contains { $0.contains("8.94 GB of downloads") && $0.contains("79.47 Mbit/s") })
        #expect(load.warnings.contains { $0.contains("sites.empty.wan") && $0.contains("on no device's route") })
        #expect(!load.warnings.contains { $0.contains("over capacity") })
        let busy = OfferedLoad(
            try Scenario.parse(yaml: yaml.replacingOccurrences(of: "4.47MB", with: "70MB"), origin: "t.yaml"))
        #expect(busy.warnings.contains { $0.contains("server.uplink) is over capacity while t spreads") })
        #expect(OfferedLoad(try Scenario.parse(yaml: Self.plain, origin: "t.yaml")).linkLines.isEmpty)
    }

    static let plain = "name: t\nclasses: [{name: a, devices: 1}]\n"

    @Test("without bytes on the wire the completion and link columns are left out of every table; with them, kept")
    func columnsOnlyWithBytes() throws {
        let plain = MetricSet(try Scenario.parse(yaml: Self.plain, origin: "t.yaml"))
        let bytes = MetricSet(try Scenario.parse(yaml: Self.plain + "server: {uplink: 1Gbit/s}\n", origin: "t.yaml"))
        #expect(!plain.bytes && bytes.bytes)
        for name in ["completion_p95_s", "payload_bytes_out", "completion_p95_s[a]", "uncompleted_share[a]"] {
            #expect(!plain.names.contains(name) && bytes.names.contains(name), "\(name)")
        }
        #expect(plain.names.count + 11 + 3 == bytes.names.count)
        #expect(SummaryRecord.columns(bytes: false).count + 11 == SummaryRecord.columns.count)
        do {
            _ = try plain.index("completion_p95_s") { InputError($0) }
            Issue.record("a figure of bytes was accepted without bytes")
        } catch let error as InputError {
            #expect(error.message.contains("do not apply here"), "\(error.message)")
        }
        // The kept metrics' values are the full vector's, in the same order.
        let result = try Self.run(Self.churn + "tasks: [{name: t, at: [2h], payload: 1MB}]\n")
        let values = bytes.values(result.summary, latency: result.latency)
        #expect(values.count == bytes.names.count)
    }

    @Test("link keys read with their units and written back only when set")
    func roundTrip() throws {
        #expect(RateText.bytesPerSecond("100Mbit/s") == 12.5e6 && RateText.bytesPerSecond("2MB/s") == 2e6)
        #expect(RateText.bytesPerSecond("1Gbit/s") == 125e6 && RateText.bytesPerSecond("512kbit/s") == 64_000)
        let yaml =
            Self.churn.replacingOccurrences(
                of: "classes:\n  - name: a",
                with:
                    "sites: [{name: o, updateSource: true, wan: 10Mbit/s, pointBandwidth: 1Gbit/s}]\nclasses:\n  - name: a\n    site: o\n    trafficLimit: 500KB/s\n    trafficLimitHours: \"22:00-06:00\""
            )
            .replacingOccurrences(of: "traffic: {", with: "traffic: {pricePerGB: 0.09, ")
            + "tasks: [{name: t, every: 1d, payload: 259MB, payloadUp: 7.8MB, resume: restart}]\n"
        let scenario = try Scenario.parse(yaml: yaml, origin: "t.yaml")
        #expect(try Scenario.parse(yaml: scenario.resolvedYAML, origin: "r") == scenario)
        #expect(
            scenario.resolvedYAML.contains("payload: 259MB")
                && scenario.resolvedYAML.contains("trafficLimitHours: \"22:00-06:00\""))
        #expect(DailyHours(from: 22 * 3600, to: 6 * 3600).contains(86400 + 23 * 3600))
        let plain = try Scenario.parse(yaml: "name: t\nclasses: [{name: a, devices: 1}]\n", origin: "t.yaml")
        for key in ["uplink", "payload", "accessLink", "updateSource", "pricePerGB", "resume"] {
            #expect(!plain.resolvedYAML.contains(key + ":"), "\(key) written without being set")
        }
    }
}
