/// The calendar queue's bucket count and width: resizing with the count, and estimating the
/// width again when the work per operation shows it no longer fits the times pending.
extension CalendarQueue {
    /// Estimates the width again when the work beyond O(1) per operation has grown past
    /// the tolerance (the times pending have changed their spread); else starts counting anew.
    /// - Complexity: O(1), or that of `resize`, at most once per `size` operations.
    @usableFromInline
    mutating func checkWidth() {
        if extraWork > CalendarQueue.tolerance * operations {
            // Lists too long: the estimate puts several times in a bucket (times on a
            // grid, say), so halve the width; empty buckets: estimate it again (wider).
            if 2 * walked > extraWork {
                resize(buckets: mask + 1, width: width / 2)
            } else {
                let before = width
                resize(buckets: mask + 1)
                if width <= before { resize(buckets: mask + 1, width: 2 * before) }
            }
        } else {
            walked = 0
            extraWork = 0
            operations = 0
        }
    }

    /// Rebuilds with `buckets` buckets and a width from the gaps between the earliest
    /// distinct times (three times their typical gap; Brown 1988).
    /// - Parameter chosen: the width to use instead of the estimate.
    /// - Complexity: O(n log 64).
    @usableFromInline
    mutating func resize(buckets: Int, width chosen: Double? = nil) {
        cached = -1
        walked = 0
        extraWork = 0
        operations = 0
        var live: [Int32] = []
        live.reserveCapacity(size)
        for b in 0...mask {
            var p = self.buckets[b].head
            while p >= 0 { live.append(p); p = nodes[Int(p)].next }
        }
        // The earliest (up to) 64 distinct times, in order: events at one time share a
        // bucket whatever the width, so only the gaps between times can size it.
        var earliest: [Double] = []
        for p in live {
            let t = nodes[Int(p)].time
            if earliest.count == 64 && t >= earliest[63] { continue }
            var i = earliest.count
            while i > 0 && earliest[i - 1] > t { i -= 1 }
            if i > 0 && earliest[i - 1] == t { continue }
            earliest.insert(t, at: i)
            if earliest.count > 64 { earliest.removeLast() }
        }
        let gaps = zip(earliest.dropFirst(), earliest).map { $0 - $1 }
        let mean = gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count)
        let close = gaps.filter { $0 <= 2 * mean }
        let typical = close.isEmpty ? mean : close.reduce(0, +) / Double(close.count)
        if let chosen, chosen.isFinite, chosen > 0, chosen >= Swift.abs(earliest.first ?? 0) * 0x1p-44 {
            width = chosen
            inverseWidth = 1 / width
        } else if typical > 0, typical.isFinite {
            // Not so narrow that days overflow (day numbers stay below 2^44).
            width = Swift.max(3 * typical, Swift.abs(earliest[0]) * 0x1p-44, Double.leastNormalMagnitude)
            inverseWidth = 1 / width
        }
        self.buckets.deallocate()
        self.buckets = CalendarQueue.emptyBuckets(buckets)
        mask = buckets - 1
        if let e = earliest.first { day = dayOf(e) } else { day = 0 }
        for p in live { link(p) }
    }
}
