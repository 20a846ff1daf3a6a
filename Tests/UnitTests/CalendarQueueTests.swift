import Foundation
import TestSupport
import Testing

@testable import KSCEngine

extension SplitMix64 {
    mutating func exponential(_ mean: Double) -> Double { -mean * log(1 - uniform()) }
}

/// The calendar queue against the binary heap on adversarial inputs: the same operations on
/// both must give exactly the same events in the same order.
@Suite("CalendarQueue")
struct CalendarQueueTests {
    typealias Random = SplitMix64

    /// How the next event's time is drawn from the current time.
    enum Shape: String, CaseIterable {
        case uniform, oneTime, bimodal, outliers, growShrink, integerTimes, tiny
    }

    /// Runs the same hold-model workload (remove one, insert some after the current time,
    /// with random priorities) on a heap and on `Queue` (the calendar queue unless given);
    /// returns both sequences (of insertion numbers) and the times `Queue` gave.
    static func run<Queue: FutureEventSet & ~Copyable>(
        _ shape: Shape, seed: UInt64, events: Int = 40_000, queue: Queue.Type = CalendarQueue<Int>.self
    ) -> ([UInt64], [UInt64], [Double]) where Queue.Payload == Int {
        var heap = BinaryHeap<Int>()
        var calendar = Queue()
        var random = Random(state: seed)
        var sequence: UInt64 = 0
        func insert(_ time: Double) {
            let priority = UInt64([0, 128, 128, 255][Int(random.next() % 4)])
            let e = ScheduledEvent(time: time, order: priority << 56 | sequence, payload: Int(sequence))
            sequence += 1
            heap.insert(e)
            calendar.insert(e)
        }
        func draw(_ now: Double, _ step: Int) -> Double {
            switch shape {
            case .uniform: return now + random.exponential(10)
            case .oneTime: return now
            case .bimodal: return now + (random.next() % 2 == 0 ? random.uniform() : 1e6 + random.uniform())
            case .outliers: return now + (random.next() % 1000 == 0 ? 1e9 * random.uniform() : random.exponential(1))
            case .growShrink: return now + random.exponential(step < events / 2 ? 100 : 0.01)
            case .integerTimes: return now + Double(random.next() % 3)
            case .tiny: return now + random.exponential(1e-7)
            }
        }
        for _ in 0..<500 { insert(draw(0, 0)) }
        var fromHeap: [UInt64] = []
        var fromCalendar: [UInt64] = []
        var times: [Double] = []
        for step in 0..<events {
            #expect(heap.firstTime == calendar.firstTime && heap.count == calendar.count)
            guard let a = heap.removeFirst(), let b = calendar.removeFirst() else { break }
            fromHeap.append(UInt64(a.payload))
            fromCalendar.append(UInt64(b.payload))
            times.append(b.time)
            // Grow for the first half, shrink in the second.
            let inserts = shape == .growShrink ? (step < events / 2 ? 2 : Int(random.next() % 2)) : 1
            for _ in 0..<inserts { insert(draw(a.time, step)) }
        }
        while let a = heap.removeFirst() {
            let b = calendar.removeFirst()
            fromHeap.append(UInt64(a.payload))
            fromCalendar.append(b.map { UInt64($0.payload) } ?? .max)
        }
        #expect(calendar.removeFirst() == nil && calendar.count == 0)
        return (fromHeap, fromCalendar, times)
    }

