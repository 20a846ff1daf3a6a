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
            let before = width
            if 2 * walked > extraWork {
                resize(buckets: mask + 1) { _ in before / 2 }
            } else {
                resize(buckets: mask + 1) { estimate in estimate > before ? estimate : 2 * before }
            }
        } else {
            walked = 0
            extraWork = 0
            operations = 0
        }
    }

    /// Rebuilds with `buckets` buckets and a width from the gaps between the earliest
    /// distinct times (three times their typical gap; Brown 1988).
    /// - Parameter rule: the width to use, given the estimate (`{ $0 }`: the estimate, which
    ///   is also used when the rule gives no usable width).
    /// - Complexity: O(n log 64). The nodes are chained through their links while the
    ///   bucket buffer is resized in place: no other buffer is needed.
    @usableFromInline
    mutating func resize(buckets: Int, width rule: (_ estimate: Double) -> Double) {
        cached = -1
        walked = 0
        extraWork = 0
        operations = 0
        // Every node in one chain: the buckets' lists end to end, each in its order (so
        // events of one key stay in insertion order when linked again).
        var chain: Int32 = -1
        var last: Int32 = -1
        for b in 0...mask where self.buckets[b].head >= 0 {
            if last >= 0 { nodes[Int(last)].next = self.buckets[b].head } else { chain = self.buckets[b].head }
            last = self.buckets[b].tail
        }
        // The earliest (up to) 64 distinct times, in order: events at one time share a
        // bucket whatever the width, so only the gaps between times can size it.
        var earliest: [Double] = []
        var p = chain
        while p >= 0 {
            let t = nodes[Int(p)].time
            p = nodes[Int(p)].next
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
        // Not so narrow that days overflow (day numbers stay below 2^44).
        let floor = Swift.abs(earliest.first ?? 0) * 0x1p-44
        var estimate = width
        if typical > 0, typical.isFinite { estimate = Swift.max(3 * typical, floor, Double.leastNormalMagnitude) }
        let chosen = rule(estimate)
        width = chosen.isFinite && chosen > 0 && chosen >= floor ? chosen : estimate
        inverseWidth = 1 / width
        self.buckets = RawBuffer.resize(self.buckets, count: buckets, owner: "the calendar queue")
        self.buckets.initialize(repeating: Bucket(), count: buckets)
        mask = buckets - 1
        if let e = earliest.first { day = dayOf(e) } else { day = 0 }
        p = chain
        while p >= 0 {
            let after = nodes[Int(p)].next
            link(p)
            p = after
        }
    }
}
