import Testing

@testable import KSCEngine
@testable import KSCGSL
@testable import KSCPrimitives
@testable import KSCRandom
@testable import KSCStatistics

/// Customers of a test queue on the engine: Poisson arrivals with exponential (or
/// other) service, through a `ServerPool` or a `LossPool`.
enum QueueEvent {
    case arrival
    case departure(Int)
}

/// Runs an M/G/c/K queue through `ServerPool`; returns (refused share, mean wait of
/// admitted customers) after the warm-up, and checks FIFO order of service starts.
func runServerPool(servers: Int, backlog: Int, lambda: Double, service: Distribution, horizon: Double, seed: UInt64)
    throws -> (Double, Double, Bool)
{
    let arrivals = try RandomStream(seed: seed)
    let services = try RandomStream(seed: seed &+ 1000)
    var pool = ServerPool<Int>(workers: servers, backlog: backlog)
    var sim = Simulation<BinaryHeap<QueueEvent>>()
    var next = 0
    var lastStarted = -1
    var fifo = true
    var offered = 0
    let warmup = horizon / 10
    sim.schedule(.arrival, at: 0)
    sim.run(
        until: horizon, warmup: warmup,
        warmupEnded: {
            pool.resetStatistics(at: $0.now)
            offered = 0
        },
        handle: { event, sim in
            switch event {
            case .arrival:
                sim.schedule(.arrival, after: Distribution.exponential(mean: 1 / lambda).sample(arrivals))
                let id = next
                next += 1
                offered += 1
                if pool.arrive(id, at: sim.now) == .started {
                    sim.schedule(.departure(id), after: service.sample(services))
                }
            case .departure:
                if let started = pool.complete(at: sim.now) {
                    if started < lastStarted { fifo = false }
                    lastStarted = started
                    sim.schedule(.departure(started), after: service.sample(services))
                }
            }
        })
    return (Double(pool.refusedCount) / Double(offered), pool.waits.mean, fifo)
}

@Suite("Primitives")
struct PrimitivesTests {
    @Test("RingQueue is first-in first-out across growth and wrap-around")
    func ringQueueFIFO() {
        var queue = RingQueue<Int>(capacity: 2)
        var reference: [Int] = []
        var head = 0
        for i in 0..<1000 {
            queue.append(i)
            reference.append(i)
            if i % 3 == 0 {
                #expect(queue.popFirst() == reference[head])
                head += 1
            }
        }
        #expect(queue.count == reference.count - head)
        #expect(queue.removeAll() == Array(reference[head...]))
        #expect(queue.isEmpty && queue.popFirst() == nil)
    }

    @Test(
        "ServerPool with a large backlog: mean wait within the 99% interval of Erlang C; service in FIFO order",
        arguments: [(1, 0.7), (4, 3.2), (8, 6.0)])
    func serverPoolErlangC(servers: Int, load: Double) throws {
        let mu = 2.0
        var waits: [Double] = []
        for r in 1...10 {
            let (refused, wait, fifo) = try runServerPool(
                servers: servers, backlog: 1_000_000, lambda: load * mu,
                service: .exponential(mean: 1 / mu), horizon: 20_000, seed: UInt64(r))
            #expect(refused == 0 && fifo)
            waits.append(wait)
        }
        let theory = QueueingTheory.mmcMeanWait(servers: servers, arrivalRate: load * mu, serviceRate: mu)
        let ci = ConfidenceInterval(waits, level: 0.99)
        #expect(ci.contains(theory), "mean wait \(ci.mean) [\(ci.lower), \(ci.upper)], Erlang C \(theory)")
    }

    @Test(
        "ServerPool with a small backlog is M/M/c/K: refused share and mean wait from the birth-death chain",
        arguments: [(1, 3, 0.9), (4, 6, 4.5), (2, 0, 1.5)])
    func serverPoolMMcK(servers: Int, backlog: Int, load: Double) throws {
        let mu = 1.0
        var refused: [Double] = []
        var waits: [Double] = []
        for r in 1...10 {
            let (b, w, fifo) = try runServerPool(
                servers: servers, backlog: backlog, lambda: load * mu,
                service: .exponential(mean: 1 / mu), horizon: 40_000, seed: UInt64(100 + r))
            #expect(fifo)
            refused.append(b)
            waits.append(w)
        }
        let theory = QueueingTheory.mmcK(servers: servers, capacity: servers + backlog, load: load)
        let b = ConfidenceInterval(refused, level: 0.99)
        let w = ConfidenceInterval(waits, level: 0.99)
        #expect(b.contains(theory.refused), "refused \(b.mean) [\(b.lower), \(b.upper)], theory \(theory.refused)")
        if backlog > 0 {
            #expect(
                w.contains(theory.meanWaitTimesMu / mu),
                "wait \(w.mean) [\(w.lower), \(w.upper)], theory \(theory.meanWaitTimesMu / mu)")
        }
    }

    @Test(
        "LossPool is Erlang B, whatever the holding-time distribution",
        arguments: [Distribution.exponential(mean: 1), Distribution.constant(1), Distribution.uniform(min: 0, max: 2)])
    func lossPoolErlangB(holding: Distribution) throws {
        let slots = 10
        let lambda = 8.0
        var blocking: [Double] = []
        for r in 1...10 {
            let arrivals = try RandomStream(seed: UInt64(r))
            let holds = try RandomStream(seed: UInt64(r) &+ 500)
            var pool = LossPool(capacity: slots)
            var sim = Simulation<BinaryHeap<QueueEvent>>()
            sim.schedule(.arrival, at: 0)
            sim.run(
                until: 20_000, warmup: 1000, warmupEnded: { pool.resetStatistics(at: $0.now) },
                handle: { event, sim in
                    switch event {
                    case .arrival:
                        sim.schedule(.arrival, after: Distribution.exponential(mean: 1 / lambda).sample(arrivals))
                        if pool.tryAcquire(at: sim.now) { sim.schedule(.departure(0), after: holding.sample(holds)) }
                    case .departure:
                        pool.release(at: sim.now)
                    }
                })
            blocking.append(Double(pool.refused) / Double(pool.attempts))
        }
        let theory = QueueingTheory.erlangB(servers: slots, load: lambda * holding.mean)
        let ci = ConfidenceInterval(blocking, level: 0.99)
        #expect(ci.contains(theory), "blocking \(ci.mean) [\(ci.lower), \(ci.upper)], Erlang B \(theory)")
    }

    @Test("M/M/c/K formula: K = c gives Erlang B; a large K approaches Erlang C")
    func mmcKLimits() {
        #expect(
            abs(
                QueueingTheory.mmcK(servers: 5, capacity: 5, load: 3).refused
                    - QueueingTheory.erlangB(servers: 5, load: 3)) < 1e-12)
        let large = QueueingTheory.mmcK(servers: 3, capacity: 3000, load: 2)
        #expect(large.refused < 1e-100)
        #expect(
            abs(large.meanWaitTimesMu - QueueingTheory.mmcMeanWait(servers: 3, arrivalRate: 2, serviceRate: 1)) < 1e-9)
    }
}
