/// A calendar queue (Brown 1988): events hashed by time into buckets of equal width, each
/// bucket a list sorted by (time, order), read in time order like the days of a calendar.
///
/// It returns events in exactly the heaps' order (time, then order), so a model gives the same
/// results with either. Bucket `b` holds the events whose "day" `floor(time / width)` is
/// congruent to `b` modulo the bucket count; the queue reads the current day's bucket and
/// moves on, and when a whole year of days is empty it jumps to the earliest event. The bucket
/// count doubles when the events exceed twice the buckets and halves below half of them; the
/// width is then set to three times the typical gap between the earliest distinct times
/// (Brown's rule). The queue also counts its work beyond O(1) (list nodes walked, empty
/// buckets passed): past 4 per operation it halves the width (lists too long: times on a
/// grid, say) or estimates it again, wider (too many empty days: the spread grew). So both
/// operations stay O(1) amortized as the count and the spread of times change; `make bench`
/// times it against the heap on inputs chosen to hurt it.
/// Lists keep a tail, so events scheduled in order at one time append in O(1). The event
/// found by `firstTime` is kept for `removeFirst`, so the engine's loop looks for it once.
///
/// A list is sorted by (time, priority), and an event goes after its equals: events are
/// inserted with increasing sequences (`FutureEventSet`), so this is the heaps' order without
/// storing the sequence (checked in debug builds). A node (time, link, payload, priority)
/// is 24 bytes for the model's events. Nodes and buckets live in buffers the queue owns,
/// grown with `realloc` (which remaps large buffers instead of copying them, so growing never
/// holds two copies); freed nodes are reused last-in first-out, so the node an event is
/// scheduled into is usually the one just read, still in cache. Its unsafe memory access is
/// confined to this file and `CalendarQueue+Width.swift` (and the heaps' to `DaryHeap.swift`).
public struct CalendarQueue<Payload: BitwiseCopyable>: ~Copyable, FutureEventSet {
    /// An event's key (time, priority), its payload and the link to the next event of its
    /// bucket (-1: none). The priority comes last so that it fills the payload's padding.
    @usableFromInline
    struct Node {
        @usableFromInline var time: Double
        @usableFromInline var next: Int32
        @usableFromInline var payload: Payload
        @usableFromInline var priority: UInt8

        @inlinable @inline(__always)
        init(time: Double, priority: UInt8, next: Int32, payload: Payload) {
            self.time = time
            self.next = next
            self.payload = payload
            self.priority = priority
        }
    }

    @usableFromInline var nodes: UnsafeMutablePointer<Node>
    @usableFromInline var nodeCapacity: Int
    /// Nodes handed out so far (freed ones are on the free list).
    @usableFromInline var nodeCount: Int = 0
    /// First node of the free list (-1: none); freed nodes are chained through `next`.
    @usableFromInline var free: Int32 = -1
    /// First and last node of each bucket (-1: empty).
    /// A bucket: its first and last node (-1 when empty) and their times, so that an insert
    /// before or after everything in its bucket reads no other node.
    @usableFromInline
    struct Bucket {
        @usableFromInline var head: Int32 = -1
        @usableFromInline var tail: Int32 = -1
        @usableFromInline var tailTime: Double = -.infinity
        @usableFromInline var headTime: Double = .infinity

        @inlinable init() {}
    }

