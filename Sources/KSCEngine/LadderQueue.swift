/// A ladder queue (Tang, Goh & Thng 2005) over arrays: events are appended unsorted, and
/// sorted only a bucket at a time, just before they run.
///
/// Three tiers hold the pending events, each earlier than the next:
/// - the *bottom*, a small binary heap of the events about to run;
/// - the *rungs*, a stack of bucket arrays: rung 0 splits the times taken from the top into
///   buckets of equal width; a bucket too full to sort cheaply is split again into a finer
///   rung below it. The last rung's buckets are taken in order, each into the bottom;
/// - the *top*, an unsorted list of every event later than rung 0 (`topLimit`).
/// An event goes to the top if it is later than `topLimit`, else to the first rung whose
/// current bucket it does not precede, else to the bottom. Bucket numbers grow with time
/// (a floating-point floor of `(time - start) * inverse`, monotone in time), so every event
/// of a tier precedes every event of the next, and events of one time always share a bucket.
///
/// Inserting is an append, to the top (the far future: the next periodic sync) or to a
/// bucket near the current one, so its memory traffic is sequential or in cache; each event
/// is copied a few times in runs (top to rung, rung to bottom) instead of being linked into a
/// sorted list at a random place. Buckets and the top are lists of chunks of 8 events from one
/// pool; chunks go back to the pool as soon as they are read, so moving events never holds
/// two copies.
///
/// Order: events move between tiers in the order they were inserted, and the bottom breaks
/// ties of (time, priority) by the order events entered it, so events of one time and
/// priority run in insertion order, which is the heaps' sequence order (`FutureEventSet`).
/// An event takes 24 bytes (8 for its time, the payload, 1 for its priority) plus, in the
/// bottom, a key. Unsafe memory access is confined to this file and `LadderQueue+Rungs.swift`.
public struct LadderQueue<Payload: BitwiseCopyable>: ~Copyable, FutureEventSet {
    /// A pending event outside the bottom.
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var payload: Payload
        @usableFromInline var priority: UInt8

