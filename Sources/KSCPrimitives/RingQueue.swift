import KSCStatistics

/// A growable first-in first-out queue in a ring buffer.
public struct RingQueue<Element> {
    private var buffer: [Element?]
    private var head = 0
    /// Number of queued elements.
    public private(set) var count = 0

    public init(capacity: Int = 16) {
        buffer = Array(repeating: nil, count: Swift.max(capacity, 1))
    }

    public var isEmpty: Bool { count == 0 }

    /// Adds `element` at the back.
    /// - Complexity: amortized O(1)
    public mutating func append(_ element: Element) {
        if count == buffer.count { grow() }
        buffer[(head + count) % buffer.count] = element
        count += 1
    }

    /// Removes and returns the front element.
    /// - Complexity: O(1)
    public mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = buffer[head]
        buffer[head] = nil
        head = (head + 1) % buffer.count
        count -= 1
        return element
    }

    /// Removes every element, returning them in order.
    public mutating func removeAll() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        while let e = popFirst() { out.append(e) }
        return out
    }

    private mutating func grow() {
        var bigger = [Element?](repeating: nil, count: buffer.count * 2)
        for i in 0..<count { bigger[i] = buffer[(head + i) % buffer.count] }
        buffer = bigger
        head = 0
    }
}