    @usableFromInline var buckets: UnsafeMutablePointer<Bucket>
    /// Bucket count - 1 (the count is a power of two).
    @usableFromInline var mask: Int
    /// Width of a day, s, and its inverse (days are computed by multiplying).
    @usableFromInline var width: Double = 1
    @usableFromInline var inverseWidth: Double = 1
    /// The day the queue reads (no pending event is earlier).
    @usableFromInline var day: Int = 0
    /// The node that runs next and its day, as `firstTime` found it (-1: not known).
    @usableFromInline var cached: Int32 = -1
    @usableFromInline var cachedDay: Int = 0
    @usableFromInline var size: Int = 0
    /// Above the last sequence inserted (debug builds check that sequences increase).
    @usableFromInline var nextSequence: UInt64 = 0
    /// Work beyond O(1) since the width was last estimated: list nodes passed by inserts
    /// and empty buckets passed looking for the next event, against the operations done.
    /// When it averages more than `CalendarQueue.tolerance` per operation over at least
    /// `size` operations, the width no longer fits the times pending, and is estimated again.
    @usableFromInline var extraWork: Int = 0
    /// The part of `extraWork` spent walking lists (the rest: scanning empty buckets).
    @usableFromInline var walked: Int = 0
    @usableFromInline var operations: Int = 0
    @usableFromInline static var tolerance: Int { 4 }
    /// Number of pending events.
    @inlinable public var count: Int { size }

    public init() {
        mask = 15
        buckets = RawBuffer.resize(nil, count: 16, owner: "the calendar queue")
        buckets.initialize(repeating: Bucket(), count: 16)
        nodeCapacity = 16
        nodes = RawBuffer.resize(nil, count: 16, owner: "the calendar queue")
    }

    deinit {
        RawBuffer.free(nodes)
        RawBuffer.free(buckets)
    }

    /// Days are counted from 0; times beyond 2^52 widths share the last day (still in order).
    @inlinable @inline(__always)
    func dayOf(_ time: Double) -> Int {
        let d = time * inverseWidth
        if d >= 0 { return d < 4.5e15 ? Int(d) : 4_500_000_000_000_000 }
        return d > -4.5e15 ? Int(d.rounded(.down)) : -4_500_000_000_000_000
    }

    /// True when `a`'s key (time, priority) is below `b`'s: equal keys keep insertion order.
    @inlinable @inline(__always)
    static func precedes(_ a: UnsafeMutablePointer<Node>, _ b: UnsafeMutablePointer<Node>) -> Bool {
        a.pointee.time < b.pointee.time || (a.pointee.time == b.pointee.time && a.pointee.priority < b.pointee.priority)
    }

    /// The node that runs next and its day, found from `day` on; nil when empty.
    /// - Complexity: O(1) on average; O(buckets) when a whole year is empty.
    @inlinable
    mutating func next() -> (node: Int32, day: Int)? {
        guard size > 0 else { return nil }
        var d = day
        defer { extraWork &+= d &- day }
        for _ in 0...mask {
            let h = buckets[d & mask].head
            if h >= 0, dayOf(nodes[Int(h)].time) == d {
                // The next events are likely the rest of this bucket or the heads of the
                // next buckets: start fetching their nodes (the engine reads this one's
                // payload at once, the next one's soon after).
                let after = nodes[Int(h)].next
                if after >= 0 { prefetch(nodes + Int(after)) }
                var ahead = 0
                for k in 1...4 where ahead < 2 {
                    let later = buckets[(d &+ k) & mask].head
                    if later >= 0 {
                        prefetch(nodes + Int(later))
                        ahead &+= 1
                    }
                }
                return (h, d)
            }
            d &+= 1
        }
        // A year without events: the earliest head is the earliest event.
        var best: Int32 = -1
        for b in 0...mask {
            let h = buckets[b].head
            if h >= 0 && (best < 0 || CalendarQueue.precedes(nodes + Int(h), nodes + Int(best))) { best = h }
        }
        return (best, dayOf(nodes[Int(best)].time))
    }

    /// Finds (and keeps) the node that runs next.
    @inlinable
    mutating func findFirst() -> Int32? {
        if cached < 0 {
            if extraWork > CalendarQueue.tolerance * Swift.max(size, 1024) { checkWidth() }
            guard let (n, d) = next() else { return nil }
            cached = n
            cachedDay = d
        }
        return cached
    }

    public var first: DueEvent<Payload>? {
        mutating get {
            guard let n = findFirst() else { return nil }
            return DueEvent(time: nodes[Int(n)].time, payload: nodes[Int(n)].payload)
        }
    }

