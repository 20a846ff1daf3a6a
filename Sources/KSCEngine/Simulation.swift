/// What a model implements to receive its events from a `Simulation`.
public protocol EventHandler {
    /// The payload of the model's events.
    associatedtype Event

    /// Handles one event at `sim.now`; may schedule further events.
    mutating func handle<Queue: FutureEventSet & ~Copyable>(_ event: Event, in sim: inout Simulation<Queue>)
    where Queue.Payload == Event
    /// Called once when the clock reaches the warm-up time: restart statistics here.
    mutating func warmupEnded<Queue: FutureEventSet & ~Copyable>(in sim: inout Simulation<Queue>)
}

extension EventHandler {
    public mutating func warmupEnded<Queue: FutureEventSet & ~Copyable>(in sim: inout Simulation<Queue>) {}
}

/// A discrete-event simulation: a clock and a future-event set, nothing more.
///
/// Events at the same time run by priority (lower first), then in scheduling order,
/// so a run is a pure function of its inputs.
public struct Simulation<Queue: FutureEventSet & ~Copyable>: ~Copyable {
    public typealias Event = Queue.Payload

    /// Current simulated time, in seconds.
    @inlinable public var now: Double { clock }
    /// Events handled so far.
    @inlinable public var eventsHandled: UInt64 { handled }
    @usableFromInline var clock: Double = 0
    @usableFromInline var handled: UInt64 = 0
    @usableFromInline var queue: Queue
    @usableFromInline var sequence: UInt64 = 0

    /// A simulation at time 0 with no pending events.
    /// - Parameter expectedEvents: pending events to reserve room for.
    public init(expectedEvents: Int = 0) {
        queue = Queue()
        if expectedEvents > 0 { queue.reserveCapacity(expectedEvents) }
    }

    /// Number of pending events.
    public var pendingEvents: Int { queue.count }

    /// Schedules `event` at absolute time `time` (>= now).
    /// - Complexity: that of the queue's insert, O(log n) for the heaps.
    @inlinable
    public mutating func schedule(_ event: Event, at time: Double, priority: UInt8 = 128) {
        assert(time >= now, "event scheduled in the past: \(time) < \(now)")
        assert(sequence < 1 << 56, "event sequence exhausted")
        queue.insert(ScheduledEvent(time: time, order: UInt64(priority) << 56 | sequence, payload: event))
        sequence &+= 1
    }

    /// Schedules `event` after `delay` seconds (>= 0) from now.
    @inlinable
    public mutating func schedule(_ event: Event, after delay: Double, priority: UInt8 = 128) {
        schedule(event, at: now + delay, priority: priority)
    }

    /// Runs events with time <= `horizon`, then sets the clock to `horizon`.
    ///
    /// - Parameters:
    ///   - horizon: end of the run, in seconds.
    ///   - warmup: time at which `warmupEnded` is called, before any event at or after
    ///     it; 0 calls it at the start.
    ///   - warmupEnded: restarts the caller's statistics.
    ///   - handle: handles one event at `now`; may schedule further events.
    ///   - ahead: shown the next pending event before `handle` runs, so that the model can
    ///     prefetch the state it will touch (a hint: it must not change anything).
    /// - Complexity: O(log n) per event with the heaps.
    @inlinable
    public mutating func run(
        until horizon: Double, warmup: Double = 0,
        warmupEnded: (inout Simulation) -> Void = { _ in },
        ahead: (Event) -> Void = { _ in },
        handle: (Event, inout Simulation) -> Void
    ) {
        var warmupPending = warmup >= now
        if warmupPending && warmup <= now {
            warmupEnded(&self)
            warmupPending = false
        }
        while true {
            let nextTime = queue.firstTime
            guard nextTime <= horizon else { break }
            if warmupPending && nextTime >= warmup {
                clock = warmup
                warmupEnded(&self)
                warmupPending = false
                continue
            }
            let event = queue.removeFirst().unsafelyUnwrapped
            clock = event.time
            handled &+= 1
            if let next = queue.first { ahead(next.payload) }
            handle(event.payload, &self)
        }
        if warmupPending && warmup <= horizon {
            clock = warmup
            warmupEnded(&self)
        }
        if horizon > clock { clock = horizon }
    }

    /// Runs events with `handler`; see `run(until:warmup:warmupEnded:handle:)`.
    @inlinable
    public mutating func run<H: EventHandler>(until horizon: Double, warmup: Double = 0, handler: inout H)
    where H.Event == Event {
        run(
            until: horizon, warmup: warmup, warmupEnded: { handler.warmupEnded(in: &$0) },
            handle: { handler.handle($0, in: &$1) })
    }
}
