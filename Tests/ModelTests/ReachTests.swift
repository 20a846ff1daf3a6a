import Foundation
import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario

/// `reach.csv`: the share of targeted pairs reached within a time of their launch.
@Suite("Reach")
struct ReachTests {
    static func run(_ yaml: String) throws -> (ReplicationResult, MemorySink) {
        let scenario = try Scenario.parse(yaml: yaml, origin: "test.yaml")
        var sink = MemorySink()
        let result = try scenario.runReplication(1, sink: &sink)
        return (result, sink)
    }

    @Test("reached counts equal the deliveries within each time, by path; the paths add up to the all row")
    func countsMatchDeliveries() throws {
        let (result, sink) = try Self.run(
            """
            name: r
            horizon: 2d
            drain: 1d
            classes:
              - {name: a, devices: 300, wakeReachable: 0.5, keepConnection: 0.2}
              - {name: b, devices: 200, syncInterval: 30m}
            tasks:
              - {name: t, every: 2h}
            """)
        let delivered = sink.deliveries.filter { $0.path != nil }
        #expect(result.reach.count == 3 * 5 * ReachRecord.grid.filter { $0 <= 2 * 86400 }.count)
        for row in result.reach {
            let mine = delivered.filter {
                (row.deviceClass == "all" || $0.deviceClass == row.deviceClass)
                    && (row.path == "all" || $0.path?.description == row.path)
            }
            let exact = mine.filter { $0.latency <= row.after }.count
            // The sketch resolves 0.1 %: only latencies that close to `after` may fall either side.
            let near = mine.filter { abs($0.latency - row.after) <= 0.001 * row.after + 1e-6 }.count
            #expect(
                abs(row.reached - exact) <= near,
                "\(row.deviceClass)/\(row.path) at \(row.after) s: \(row.reached) vs \(exact)")
            let pairs = sink.deliveries.filter { row.deviceClass == "all" || $0.deviceClass == row.deviceClass }.count
            #expect(row.pairs == pairs)
            if row.path == "all" {
                let paths = result.reach.filter {
                    $0.deviceClass == row.deviceClass && $0.after == row.after && $0.path != "all"
                }
                #expect(paths.count == 4 && paths.map(\.reached).reduce(0, +) == row.reached)
            }
            #expect(
                row.share == Double(row.reached) / Double(row.pairs), "every pair is delivered, so every share is known"
            )
        }
        // With every pair delivered, the all row reaches 1 once past the largest latency.
        let largest = delivered.map(\.latency).max() ?? 0
        let last = try #require(result.reach.last { $0.deviceClass == "all" && $0.path == "all" })
        #expect(last.after < largest * 1.001 || last.share == 1)
    }

    @Test("a share beyond the shortest wait of an undelivered pair is unknown, never a guess")
    func censoredShareIsEmpty() throws {
        // Half the fleet is off from Monday 18:00 on: a task at 30 h never reaches it, and the
        // horizon comes 18 h after the launch, so nothing is known beyond 18 h.
        let (result, _) = try Self.run(
            """
            name: u
            horizon: 2d
            warmup: 20h
            classes:
              - {name: on, devices: 100, wakeReachable: 1, udpLoss: 0}
              - {name: off, devices: 100, availability: {type: weekly, days: mon, start: "08:00", end: "18:00"}}
            tasks:
              - {name: t, at: [30h]}
            """)
        for row in result.reach where row.path == "all" {
            switch row.deviceClass {
            case "on": #expect(row.pairs == 100 && (row.after < 60 || row.share == 1))
            case "off":
                #expect(
                    row.pairs == 100 && row.reached == 0 && (row.after <= 18 * 3600 ? row.share == 0 : row.share.isNaN))
            default: #expect(row.pairs == 200 && (row.after <= 18 * 3600 ? row.share <= 0.5 : row.share.isNaN))
            }
        }
    }
}
