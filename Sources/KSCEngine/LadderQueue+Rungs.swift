/// Refilling the ladder queue's bottom: taking the next bucket of the last rung, splitting
/// a full one into a finer rung, and making rung 0 from the top when the rungs are spent.
extension LadderQueue {
    /// Fills the empty bottom with the next events; false when there are none.
    /// - Complexity: amortized O(1) per event: each event is read once from the top and once
    ///   from each rung it passes (at most `maxRungs`), and each bucket is passed once.
    @usableFromInline
    mutating func refill() -> Bool {
        while bottom.count == 0 {
            guard rungCount > 0 else {
                guard top.count > 0 else {
                    assert(size == 0, "\(size) events pending in no tier")
                    return false
                }
                takeTop()
                continue
            }
            let rung = rungs + (rungCount - 1)
            var b = rung.pointee.current
            while b < rung.pointee.count && rung.pointee.buckets[b].count == 0 { b += 1 }
            guard b < rung.pointee.count else {
                rungCount -= 1
                continue
            }
            // Earlier times than this bucket's go to a finer rung or the bottom from now on.
            rung.pointee.current = b + 1
            let list = rung.pointee.buckets[b]
            rung.pointee.buckets[b] = List()
            if list.count > LadderQueue.splitAbove && rungCount < LadderQueue.maxRungs,
                let (low, high) = span(of: list), high > low
            {
                makeRung(from: list, low: low, high: high)
            } else {
                drain(list) { queue, entry in queue.toBottom(entry) }
            }
        }
        return true
    }

    /// Moves the top into a new rung 0 (or straight into the bottom when it is small or
    /// holds a single time); later events than the latest of them go to the top again.
    mutating func takeTop() {
        let list = top
        let (low, high) = (topMin, topMax)
        topLimit = Swift.max(topLimit, topLatest)
        top = List()
        topMin = .infinity
        topMax = -.infinity
        topLatest = -.infinity
        if list.count > LadderQueue.splitAbove && high > low {
            makeRung(from: list, low: low, high: high)
        } else {
            drain(list) { queue, entry in queue.toBottom(entry) }
        }
    }

    /// Earliest and latest finite times of `list` (nil when none is finite).
    func span(of list: List) -> (Double, Double)? {
        var low = Double.infinity
        var high = -Double.infinity
        var c = list.first
        var left = Int(list.count)
        while left > 0 {
            let base = pool + Int(c) * LadderQueue.chunk
            for i in 0..<Swift.min(left, LadderQueue.chunk) where base[i].time.isFinite {
                low = Swift.min(low, base[i].time)
                high = Swift.max(high, base[i].time)
            }
            left -= LadderQueue.chunk
            c = links[Int(c)]
        }
        return low <= high ? (low, high) : nil
    }

    /// A new last rung over [low, high] (finite, low < high) holding `list`'s events.
    mutating func makeRung(from list: List, low: Double, high: Double) {
        let count = Swift.max(2, Int(list.count) / LadderQueue.perBucket)
        let level = rungCount
        if level == rungsAllocated {
            rungs[level] = Rung(
                start: 0, inverse: 0, buckets: RawBuffer.resize(nil, count: count, owner: "the ladder queue"),
                bucketCapacity: count, count: 0, current: 0)
            rungsAllocated += 1
        } else if rungs[level].bucketCapacity < count {
            rungs[level].buckets = RawBuffer.resize(rungs[level].buckets, count: count, owner: "the ladder queue")
            rungs[level].bucketCapacity = count
        }
        let rung = rungs + level
        rung.pointee.buckets.initialize(repeating: List(), count: count)
        rung.pointee.start = low
        rung.pointee.count = count
        rung.pointee.current = 0
        // An infinite or zero inverse (a span near the smallest double) puts all in one bucket.
        let inverse = Double(count) / (high - low)
        rung.pointee.inverse = inverse.isFinite ? inverse : 0
        rungCount += 1
        drain(list) { queue, entry in
            let b = LadderQueue.bucket(of: entry.time, in: rung)
            assert(b >= 0, "an event before its rung's start")
            queue.append(entry, to: rung.pointee.buckets + b)
        }
    }

    /// Calls `body` with each event of `list` in order, giving each chunk back to the pool
    /// once it is read (so the events moved take no more chunks than they leave).
    mutating func drain(_ list: List, _ body: (inout LadderQueue, Entry) -> Void) {
        var c = list.first
        var left = Int(list.count)
        while left > 0 {
            let next = links[Int(c)]
            if next >= 0 { prefetch(pool + Int(next) * LadderQueue.chunk) }
            // `body` may grow the pool (moving it): read each event through `self`.
            for i in 0..<Swift.min(left, LadderQueue.chunk) { body(&self, pool[Int(c) * LadderQueue.chunk + i]) }
            links[Int(c)] = freeChunk
            freeChunk = c
            left -= LadderQueue.chunk
            c = next
        }
    }
}
