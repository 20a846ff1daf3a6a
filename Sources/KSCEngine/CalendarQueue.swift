/// A calendar queue (Brown 1988): events hashed by time into buckets of equal width, each
/// bucket a list sorted by (time, order), read in time order like the days of a calendar.
///
/// It returns events in exactly the heaps' order (time, then order), so a model gives the same
/// results with either. Bucket `b` holds the events whose "day" `floor(time / width)` is
/// congruent to `b` modulo the bucket count; the queue reads the current day's bucket and
/// moves on, and when a whole year of days is empty it jumps to the earliest event. The bucket
/// count doubles when the events exceed twice the buckets and halves below half of them; the
/// width is then set to three times the mean gap between the earliest events (Brown's rule),
/// so both operations stay O(1) on average as the count and the spread of times change.
/// Lists keep a tail, so events scheduled in order at one time append in O(1).
public struct CalendarQueue<Payload>: FutureEventSet {
    /// An event's key and the link to the next event of its bucket (-1: none).
    @usableFromInline
    struct Node {
        @usableFromInline var time: Double
        @usableFromInline var order: UInt64
        @usableFromInline var next: Int32
    }

    @usableFromInline var nodes: ContiguousArray<Node> = []
    @usableFromInline var payloads: ContiguousArray<Payload> = []
    /// First node of the free list (-1: none); freed nodes are chained through `next`.
    @usableFromInline var free: Int32 = -1
    /// First and last node of each bucket (-1: empty).
    @usableFromInline var heads: ContiguousArray<Int32>
    @usableFromInline var tails: ContiguousArray<Int32>
    /// Bucket count - 1 (the count is a power of two).
    @usableFromInline var mask: Int
    /// Width of a day, s.
    @usableFromInline var width: Double = 1
    /// The day the queue reads (no pending event is earlier).
    @usableFromInline var day: Int = 0
    public private(set) var count: Int = 0

    public init() {
        heads = ContiguousArray(repeating: -1, count: 16)
        tails = heads
        mask = 15
    }

    /// Days are counted from 0; times beyond 2^52 widths share the last day (still in order).
    @inlinable @inline(__always)
    func dayOf(_ time: Double) -> Int {
        let d = (time / width).rounded(.down)
        return d < 4.5e15 ? Int(d) : 4_500_000_000_000_000
    }

    @inlinable @inline(__always)
    static func precedes(_ a: Node, _ b: Node) -> Bool {
        a.time < b.time || (a.time == b.time && a.order < b.order)
    }

    /// The node that runs next and its day, found from `day` on; nil when empty.
    /// - Complexity: O(1) on average; O(buckets) when a whole year is empty.
    @inlinable
    func next() -> (node: Int32, day: Int)? {
        guard count > 0 else { return nil }
        var d = day
        for _ in 0...mask {
            let h = heads[d & mask]
            if h >= 0, dayOf(nodes[Int(h)].time) == d { return (h, d) }
            d += 1
        }
        // A year without events: the earliest head is the earliest event.
        var best: Int32 = -1
        for h in heads where h >= 0 && (best < 0 || CalendarQueue.precedes(nodes[Int(h)], nodes[Int(best)])) { best = h }
        return (best, dayOf(nodes[Int(best)].time))
    }

    public var first: ScheduledEvent<Payload>? {
        guard let (n, _) = next() else { return nil }
        return ScheduledEvent(time: nodes[Int(n)].time, order: nodes[Int(n)].order, payload: payloads[Int(n)])
    }

    public var firstTime: Double {
        guard let (n, _) = next() else { return .infinity }
        return nodes[Int(n)].time
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        nodes.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
    }

    /// - Complexity: O(1) on average (O(n) when it resizes, amortized O(1)).
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        let node = Node(time: event.time, order: event.order, next: -1)
        let n: Int32
        if free >= 0 {
            n = free
            free = nodes[Int(n)].next
            nodes[Int(n)] = node
            payloads[Int(n)] = event.payload
        } else {
            n = Int32(nodes.count)
            nodes.append(node)
            payloads.append(event.payload)
        }
        let d = dayOf(event.time)
        if count == 0 || d < day { day = d }
        link(n)
        count += 1
        if count > 2 * (mask + 1) { resize(buckets: 2 * (mask + 1)) }
    }

    /// Puts node `n` in its bucket's sorted list.
    @inlinable
    mutating func link(_ n: Int32) {
        let b = dayOf(nodes[Int(n)].time) & mask
        let tail = tails[b]
        if tail < 0 {
            nodes[Int(n)].next = -1
            heads[b] = n
            tails[b] = n
        } else if !CalendarQueue.precedes(nodes[Int(n)], nodes[Int(tail)]) {
            nodes[Int(n)].next = -1
            nodes[Int(tail)].next = n
            tails[b] = n
        } else if CalendarQueue.precedes(nodes[Int(n)], nodes[Int(heads[b])]) {
            nodes[Int(n)].next = heads[b]
            heads[b] = n
        } else {
            var p = heads[b]
            while nodes[Int(p)].next >= 0 && !CalendarQueue.precedes(nodes[Int(n)], nodes[Int(nodes[Int(p)].next)]) { p = nodes[Int(p)].next }
            nodes[Int(n)].next = nodes[Int(p)].next
            nodes[Int(p)].next = n
        }
    }

    /// - Complexity: O(1) on average (O(n) when it resizes, amortized O(1)).
    public mutating func removeFirst() -> ScheduledEvent<Payload>? {
        guard let (n, d) = next() else { return nil }
        let b = d & mask
        heads[b] = nodes[Int(n)].next
        if heads[b] < 0 { tails[b] = -1 }
        day = d
        let event = ScheduledEvent(time: nodes[Int(n)].time, order: nodes[Int(n)].order, payload: payloads[Int(n)])
        nodes[Int(n)].next = free
        free = n
        count -= 1
        if count < (mask + 1) / 2 && mask > 15 { resize(buckets: (mask + 1) / 2) }
        return event
    }

    /// Rebuilds with `buckets` buckets and a width from the gaps between the earliest events.
    /// - Complexity: O(n log 64).
    @usableFromInline
    mutating func resize(buckets: Int) {
        var live: [Int32] = []
        live.reserveCapacity(count)
        for h in heads {
            var p = h
            while p >= 0 { live.append(p); p = nodes[Int(p)].next }
        }
        // The earliest (up to) 64 times, in order.
        var earliest: [Double] = []
        for p in live {
            let t = nodes[Int(p)].time
            if earliest.count < 64 { earliest.append(t); if earliest.count == 64 { earliest.sort() } }
            else if t < earliest[63] {
                var i = 63
                while i > 0 && earliest[i - 1] > t { earliest[i] = earliest[i - 1]; i -= 1 }
                earliest[i] = t
            }
        }
        if earliest.count < 64 { earliest.sort() }
        let gaps = zip(earliest.dropFirst(), earliest).map { $0 - $1 }
        let mean = gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count)
        let close = gaps.filter { $0 <= 2 * mean }
        let typical = close.isEmpty ? mean : close.reduce(0, +) / Double(close.count)
        if typical > 0, typical.isFinite { width = Swift.max(3 * typical, 1e-9) }
        heads = ContiguousArray(repeating: -1, count: buckets)
        tails = heads
        mask = buckets - 1
        day = earliest.first.map(dayOf) ?? 0
        for p in live { link(p) }
    }
}
