/// An implicit d-ary min-heap of scheduled events, in buffers that it owns.
///
/// `arity` 2 gives a binary heap (the reference queue the tests and `make bench` compare the ladder
/// queue, the model's, against); 4 halves the depth. Keys
/// (time, order: 16 bytes) and payloads live in separate buffers, so the sift loops
/// compare within dense key memory; with arity 4 the keys of a node's children fill
/// exactly one 64-byte cache line (the buffer is aligned and the root sits at slot
/// `arity - 1`). The heap is noncopyable: it owns and frees its buffers. All unsafe
/// memory access of the engine is confined to this file.
public struct DaryHeap<Payload, let arity: Int>: ~Copyable, FutureEventSet {
    /// (time, order) of an event: what the heap compares.
    @usableFromInline
    struct Key {
        @usableFromInline var time: Double
        @usableFromInline var order: UInt64

        @inlinable @inline(__always)
        init(time: Double, order: UInt64) {
            self.time = time
            self.order = order
        }

        @inlinable @inline(__always)
        func precedes(_ other: Key) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }
    }

    /// Slot of the root: children of slot i (relative r = i - offset) are at
    /// offset + r * arity + 1 ... + arity, which starts on a multiple of arity.
    @usableFromInline static var offset: Int { arity - 1 }

    @usableFromInline var keys: UnsafeMutablePointer<Key>
    @usableFromInline var payloads: UnsafeMutablePointer<Payload>
    @usableFromInline var capacity: Int
    @usableFromInline var size: Int

    @inlinable
    public init() {
        capacity = 16
        size = 0
        keys = DaryHeap.allocateKeys(16)
        payloads = .allocate(capacity: 16)
    }

    deinit {
        payloads.deinitialize(count: size)
        payloads.deallocate()
        (keys - DaryHeap.offset).deallocate()
    }

    /// A key buffer for `capacity` events whose root slot sits at `offset`, 64-byte aligned.
    @usableFromInline
    static func allocateKeys(_ capacity: Int) -> UnsafeMutablePointer<Key> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: (capacity + offset) * MemoryLayout<Key>.stride, alignment: 64)
        return raw.bindMemory(to: Key.self, capacity: capacity + offset) + offset
    }

    @inlinable
    public var count: Int { size }

    @inlinable
    public var first: DueEvent<Payload>? {
        size > 0 ? DueEvent(time: keys[0].time, payload: payloads[0]) : nil
    }

    @inlinable
    public var firstTime: Double { size > 0 ? keys[0].time : .infinity }

    /// Makes room for `newCapacity` events.
    /// - Complexity: O(n) when it grows the buffers.
    @inlinable
    public mutating func reserveCapacity(_ newCapacity: Int) {
        guard newCapacity > capacity else { return }
        let newKeys = DaryHeap.allocateKeys(newCapacity)
        newKeys.moveInitialize(from: keys, count: size)
        (keys - DaryHeap.offset).deallocate()
        keys = newKeys
        let newPayloads = UnsafeMutablePointer<Payload>.allocate(capacity: newCapacity)
        newPayloads.moveInitialize(from: payloads, count: size)
        payloads.deallocate()
        payloads = newPayloads
        capacity = newCapacity
    }

    /// Index of the first child of `slot` (0-based slots; root is 0).
    @inlinable @inline(__always)
    static func firstChild(of slot: Int) -> Int { slot &* arity &+ 1 }

    /// Index of the parent of `slot` (> 0).
    @inlinable @inline(__always)
    static func parent(of slot: Int) -> Int { (slot &- 1) / arity }

    /// Moves the event at `from` into the empty slot `to`.
    @inlinable @inline(__always)
    func move(from: Int, to: Int) {
        (keys + to).initialize(to: (keys + from).move())
        (payloads + to).initialize(to: (payloads + from).move())
    }

    /// Adds an event.
    /// - Complexity: O(log_d n), amortized O(1) growth.
    @inlinable
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        if size == capacity { reserveCapacity(capacity * 2) }
        let key = Key(time: event.time, order: event.order)
        var hole = size
        size += 1
        while hole > 0 {
            let parent = DaryHeap.parent(of: hole)
            guard key.precedes(keys[parent]) else { break }
            move(from: parent, to: hole)
            hole = parent
        }
        (keys + hole).initialize(to: key)
        (payloads + hole).initialize(to: event.payload)
        assertHeapInvariant()
    }

    /// Removes and returns the event that runs next.
    ///
    /// Floyd's bottom-up deletion: the hole left by the top walks down to a leaf along
    /// the preferred children (no comparison against the moved element), then the last
    /// element climbs back up from there. New events usually belong near the bottom,
    /// so the climb is short.
    /// - Complexity: O(d log_d n)
    @inlinable
    public mutating func removeFirst() -> DueEvent<Payload>? {
        guard size > 0 else { return nil }
        let top = DueEvent(time: keys.move().time, payload: payloads.move())
        size -= 1
        guard size > 0 else { return top }
        let lastKey = (keys + size).move()
        let lastPayload = (payloads + size).move()
        let n = size
        var hole = 0
        while true {
            let first = DaryHeap.firstChild(of: hole)
            if first >= n { break }
            var best = first
            if first &+ arity <= n {
                // A full node: a fixed-length loop the compiler unrolls.
                for k in 1..<arity where keys[first &+ k].precedes(keys[best]) {
                    best = first &+ k
                }
            } else {
                var child = first &+ 1
                while child < n {
                    if keys[child].precedes(keys[best]) { best = child }
                    child &+= 1
                }
            }
            move(from: best, to: hole)
            hole = best
        }
        while hole > 0 {
            let parent = DaryHeap.parent(of: hole)
            guard lastKey.precedes(keys[parent]) else { break }
            move(from: parent, to: hole)
            hole = parent
        }
        (keys + hole).initialize(to: lastKey)
        (payloads + hole).initialize(to: lastPayload)
        assertHeapInvariant()
        return top
    }

    /// Checks the heap order when built with KSCSIM_CHECK_HEAP; compiles away otherwise.
    @inlinable
    func assertHeapInvariant() {
        #if KSCSIM_CHECK_HEAP
            for i in stride(from: 1, to: size, by: 1) {
                assert(!keys[i].precedes(keys[DaryHeap.parent(of: i)]), "heap order broken at \(i)")
            }
        #endif
    }
}

/// A binary heap (the textbook future-event set).
public typealias BinaryHeap<Payload> = DaryHeap<Payload, 2>
/// A 4-ary heap (measured no faster than the binary heap here; kept for the benchmark).
public typealias QuaternaryHeap<Payload> = DaryHeap<Payload, 4>
