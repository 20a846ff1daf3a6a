import Foundation
import KSCRecords
import KSCSupport
import TestSupport
import Testing

@testable import KSCEngine
@testable import KSCModel
@testable import KSCScenario

/// Folds every handled event into a running FNV-1a hash of (time, event kind, device or
/// index): a fingerprint of the whole event sequence of a run.
struct EventTrace {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var events = 0

    mutating func mix(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            hash ^= (value >> UInt64(shift)) & 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
    }

    mutating func record(_ event: ModelEvent, at time: Double) {
        // Window closings are observation (like samples they change no model state); they
        // came after the fingerprint was fixed, so they are left out of it.
        if case .window = event { return }
        let (kind, subject) = EventTrace.describe(event)
        mix(time.bitPattern)
        mix(kind)
        mix(subject)
        events += 1
    }

    mutating func recordWarmup(at time: Double) {
        mix(0xffff)
        mix(time.bitPattern)
    }

    /// A stable code per event kind and the device (or task, outage) it concerns.
    static func describe(_ event: ModelEvent) -> (UInt64, UInt64) {
        switch event {
        case .availability(let d, _): return (1, UInt64(d))
        case .syncTimer(let d, _): return (2, UInt64(d))
        case .syncArrival(let d, _): return (3, UInt64(d))
        case .timedArrival(let d, _): return (20, UInt64(d))
        case .serviceDone(let d, _): return (4, UInt64(d))
        case .connectTimeout(let d, _): return (21, UInt64(d))
        case .wakeSend(let s): return (5, UInt64(s))
        case .wakeArrival(let d, _): return (6, UInt64(d))
        case .taskLaunch(let t): return (7, UInt64(t))
        case .release(let d, _): return (8, UInt64(d))
        case .outageStart(let s, let i): return (9, UInt64(s) << 32 | UInt64(i))
        case .outageEnd(let s): return (10, UInt64(s))
        case .sample: return (11, 0)
        case .window: return (22, 0)
        case .roaming(let d): return (23, UInt64(d))
        case .gatewayArrival(let d, _): return (12, UInt64(d))
        case .gatewayAvailability(let g, _): return (13, UInt64(g))
        case .gatewayOutage(let g, let i): return (14, UInt64(g) << 32 | UInt64(i))
        case .gatewayOutageEnd(let g): return (15, UInt64(g))
        case .gatewayConnect(let g): return (16, UInt64(g))
        case .relaySend(let r): return (17, UInt64(r))
        case .relayAvailability(let r, _): return (18, UInt64(r))
        case .relayConnect(let r): return (19, UInt64(r))
        case .fcmArrival(let d, _): return (24, UInt64(d))
        case .fcmState(let change, let value): return (25, UInt64(change) << 32 | UInt64(value))
        case .downloadReady(let d): return (26, UInt64(d))
        case .transfer(let generation): return (27, UInt64(generation))
        case .limitHours(let c): return (28, UInt64(c))
        }
    }
}

@Suite("Event trace")
struct EventTraceTests {
    /// The fingerprint of the golden scenario's first replication; it must not change
    /// when the code is restructured (only when the model's rules change on purpose).
    /// The trace of the golden scenario's first replication with the future-event set `Q`.
    static func trace<Q: FutureEventSet & ~Copyable>(_ queue: Q.Type) throws -> EventTrace
    where Q.Payload == ModelEvent {
        let path = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        let scenario = try Scenario.load(path: path)
        let seed = Scenario.runSeed(base: scenario.seed, replication: 1)
        var model = try ConnectivityModel<DiscardingSink, Q>(
            scenario: scenario, replication: 1, seed: seed, sink: DiscardingSink(), timeseriesStep: 3600)
        var trace = EventTrace()
        var sim = Simulation<Q>(expectedEvents: scenario.deviceCount * 2 + 64)
        model.start(in: &sim)
        sim.run(
            until: scenario.horizon, warmup: scenario.warmup,
            warmupEnded: {
                trace.recordWarmup(at: $0.now)
                model.warmupEnded(at: $0.now)
            },
            handle: {
                trace.record($0, at: $1.now)
                model.handle($0, in: &$1)
            })
        return trace
    }

    @Test("the golden scenario's event sequence has a fixed fingerprint")
    func fingerprint() throws {
        let trace = try Self.trace(BinaryHeap<ModelEvent>.self)
        #expect(trace.events == 23601)
        #expect(String(trace.hash, radix: 16) == "7f0b2ee4af463655")
    }

    @Test("the calendar queue runs the golden scenario through exactly the same events")
    func calendarQueue() throws {
        let trace = try Self.trace(CalendarQueue<ModelEvent>.self)
        #expect(trace.events == 23601)
        #expect(String(trace.hash, radix: 16) == "7f0b2ee4af463655")
    }

    @Test("the ladder queue runs the golden scenario through exactly the same events")
    func ladderQueue() throws {
        let trace = try Self.trace(LadderQueue<ModelEvent>.self)
        #expect(trace.events == 23601)
        #expect(String(trace.hash, radix: 16) == "7f0b2ee4af463655")
    }

    /// The queues' memory per pending event (README "Benchmarks": bytes per device).
    @Test("the calendar and ladder queues keep a pending model event in 24 bytes")
    func nodeSize() {
        #expect(MemoryLayout<CalendarQueue<ModelEvent>.Node>.stride == 24)
        #expect(MemoryLayout<LadderQueue<ModelEvent>.Entry>.stride == 24)
    }

    @Test(
        "every record of the golden and topology scenarios is the same with the heap, the calendar and the ladder queue",
        arguments: [
            "Tests/Golden/small.yaml", "Models/remote-offices.yaml", "Models/direct-or-gateway.yaml",
            "Models/server-outage.yaml",
        ])
    func sameRecordsEitherQueue(path: String) throws {
        let scenario = try Scenario.load(
            path: KSCSimBinary.packageRoot.appendingPathComponent(path).path,
            overrides: ["horizon=12h", "drain=2h", "warmup=1h"])
        for replication in 1...2 {
            var heapSink = MemorySink()
            let a = try scenario.runReplication(
                replication, sink: &heapSink, timeseriesStep: 600, queue: BinaryHeap<ModelEvent>.self)
            var calendarSink = MemorySink()
            var ladderSink = MemorySink()
            let b = try scenario.runReplication(
                replication, sink: &calendarSink, timeseriesStep: 600, queue: CalendarQueue<ModelEvent>.self)
            let c = try scenario.runReplication(
                replication, sink: &ladderSink, timeseriesStep: 600, queue: LadderQueue<ModelEvent>.self)
            // As the CSV files write them (an unknown value, NaN, is then equal to itself).
            let csv = CSVFormat.standard
            for (name, other, sink) in [("calendar", b, calendarSink), ("ladder", c, ladderSink)] {
                let what = "\(path) replication \(replication), \(name) queue"
                #expect(csv.table([a.summary]) == csv.table([other.summary]), "\(what): summary")
                #expect(
                    csv.table(a.latency) == csv.table(other.latency) && csv.table(a.reach) == csv.table(other.reach),
                    "\(what): latency, reach")
                #expect(csv.table(a.nodes) == csv.table(other.nodes), "\(what): nodes")
                #expect(csv.table(heapSink.samples) == csv.table(sink.samples), "\(what): samples")
                #expect(csv.table(heapSink.deliveries) == csv.table(sink.deliveries), "\(what): deliveries")
            }
        }
    }
}