    @Test("the same events in the same order as the binary heap", arguments: Shape.allCases)
    func sameOrder(shape: Shape) {
        for seed in 1...3 as ClosedRange<UInt64> {
            let (heap, calendar, times) = Self.run(shape, seed: seed)
            #expect(
                heap == calendar,
                "\(shape), seed \(seed): the first difference at \(zip(heap, calendar).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)"
            )
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test("first, count and an empty queue")
    func basics() {
        // Payloads are bitwise-copyable values (the nodes live in raw memory): letters as bytes.
        var q = CalendarQueue<UInt8>()
        #expect(q.first == nil && q.firstTime == .infinity && q.removeFirst() == nil)
        // Sequences increase from insert to insert (the contract); at one time, the lower
        // priority runs first, then the earlier insert.
        q.insert(ScheduledEvent(time: 2, order: 128 << 56 | 0, payload: UInt8(ascii: "b")))
        q.insert(ScheduledEvent(time: 1, order: 128 << 56 | 1, payload: UInt8(ascii: "a")))
        q.insert(ScheduledEvent(time: 2, order: 0 << 56 | 2, payload: UInt8(ascii: "c")))
        q.insert(ScheduledEvent(time: 2, order: 128 << 56 | 3, payload: UInt8(ascii: "d")))
        #expect(q.count == 4 && q.first?.payload == UInt8(ascii: "a") && q.firstTime == 1)
        let out = (0..<4).map { _ in q.removeFirst()?.payload }
        #expect(out == ["a", "c", "b", "d"].map { UInt8(ascii: $0) })
        #expect(q.count == 0)
    }

    /// The model's nodes are 24 bytes: no stored sequence, the priority in the payload's
    /// padding (payloads of up to 11 bytes aligned to at most 4; an 8-byte-aligned one takes 32).
    @Test("a node of the model's events is 24 bytes")
    func nodeSize() {
        #expect(MemoryLayout<CalendarQueue<UInt32>.Node>.stride == 24)
        // An enum of two 32-bit fields and a tag, like the model's events.
        enum Event {
            case a(UInt32, UInt32)
            case b(UInt32, UInt32)
            case c
        }
        #expect(MemoryLayout<CalendarQueue<Event>.Node>.stride == 24)
    }

    /// A constant count of 10,000 events whose spacing grows 10,000-fold: no resize by
    /// count happens, so only the check of the work per operation can widen the buckets
    /// (else a year would be far shorter than the spread, and each pop would scan a year).
    @Test("the width is estimated again when the spread of times changes, not only the count")
    func widthFollowsSpread() {
        var calendar = CalendarQueue<Int>()
        var random = Random(state: 7)
        var sequence: UInt64 = 0
        var now = 0.0
        func insert(_ time: Double) {
            calendar.insert(ScheduledEvent(time: time, order: 128 << 56 | sequence, payload: 0))
            sequence += 1
        }
        func hold(mean: Double, _ n: Int) {
            for _ in 0..<n {
                guard let e = calendar.removeFirst() else {
                    Issue.record("empty")
                    return
                }
                #expect(e.time >= now)
                now = e.time
                insert(now + random.exponential(mean))
            }
        }
        for _ in 0..<10_000 { insert(random.exponential(0.01 * 10_000)) }
        hold(mean: 0.01 * 10_000, 50_000)
        let narrow = calendar.width
        hold(mean: 100 * 10_000, 100_000)
        #expect(calendar.width > 1_000 * narrow, "width \(narrow) -> \(calendar.width)")
        #expect(calendar.count == 10_000)
    }

    /// 100,000 events on 100 integer times: three gaps to a bucket (Brown's width) would
    /// put about 3,000 events in each, and most inserts would walk past a thousand of them.
    /// The queue must see the walks and narrow its buckets to one time each.
    @Test("times on a grid: the width narrows to one grid step, so inserts append")
    func gridTimesNarrowWidth() {
        var calendar = CalendarQueue<Int>()
        var random = Random(state: 3)
        var sequence: UInt64 = 0
        func insert(_ time: Double) {
            calendar.insert(ScheduledEvent(time: time, order: 128 << 56 | sequence, payload: 0))
            sequence += 1
        }
        for _ in 0..<100_000 { insert(Double(random.next() % 100)) }
        var now = 0.0
        for _ in 0..<300_000 {
            guard let e = calendar.removeFirst() else {
                Issue.record("empty")
                return
            }
            #expect(e.time >= now)
            now = e.time
            insert(now + Double(random.next() % 100))
        }
        #expect(calendar.width <= 1, "width \(calendar.width)")
    }
}
