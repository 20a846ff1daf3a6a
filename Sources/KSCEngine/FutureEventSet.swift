import CPrefetch

/// One pending event: when it fires, its tie-break order, and what it carries.
///
/// `order` packs a priority (high 8 bits) and an insertion sequence (low 56 bits),
/// so events at the same time run by priority, then in the order they were scheduled.
public struct ScheduledEvent<Payload> {
    /// Simulated time at which the event fires, in seconds.
    public var time: Double
    /// Tie-break key among events at the same `time`: priority << 56 | sequence.
    public var order: UInt64
    /// The model's data for this event (the engine never looks inside).
    public var payload: Payload

    @inlinable
    public init(time: Double, order: UInt64, payload: Payload) {
        self.time = time
        self.order = order
        self.payload = payload
    }

    /// True when `self` must run before `other`.
    @inlinable @inline(__always)
    public func precedes(_ other: ScheduledEvent) -> Bool {
        time < other.time || (time == other.time && order < other.order)
    }
}

/// An event taken from a future-event set: when it fires and what it carries.
public struct DueEvent<Payload> {
    /// Simulated time at which the event fires, in seconds.
    public var time: Double
    /// The model's data for this event.
    public var payload: Payload

    @inlinable
    public init(time: Double, payload: Payload) {
        self.time = time
        self.payload = payload
    }
}

/// A future-event set: the priority queue behind the simulation clock.
///
/// Implementations must return events in `precedes` order. Callers insert events with
/// increasing sequences (the low 56 bits of `order`; `Simulation` does), so among events of
/// one time and priority that order is also insertion order: a queue may keep it by
/// inserting after its equals instead of storing the sequence (the calendar queue does).
/// The engine talks only to this interface, so a calendar or ladder queue can replace the heap.
public protocol FutureEventSet: ~Copyable {
    associatedtype Payload

    /// An empty set.
    init()
    /// Number of pending events.
    var count: Int { get }
    /// The event that runs next, without removing it (a queue may keep where it found it).
    var first: DueEvent<Payload>? { mutating get }
    /// Time of the event that runs next; +infinity when there is none.
    var firstTime: Double { mutating get }
    /// Adds an event.
    mutating func insert(_ event: ScheduledEvent<Payload>)
    /// Removes and returns the event that runs next.
    mutating func removeFirst() -> DueEvent<Payload>?
    /// Makes room for `capacity` events without reallocating.
    mutating func reserveCapacity(_ capacity: Int)
}

/// Asks the processor to bring in the cache line at `pointer`: a hint that never faults
/// and never changes a result (models use it for the state the next event will touch).
@inlinable @inline(__always)
public func prefetch(_ pointer: UnsafeRawPointer) { kscsim_prefetch(pointer) }