    public var firstTime: Double {
        mutating get {
            guard let n = findFirst() else { return .infinity }
            return nodes[Int(n)].time
        }
    }

    /// Makes room for `capacity` events (pages the queue never fills take no memory).
    public mutating func reserveCapacity(_ capacity: Int) {
        guard capacity > nodeCapacity else { return }
        nodes = RawBuffer.resize(nodes, count: capacity, owner: "the calendar queue")
        nodeCapacity = capacity
    }

    /// - Complexity: O(1) on average (O(n) when it resizes, amortized O(1)).
    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        let n: Int32
        if free >= 0 {
            n = free
            free = nodes[Int(n)].next
        } else {
            if nodeCount == nodeCapacity { reserveCapacity(2 * nodeCapacity) }
            n = Int32(nodeCount)
            nodeCount += 1
        }
        assert(event.order & 0xff_ffff_ffff_ffff >= nextSequence, "sequences must increase from insert to insert")
        nextSequence = event.order & 0xff_ffff_ffff_ffff &+ 1
        (nodes + Int(n)).initialize(
            to: Node(
                time: event.time, priority: UInt8(truncatingIfNeeded: event.order >> 56), next: -1,
                payload: event.payload))
        if cached >= 0 && CalendarQueue.precedes(nodes + Int(n), nodes + Int(cached)) { cached = -1 }
        let d = dayOf(event.time)
        if size == 0 || d < day { day = d }
        link(n)
        size += 1
        if size > 2 * (mask + 1) {
            resize(buckets: 2 * (mask + 1)) { $0 }
        } else {
            operations &+= 1
            if operations >= Swift.max(size, 1024) || extraWork > CalendarQueue.tolerance * Swift.max(size, 1024) {
                checkWidth()
            }
        }
    }

    /// Puts node `n` in its bucket's sorted list.
    @inlinable
    mutating func link(_ n: Int32) {
        let node = nodes + Int(n)
        let time = node.pointee.time
        let bucket = buckets + (dayOf(time) & mask)
        let tail = bucket.pointee.tail
        if tail < 0 {
            node.pointee.next = -1
            bucket.pointee.head = n
            bucket.pointee.headTime = time
            bucket.pointee.tail = n
            bucket.pointee.tailTime = time
        } else if time > bucket.pointee.tailTime || !CalendarQueue.precedes(node, nodes + Int(tail)) {
            node.pointee.next = -1
            nodes[Int(tail)].next = n
            bucket.pointee.tail = n
            bucket.pointee.tailTime = time
        } else if time < bucket.pointee.headTime || CalendarQueue.precedes(node, nodes + Int(bucket.pointee.head)) {
            node.pointee.next = bucket.pointee.head
            bucket.pointee.head = n
            bucket.pointee.headTime = time
        } else {
            var p = nodes + Int(bucket.pointee.head)
            while p.pointee.next >= 0 && !CalendarQueue.precedes(node, nodes + Int(p.pointee.next)) {
                p = nodes + Int(p.pointee.next)
                extraWork &+= 1
                walked &+= 1
            }
            node.pointee.next = p.pointee.next
            p.pointee.next = n
        }
    }

    /// - Complexity: O(1) on average (O(n) when it resizes, amortized O(1)).
    @inlinable
    public mutating func removeFirst() -> DueEvent<Payload>? {
        guard let n = findFirst() else { return nil }
        let d = cachedDay
        cached = -1
        let b = d & mask
        let node = nodes[Int(n)]
        buckets[b].head = node.next
        if node.next >= 0 { buckets[b].headTime = nodes[Int(node.next)].time }
        if node.next < 0 { buckets[b].tail = -1 }
        day = d
        nodes[Int(n)].next = free
        free = n
        size -= 1
        if size < (mask + 1) / 2 && mask > 15 { resize(buckets: (mask + 1) / 2) { $0 } }
        return DueEvent(time: node.time, payload: node.payload)
    }
}
