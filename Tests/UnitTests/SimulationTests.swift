import Testing

@testable import KSCEngine
@testable import KSCGSL
@testable import KSCRandom
@testable import KSCStatistics

/// A test-only M/M/c queue on the engine: Poisson arrivals, exponential service,
/// c servers, FIFO; records each customer's wait before service after the warm-up.
struct MMcQueue: EventHandler {
    enum Event { case arrival, departure }
    let servers: Int
    let interarrival: Distribution
    let service: Distribution
    let arrivals: RandomStream
    let services: RandomStream
    var busy = 0
    var waiting: [Double] = []  // arrival times of waiting customers (FIFO)
    var head = 0
    var waits = Tally()

    mutating func handle<Q: FutureEventSet & ~Copyable>(_ event: Event, in sim: inout Simulation<Q>)
    where Q.Payload == Event {
        switch event {
        case .arrival:
            sim.schedule(.arrival, after: interarrival.sample(arrivals))
            if busy < servers {
                busy += 1
                waits.add(0)
                sim.schedule(.departure, after: service.sample(services))
            } else {
                waiting.append(sim.now)
            }
        case .departure:
            if head < waiting.count {
                waits.add(sim.now - waiting[head])
                head += 1
                sim.schedule(.departure, after: service.sample(services))
            } else {
                busy -= 1
            }
        }
    }

    mutating func warmupEnded<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) {
        waits = Tally()
    }

    /// Mean wait of one replication.
    static func meanWait(servers: Int, lambda: Double, mu: Double, horizon: Double, warmup: Double, seed: UInt64) throws
        -> Double
    {
        let streams = StreamSet(seed: seed)
        var model = MMcQueue(
            servers: servers,
            interarrival: try .makeExponential(mean: 1 / lambda),
            service: try .makeExponential(mean: 1 / mu),
            arrivals: try streams.stream("arrivals"),
            services: try streams.stream("services"))
        var sim = Simulation<QuaternaryHeap<Event>>()
        sim.schedule(.arrival, at: model.interarrival.sample(model.arrivals))
        sim.run(until: horizon, warmup: warmup, handler: &model)
        return model.waits.mean
    }
}

/// Records the order in which events and the warm-up hook run.
struct Recorder: EventHandler {
    var log: [String] = []
    mutating func handle<Q: FutureEventSet & ~Copyable>(_ event: String, in sim: inout Simulation<Q>)
    where Q.Payload == String {
        log.append("\(event)@\(sim.now)")
        if event == "spawn" { sim.schedule("child", after: 0) }
    }
    mutating func warmupEnded<Q: FutureEventSet & ~Copyable>(in sim: inout Simulation<Q>) {
        log.append("warmup@\(sim.now)")
    }
}

@Suite("Simulation")
struct SimulationTests {
    @Test("events run in time order, ties by priority then insertion; warm-up and horizon")
    func ordering() {
        var sim = Simulation<BinaryHeap<String>>()
        var recorder = Recorder()
        sim.schedule("b", at: 2)
        sim.schedule("a", at: 1)
        sim.schedule("c", at: 2)
        sim.schedule("urgent", at: 2, priority: 0)
        sim.schedule("spawn", at: 3)
        sim.schedule("late", at: 11)
        sim.run(until: 10, warmup: 2, handler: &recorder)
        #expect(recorder.log == ["a@1.0", "warmup@2.0", "urgent@2.0", "b@2.0", "c@2.0", "spawn@3.0", "child@3.0"])
        #expect(sim.now == 10)
        #expect(sim.pendingEvents == 1)
        #expect(sim.eventsHandled == 6)
    }

    @Test("warm-up after the last event still fires, at its time")
    func warmupWithoutEvents() {
        var sim = Simulation<QuaternaryHeap<String>>()
        var recorder = Recorder()
        sim.schedule("a", at: 1)
        sim.run(until: 10, warmup: 5, handler: &recorder)
        #expect(recorder.log == ["a@1.0", "warmup@5.0"])
    }

    @Test("M/M/1 and M/M/c mean wait within the 99% interval of Erlang C", arguments: [(1, 0.7), (3, 2.4), (16, 13.0)])
    func erlangC(servers: Int, lambda: Double) throws {
        let mu = 1.0
        let waits = try (1...20).map { rep in
            try MMcQueue.meanWait(
                servers: servers, lambda: lambda, mu: mu, horizon: 22_000, warmup: 2_000, seed: UInt64(rep))
        }
        let ci = ConfidenceInterval(waits, level: 0.99)
        let theory = QueueingTheory.mmcMeanWait(servers: servers, arrivalRate: lambda, serviceRate: mu)
        #expect(ci.contains(theory), "simulated \(ci.mean) +/- \(ci.halfWidth), Erlang C \(theory)")
        // The interval must be informative, not wide enough to contain anything.
        #expect(ci.halfWidth < 0.15 * theory)
    }
}
