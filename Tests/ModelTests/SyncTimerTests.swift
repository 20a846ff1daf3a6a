import KSCRecords
import TestSupport
import Testing

@testable import KSCModel
@testable import KSCScenario
@testable import KSCSupport

/// The periodic timer folded into its arrival (Mechanisms/SyncTimer.swift).
@Suite("SyncTimer")
struct SyncTimerTests {
    /// The summary on the binary heap, and whether the calendar and ladder queues give the same line.
    static func summaries(_ yaml: String) throws -> (heap: SummaryRecord, sameOnEveryQueue: Bool) {
        let scenario = try Scenario.parse(yaml: yaml, origin: "test.yaml")
        let heap = try scenario.runReplication(1, queue: .binaryHeap).summary
        let lines = try FutureEventSetChoice.allCases.map {
            CSVFormat.standard.line(try scenario.runReplication(1, queue: $0).summary.fields)
        }
        return (heap, Set(lines) == [CSVFormat.standard.line(heap.fields)])
    }

    /// Timers every 1 s, a trip of 10 s each way and sessions of 0.1 s: a sync started by
    /// the timer at T ends at T + 10.1, the ten timers T + 1 ... T + 10 find it under way and
    /// are skipped, and T + 11 starts the next. Each settling applies ten timers at once.
    /// Over 1 h a device that first syncs at φ in [0, 1) completes the syncs ending at
    /// φ + 10.1 + 11k <= 3600, k = 0 ... 326: 327 of them, whatever its phase.
    @Test("an interval shorter than the trip: every cycle is the trip plus the session, rounded up to whole intervals")
    func shortInterval() throws {
        let (heap, same) = try Self.summaries(
            """
            name: short
            horizon: 1h
            server: {syncWorkers: 100, syncService: 100ms}
            classes:
              - {name: a, devices: 50, syncInterval: 1s, syncJitter: 0s, rtt: 20s}
            """)
        #expect(heap.syncs == 50 * 327)
        #expect(same)
    }

    /// Sessions that take no time end where they start: one event per sync, the timer's
    /// arrival (no timer event, no service completion, no answer drawn without tasks).
    @Test("sessions of no time cost one event per periodic sync")
    func oneEventPerSync() throws {
        let (heap, same) = try Self.summaries(
            """
            name: periodic
            horizon: 6h
            server: {syncWorkers: 1000, syncService: 0s, backlog: 0}
            classes:
              - {name: a, devices: 500, syncInterval: 870s, syncJitter: "uniform(min=0s, max=60s)"}
            """)
        // 500 devices x 6 h / 900 s = 12,000 syncs, less those whose first falls late in the phase.
        #expect(heap.syncs > 11_900 && heap.syncs <= 12_000 + 500)
        #expect(heap.events == UInt64(heap.syncs))
        #expect(same)
    }
}
