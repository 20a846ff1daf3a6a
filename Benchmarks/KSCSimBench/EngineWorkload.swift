import KSCEngine
import KSCGSL
import KSCRandom

/// The engine benchmark's workload on kscsim's engine: N devices each sync every
/// 900 s + U(-30 s, 30 s), first sync at U(0, 900 s), one event per sync; the same draws,
/// in the same order, as `engine_loop.c`, whose checksum of the event sequence it matches.
struct PeriodicSyncWorkload: EventHandler {
    let stream: RandomStream
    let jitter: Distribution
    /// FNV-1a over the devices in the order their events ran.
    var checksum: UInt64 = 14_695_981_039_346_656_037

    mutating func handle<Queue: FutureEventSet & ~Copyable>(_ device: UInt32, in sim: inout Simulation<Queue>)
    where Queue.Payload == UInt32 {
        checksum = (checksum ^ UInt64(device)) &* 1_099_511_628_211
        sim.schedule(device, after: 900 + jitter.sample(stream))
    }

    /// Runs the workload; returns the number of events handled and the checksum.
    static func run<Queue: FutureEventSet & ~Copyable>(_: Queue.Type, devices: Int, horizon: Double, seed: UInt64)
        throws -> (UInt64, UInt64)
    where Queue.Payload == UInt32 {
        let stream = try RandomStream(seed: seed)
        var sim = Simulation<Queue>(expectedEvents: devices)
        let first = Distribution.uniform(min: 0, max: 900)
        for device in 0..<devices {
            sim.schedule(UInt32(device), at: first.sample(stream))
        }
        var workload = PeriodicSyncWorkload(stream: stream, jitter: .uniform(min: -30, max: 30))
        sim.run(until: horizon, handler: &workload)
        return (sim.eventsHandled, workload.checksum)
    }
}