        @inlinable @inline(__always)
        init(time: Double, payload: Payload, priority: UInt8) {
            self.time = time
            self.payload = payload
            self.priority = priority
        }
    }

    /// A list of events in chunks from the pool, in insertion order (-1: no chunk).
    @usableFromInline
    struct List {
        @usableFromInline var first: Int32 = -1
        @usableFromInline var last: Int32 = -1
        @usableFromInline var count: Int32 = 0

        @inlinable init() {}
    }

    /// Buckets of equal width from `start`: bucket `i` holds the times whose
    /// `floor((time - start) * inverse)`, capped at `count - 1`, is `i`.
    @usableFromInline
    struct Rung {
        @usableFromInline var start: Double
        /// Buckets per second (0 with one bucket).
        @usableFromInline var inverse: Double
        @usableFromInline var buckets: UnsafeMutablePointer<List>
        @usableFromInline var bucketCapacity: Int
        @usableFromInline var count: Int
        /// The first bucket not yet taken: earlier events go to a finer rung or the bottom.
        @usableFromInline var current: Int
    }

    /// Events per chunk (a power of two: `append` masks the count with it).
    @usableFromInline static var chunk: Int { 8 }
    /// Events per bucket aimed at when a rung is made.
    @usableFromInline static var perBucket: Int { 16 }
    /// A bucket with more events than this (and more than one time) is split into a finer
    /// rung instead of going to the bottom.
    @usableFromInline static var splitAbove: Int32 { 64 }
    /// At most this many rungs; past it, a full bucket goes to the bottom as it is.
    @usableFromInline static var maxRungs: Int { 8 }

    @usableFromInline var pool: UnsafeMutablePointer<Entry>
    /// The next chunk of each chunk in its list (or in the free list).
    @usableFromInline var links: UnsafeMutablePointer<Int32>
    @usableFromInline var chunkCapacity: Int
    @usableFromInline var chunksUsed: Int = 0
    @usableFromInline var freeChunk: Int32 = -1

    @usableFromInline var top = List()
    /// Events later than this go to the top (rung 0 ends here).
    @usableFromInline var topLimit: Double = -.infinity
    /// Earliest and latest finite time in the top, and its latest time.
    @usableFromInline var topMin: Double = .infinity
    @usableFromInline var topMax: Double = -.infinity
    @usableFromInline var topLatest: Double = -.infinity

    @usableFromInline var rungs: UnsafeMutablePointer<Rung>
    @usableFromInline var rungCount: Int = 0
    /// Rung levels whose bucket buffers exist (kept for reuse when a rung ends).
    @usableFromInline var rungsAllocated: Int = 0

    @usableFromInline var bottom = BinaryHeap<Payload>()
    /// Order of entry into the bottom: its tie-break.
    @usableFromInline var bottomSequence: UInt64 = 0
    @usableFromInline var size: Int = 0
    /// Above the last sequence inserted (debug builds check that sequences increase).
    @usableFromInline var nextSequence: UInt64 = 0

    /// Number of pending events.
    @inlinable public var count: Int { size }

    public init() {
        chunkCapacity = 16
        pool = RawBuffer.resize(nil, count: 16 * LadderQueue.chunk, owner: "the ladder queue")
        links = RawBuffer.resize(nil, count: 16, owner: "the ladder queue")
        rungs = RawBuffer.resize(nil, count: LadderQueue.maxRungs, owner: "the ladder queue")
    }

    deinit {
        for level in 0..<rungsAllocated { RawBuffer.free(rungs[level].buckets) }
        RawBuffer.free(rungs)
        RawBuffer.free(links)
        RawBuffer.free(pool)
    }

    /// Makes room for `capacity` events outside the bottom (pages never filled take no memory).
    public mutating func reserveCapacity(_ capacity: Int) {
        // A quarter more than the events: the last chunk of a bucket is half full on average.
        let chunks = (capacity + capacity / 4) / LadderQueue.chunk + 16
        if chunks > chunkCapacity { resizePool(chunks: chunks) }
    }

    /// Makes the pool `chunks` chunks long (its chunks in use kept).
    @usableFromInline
    mutating func resizePool(chunks: Int) {
        pool = RawBuffer.resize(pool, count: chunks * LadderQueue.chunk, owner: "the ladder queue")
        links = RawBuffer.resize(links, count: chunks, owner: "the ladder queue")
        chunkCapacity = chunks
    }

    /// Appends `entry` to `list`.
    /// - Complexity: O(1) amortized.
    @inlinable @inline(__always)
    mutating func append(_ entry: Entry, to list: UnsafeMutablePointer<List>) {
        let slot = Int(list.pointee.count) & (LadderQueue.chunk - 1)
        if slot == 0 {
            let c = takeChunk()
            links[Int(c)] = -1
            if list.pointee.last >= 0 { links[Int(list.pointee.last)] = c } else { list.pointee.first = c }
            list.pointee.last = c
        }
        (pool + (Int(list.pointee.last) &* LadderQueue.chunk &+ slot)).initialize(to: entry)
        list.pointee.count &+= 1
    }

    /// A chunk from the free list, or a new one.
    @inlinable @inline(__always)
    mutating func takeChunk() -> Int32 {
        if freeChunk >= 0 {
            let c = freeChunk
            freeChunk = links[Int(c)]
            return c
        }
        if chunksUsed == chunkCapacity { resizePool(chunks: 2 * chunkCapacity) }
        chunksUsed &+= 1
        return Int32(chunksUsed &- 1)
    }

    /// Bucket of `time` in `rung`: -1 before its start, capped at its last bucket.
    @inlinable @inline(__always)
    static func bucket(of time: Double, in rung: UnsafeMutablePointer<Rung>) -> Int {
        guard time >= rung.pointee.start else { return -1 }
        let d = (time - rung.pointee.start) * rung.pointee.inverse
        // Not below Double(count): also infinity and NaN (an infinite time at an infinite start).
        return d < Double(rung.pointee.count) ? Int(d) : rung.pointee.count &- 1
    }

    /// - Complexity: O(1) but for the bottom (O(log k), k the bottom's size) and the rung
    ///   search (at most `maxRungs`, usually one).
    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        assert(event.order & 0xff_ffff_ffff_ffff >= nextSequence, "sequences must increase from insert to insert")
        nextSequence = event.order & 0xff_ffff_ffff_ffff &+ 1
        size &+= 1
        let time = event.time
        let entry = Entry(time: time, payload: event.payload, priority: UInt8(truncatingIfNeeded: event.order >> 56))
        if time > topLimit {
            var list = top
            append(entry, to: &list)
            top = list
            if time.isFinite {
                if time < topMin { topMin = time }
                if time > topMax { topMax = time }
            }
            if time > topLatest { topLatest = time }
            return
        }
        var level = 0
        while level < rungCount {
            let rung = rungs + level
            let b = LadderQueue.bucket(of: time, in: rung)
            if b >= rung.pointee.current {
                append(entry, to: rung.pointee.buckets + b)
                return
            }
            level &+= 1
        }
        toBottom(entry)
    }

    /// Puts `entry` in the bottom, after everything that entered it before.
    @inlinable @inline(__always)
    mutating func toBottom(_ entry: Entry) {
        bottom.insert(
            ScheduledEvent(
                time: entry.time, order: UInt64(entry.priority) << 56 | bottomSequence, payload: entry.payload))
        bottomSequence &+= 1
    }

    public var first: DueEvent<Payload>? {
        mutating get {
            if bottom.count == 0 && !refill() { return nil }
            return bottom.first
        }
    }

    public var firstTime: Double {
        mutating get {
            if bottom.count == 0 && !refill() { return .infinity }
            return bottom.firstTime
        }
    }

    /// - Complexity: O(log k) for the bottom's k events, plus the amortized O(1) of refilling it.
    @inlinable
    public mutating func removeFirst() -> DueEvent<Payload>? {
        if bottom.count == 0 && !refill() { return nil }
        size &-= 1
        return bottom.removeFirst()
    }
}
