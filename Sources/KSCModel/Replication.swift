import KSCEngine
import KSCRecords
import KSCScenario

/// The model's future-event set: the ladder queue. It gives the same events in the same
/// order as the binary heap and the calendar queue (tests compare every record), and is the
/// fastest of the three on the periodic workload and on the whole model (`make bench`).
typealias ModelQueue = LadderQueue<ModelEvent>

/// The future-event sets a replication can run on.
public enum FutureEventSetChoice: String, Sendable, CaseIterable {
    case calendar
    case binaryHeap = "binary"
    case ladder
}

/// The outcome of one replication.
public struct ReplicationResult: Sendable {
    public let summary: SummaryRecord
    public let latency: [LatencyRecord]
    public let reach: [ReachRecord]
    public let nodes: [NodeRecord]
    /// One row per link bytes cross (none without payloads or link rates).
    public let links: [LinkRecord]
}

extension Scenario {
    /// Runs replication `replication` (1-based) of this scenario.
    /// - Parameters:
    ///   - sink: receives delivery and time-series records as they happen.
    ///   - timeseriesStep: sampling period of `TimeseriesRecord`s, s; nil for none.
    /// - Throws: `GSLError` when a random generator cannot be allocated.
    public func runReplication<Sink: RecordSink>(_ replication: Int, sink: inout Sink, timeseriesStep: Double? = nil)
        throws -> ReplicationResult
    {
        try runReplication(replication, sink: &sink, timeseriesStep: timeseriesStep, queue: ModelQueue.self)
    }

    /// Runs replication `replication` with the future-event set `Queue` (the tests run the
    /// heap and the calendar queue and compare every record).
    func runReplication<Sink: RecordSink, Queue: FutureEventSet & ~Copyable>(
        _ replication: Int, sink: inout Sink, timeseriesStep: Double?, queue: Queue.Type
    ) throws -> ReplicationResult where Queue.Payload == ModelEvent {
        let seed = Scenario.runSeed(base: self.seed, replication: replication)
        var model = try ConnectivityModel<Sink, Queue>(
            scenario: self, replication: replication, seed: seed, sink: sink, timeseriesStep: timeseriesStep)
        var sim = Simulation<Queue>(expectedEvents: deviceCount * 2 + 64)
        model.start(in: &sim)
        sim.run(
            until: horizon, warmup: warmup, warmupEnded: { model.warmupEnded(at: $0.now) },
            ahead: { model.prefetch(for: $0) }, handle: { model.handle($0, in: &$1) })
        let (summary, latency, reach, nodes, links) = model.results(
            seed: seed, events: sim.eventsHandled - model.stats.samples)
        sink = model.sink
        return ReplicationResult(summary: summary, latency: latency, reach: reach, nodes: nodes, links: links)
    }

    /// Runs replication `replication` keeping only its summary and latency rows (the
    /// model specialised for no per-event records: the fastest way to run).
    /// - Parameter queue: the future-event set (the benchmark compares them; results are the same).
    public func runReplication(_ replication: Int, queue: FutureEventSetChoice = .ladder) throws -> ReplicationResult {
        var sink = DiscardingSink()
        switch queue {
        case .calendar:
            return try runReplication(
                replication, sink: &sink, timeseriesStep: nil, queue: CalendarQueue<ModelEvent>.self)
        case .binaryHeap:
            return try runReplication(replication, sink: &sink, timeseriesStep: nil, queue: BinaryHeap<ModelEvent>.self)
        case .ladder:
            return try runReplication(
                replication, sink: &sink, timeseriesStep: nil, queue: LadderQueue<ModelEvent>.self)
        }
    }
}
