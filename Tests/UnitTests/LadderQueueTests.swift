import TestSupport
import Testing

@testable import KSCEngine

/// The ladder queue against the binary heap on the calendar queue's adversarial inputs, and
/// the ladder's own claims: rungs split full buckets, infinite times, no second copy.
@Suite("LadderQueue")
struct LadderQueueTests {
    @Test("the same events in the same order as the binary heap", arguments: CalendarQueueTests.Shape.allCases)
    func sameOrder(shape: CalendarQueueTests.Shape) {
        for seed in 1...3 as ClosedRange<UInt64> {
            let (heap, ladder, times) = CalendarQueueTests.run(shape, seed: seed, queue: LadderQueue<Int>.self)
            #expect(
                heap == ladder,
                "\(shape), seed \(seed): the first difference at \(zip(heap, ladder).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)"
            )
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    /// Inserts `times` in order (priority 128) and drains the queue: the insertion numbers
    /// in the order they come out.
    static func drain(_ times: [Double], into queue: inout LadderQueue<Int>) -> [Int] {
        for (i, t) in times.enumerated() {
            queue.insert(ScheduledEvent(time: t, order: 128 << 56 | UInt64(i), payload: i))
        }
        var out: [Int] = []
        while let e = queue.removeFirst() { out.append(e.payload) }
        return out
    }

    @Test("first, count, priorities and an empty queue")
    func basics() {
        var q = LadderQueue<Int>()
        #expect(q.first == nil && q.firstTime == .infinity && q.removeFirst() == nil && q.count == 0)
        q.insert(ScheduledEvent(time: 2, order: 128 << 56 | 0, payload: 0))
        q.insert(ScheduledEvent(time: 1, order: 128 << 56 | 1, payload: 1))
        q.insert(ScheduledEvent(time: 2, order: 0 << 56 | 2, payload: 2))
        q.insert(ScheduledEvent(time: 2, order: 128 << 56 | 3, payload: 3))
        #expect(q.count == 4 && q.first?.payload == 1 && q.firstTime == 1)
        #expect((0..<4).map { _ in q.removeFirst()?.payload } == [1, 2, 0, 3])
        #expect(q.count == 0 && q.removeFirst() == nil)
    }

    /// Infinite times run last, in insertion order, whether alone or among finite ones
    /// (a bucket index computed from infinity must still be the last bucket, never NaN's).
    @Test("infinite times run last, in insertion order")
    func infiniteTimes() {
        var random = SplitMix64(state: 5)
        var times: [Double] = []
        for i in 0..<5_000 { times.append(i % 7 == 0 ? .infinity : random.uniform() * 1_000) }
        var q = LadderQueue<Int>()
        let out = Self.drain(times, into: &q)
        let expected = times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
        #expect(out == expected)
        var onlyInfinite = LadderQueue<Int>()
        #expect(Self.drain(Array(repeating: .infinity, count: 300), into: &onlyInfinite) == Array(0..<300))
    }

    /// 100,000 events in [0, 1) and 100 in [1000, 1001): rung 0's first bucket holds nearly
    /// all of them and must be split into finer rungs, not sorted in one heap.
    @Test("a full bucket is split into a finer rung")
    func fullBucketSplits() {
        var random = SplitMix64(state: 9)
        var times = (0..<100_000).map { _ in random.uniform() }
        times += (0..<100).map { _ in 1_000 + random.uniform() }
        var q = LadderQueue<Int>()
        for (i, t) in times.enumerated() { q.insert(ScheduledEvent(time: t, order: 128 << 56 | UInt64(i), payload: i)) }
        var out = [q.removeFirst()!.payload]
        #expect(q.rungCount >= 2, "rungs: \(q.rungCount)")
        #expect(q.bottom.count <= Int(LadderQueue<Int>.splitAbove), "bottom: \(q.bottom.count)")
        while let e = q.removeFirst() { out.append(e.payload) }
        #expect(out == times.indices.sorted { (times[$0], $0) < (times[$1], $1) })
    }

    /// The hold model at a constant 50,000 pending events for 500,000 pops: events move from
    /// the top to a rung to the bottom, and each move gives chunks back as it takes them,
    /// so the pool never holds much more than the events (a quarter for half-full chunks).
    @Test("moving events between tiers never holds two copies")
    func poolStaysNearTheCount() {
        var random = SplitMix64(state: 11)
        var q = LadderQueue<Int>()
        var sequence: UInt64 = 0
        for _ in 0..<50_000 {
            q.insert(ScheduledEvent(time: random.uniform() * 900, order: 128 << 56 | sequence, payload: 0))
            sequence += 1
        }
        for _ in 0..<500_000 {
            let now = q.removeFirst()!.time
            q.insert(ScheduledEvent(time: now + 870 + random.uniform() * 60, order: 128 << 56 | sequence, payload: 0))
            sequence += 1
        }
        let entries = q.chunksUsed * LadderQueue<Int>.chunk
        #expect(entries <= 50_000 * 3 / 2, "pool entries \(entries) for 50,000 events")
        #expect(q.count == 50_000)
    }
}
