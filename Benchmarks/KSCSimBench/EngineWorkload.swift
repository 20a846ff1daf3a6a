import KSCEngine
import KSCGSL
import KSCRandom

/// The engine benchmark's workload on kscsim's engine: N devices each sync every
/// 900 s + U(-30 s, 30 s), first sync at U(0, 900 s), one event per sync.
struct PeriodicSyncWorkload: EventHandler {
    let stream: RandomStream
    let jitter: Distribution

    mutating func handle<Queue: FutureEventSet & ~Copyable>(_ device: UInt32, in sim: inout Simulation<Queue>)
    where Queue.Payload == UInt32 {
        sim.schedule(device, after: 900 + jitter.sample(stream) - 30)
    }

    /// Runs the workload; returns the number of events handled.
    static func run<Queue: FutureEventSet & ~Copyable>(_: Queue.Type, devices: Int, horizon: Double, seed: UInt64) throws -> UInt64
    where Queue.Payload == UInt32 {
        let stream = try RandomStream(seed: seed)
        var sim = Simulation<Queue>(expectedEvents: devices)
        let first = try Distribution.makeUniform(min: 0, max: 900)
        for device in 0..<devices {
            sim.schedule(UInt32(device), at: first.sample(stream))
        }
        var workload = PeriodicSyncWorkload(stream: stream, jitter: try Distribution.makeUniform(min: 0, max: 60))
        sim.run(until: horizon, handler: &workload)
        return sim.eventsHandled
    }
}
