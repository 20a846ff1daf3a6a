import Foundation
import Testing
@testable import KSCSim

/// Wraps the model and folds every handled event into a running FNV-1a hash of
/// (time, event kind, device or index): a fingerprint of the whole event sequence.
struct EventTrace<Model: EventHandler>: EventHandler where Model.Event == ModelEvent {
    var model: Model
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var events = 0

    mutating func mix(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            hash ^= (value >> UInt64(shift)) & 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
    }

    mutating func handle<Q: FutureEventSet & ~Copyable>(_ event: ModelEvent, in sim: inout Simulation<Q>) where Q.Payload == ModelEvent {
        let (kind, subject) = EventTrace.describe(event)
        mix(sim.now.bitPattern)
        mix(kind)
        mix(subject)
        events += 1
        model.handle(event, in: &sim)
    }

    mutating func warmupEnded<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) {
        mix(0xffff)
        mix(sim.now.bitPattern)
        model.warmupEnded(in: &sim)
    }

    /// A stable code per event kind and the device (or task, outage) it concerns.
    static func describe(_ event: ModelEvent) -> (UInt64, UInt64) {
        switch event {
        case .availability(let d, _): return (1, UInt64(d))
        case .syncTimer(let d, _): return (2, UInt64(d))
        case .syncArrival(let d, _): return (3, UInt64(d))
        case .serviceDone(let d, _): return (4, UInt64(d))
        case .wakeSend: return (5, 0)
        case .wakeArrival(let d, _): return (6, UInt64(d))
        case .taskLaunch(let t): return (7, UInt64(t))
        case .release(let d, _): return (8, UInt64(d))
        case .outageStart(let i): return (9, UInt64(i))
        case .outageEnd: return (10, 0)
        case .sample: return (11, 0)
        }
    }
}

@Suite("Event trace")
struct EventTraceTests {
    /// The fingerprint of the golden scenario's first replication; it must not change
    /// when the code is restructured (only when the model's rules change on purpose).
    @Test("the golden scenario's event sequence has a fixed fingerprint")
    func fingerprint() throws {
        let path = KSCSimBinary.golden.appendingPathComponent("small.yaml").path
        let scenario = try Scenario.load(path: path)
        let seed = Scenario.runSeed(base: scenario.seed, replication: 1)
        let model = try ConnectivityModel(scenario: scenario, replication: 1, seed: seed, sink: DiscardingSink(), timeseriesStep: 3600)
        var trace = EventTrace(model: model)
        var sim = Simulation<BinaryHeap<ModelEvent>>(expectedEvents: scenario.deviceCount * 2 + 64)
        trace.model.start(in: &sim)
        sim.run(until: scenario.horizon, warmup: scenario.warmup, handler: &trace)
        let text = String(trace.hash, radix: 16)
        #expect(trace.events == 31368)
        #expect(text == "d13b500edd5fba32")
    }
}
