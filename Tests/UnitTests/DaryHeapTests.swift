import Testing

@testable import KSCEngine
@testable import KSCGSL

@Suite("DaryHeap")
struct DaryHeapTests {
    /// Drains `heap` into an array of (time, payload).
    static func drain<let arity: Int>(_ heap: inout DaryHeap<Int, arity>) -> [DueEvent<Int>] {
        var out: [DueEvent<Int>] = []
        while let e = heap.removeFirst() { out.append(e) }
        return out
    }

    @Test("same-time events come out in insertion order", arguments: [2, 4])
    func sameTimeInsertionOrder(arity: Int) {
        let times: [Double] = [5, 1, 5, 1, 5, 3, 1]
        let expected = times.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }.map(\.offset)
        if arity == 2 {
            var heap = BinaryHeap<Int>()
            for (i, t) in times.enumerated() { heap.insert(ScheduledEvent(time: t, order: UInt64(i), payload: i)) }
            #expect(Self.drain(&heap).map(\.payload) == expected)
        } else {
            var heap = QuaternaryHeap<Int>()
            for (i, t) in times.enumerated() { heap.insert(ScheduledEvent(time: t, order: UInt64(i), payload: i)) }
            #expect(Self.drain(&heap).map(\.payload) == expected)
        }
    }

    @Test("interleaved inserts and removals match a sorted reference", arguments: [1, 2, 3, 4, 5])
    func randomWorkload(seed: UInt64) throws {
        let stream = try RandomStream(seed: seed)
        var binary = BinaryHeap<Int>()
        var quaternary = QuaternaryHeap<Int>()
        var reference: [ScheduledEvent<Int>] = []
        var order: UInt64 = 0
        var now = 0.0
        for step in 0..<20_000 {
            if stream.uniform() < 0.55 || reference.isEmpty {
                // Coarse times give many ties; the order breaks them.
                let event = ScheduledEvent(time: now + Double(stream.integer(below: 50)), order: order, payload: step)
                order += 1
                binary.insert(event)
                quaternary.insert(event)
                reference.append(event)
            } else {
                let index = reference.indices.min { reference[$0].precedes(reference[$1]) }!
                let expected = reference.remove(at: index)
                let nextB = binary.removeFirst()
                let nextQ = quaternary.removeFirst()
                let b = try #require(nextB)
                let q = try #require(nextQ)
                #expect(b.payload == expected.payload && b.time == expected.time)
                #expect(q.payload == expected.payload)
                now = expected.time
            }
            let counts = (binary.count, quaternary.count)
            #expect(counts.0 == reference.count && counts.1 == reference.count)
        }
        let sorted = reference.sorted { $0.precedes($1) }.map(\.payload)
        #expect(Self.drain(&binary).map(\.payload) == sorted)
        #expect(Self.drain(&quaternary).map(\.payload) == sorted)
    }

    @Test("empty heap returns nil and infinite first time")
    func empty() {
        var heap = QuaternaryHeap<Int>()
        let removed = heap.removeFirst()
        let firstTime = heap.firstTime
        let first = heap.first
        #expect(removed == nil)
        #expect(firstTime == .infinity)
        #expect(first == nil)
    }

    @Test("payloads with references are released exactly once")
    func referencePayloads() {
        final class Token {}
        weak var weakToken: Token?
        do {
            var heap = BinaryHeap<Token>()
            let token = Token()
            weakToken = token
            for i in 0..<100 { heap.insert(ScheduledEvent(time: Double(i % 7), order: UInt64(i), payload: token)) }
            for _ in 0..<50 { _ = heap.removeFirst() }
            heap.reserveCapacity(1000)
        }
        #expect(weakToken == nil)
    }
}
