import Foundation
import KSCEngine

/// Hold-model workloads on inputs chosen to hurt a calendar queue: pop the first event,
/// schedule the next from the popped one's time, with a constant or changing count. The
/// same operations run on any queue, and the checksum of the order the events come out
/// in must be the same for all of them.
enum AdversarialWorkload {
    /// How the next event's time is drawn; `growShrink` and `spreadChange` change over the run.
    enum Shape: String, CaseIterable {
        case uniform, oneTime, bimodal, outliers, growShrink, spreadChange, integerTimes, tiny
    }

    /// A small deterministic generator (SplitMix64): the same draws for every queue.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
        mutating func exponential(_ mean: Double) -> Double { -mean * Foundation.log(1 - uniform()) }
    }

    /// Runs `operations` pops on `Queue` with `pending` events pending at the start.
    /// - Returns: the events handled and an FNV-1a checksum of their order.
    static func run<Queue: FutureEventSet & ~Copyable>(_: Queue.Type, shape: Shape, pending: Int, operations: Int) -> (
        UInt64, UInt64
    )
    where Queue.Payload == UInt32 {
        var queue = Queue()
        var random = Random(state: 42)
        var sequence: UInt64 = 0
        var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
        func insert(_ time: Double) {
            queue.insert(
                ScheduledEvent(time: time, order: 128 << 56 | sequence, payload: UInt32(truncatingIfNeeded: sequence)))
            sequence += 1
        }
        func draw(_ now: Double, _ step: Int) -> Double {
            switch shape {
            case .uniform: return now + random.exponential(Double(pending))
            case .oneTime: return now
            case .bimodal: return now + (random.next() % 2 == 0 ? random.uniform() : 1e6 + random.uniform())
            case .outliers: return now + (random.next() % 1000 == 0 ? 1e9 * random.uniform() : random.exponential(1))
            case .growShrink: return now + random.exponential(Double(pending))
            case .spreadChange: return now + random.exponential(step < operations / 2 ? 0.001 : 1000) * Double(pending)
            case .integerTimes: return (now + Double(random.next() % 100)).rounded()
            case .tiny: return now + 1e-9 * random.uniform()
            }
        }
        for _ in 0..<pending { insert(draw(0, 0)) }
        var handled: UInt64 = 0
        for step in 0..<operations {
            guard let e = queue.removeFirst() else { break }
            handled += 1
            checksum = (checksum ^ UInt64(e.payload)) &* 0x100_0000_01b3
            // growShrink: two events per pop in the first third, none in the second, one after.
            let count = shape != .growShrink ? 1 : step < operations / 3 ? 2 : step < 2 * operations / 3 ? 0 : 1
            for _ in 0..<count { insert(draw(e.time, step)) }
        }
        return (handled, checksum)
    }
}
