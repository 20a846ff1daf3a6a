import KSCPrimitives

/// A UDP 15000 sender (the server's, or a site relay's): a FIFO of (device, task index)
/// packets, sent one every 1 / `sendRate` seconds, with what it sent and lost.
struct WakeChannel: Tracker {
    private var queue = RingQueue<(device: UInt32, index: Int32)>()
    /// A send event is pending.
    private(set) var sending = false
    /// Packets per second.
    let sendRate: Double
    /// Packets sent and, of those to online devices, lost (since the warm-up).
    private(set) var sent = 0
    private(set) var lost = 0

    init(sendRate: Double) {
        self.sendRate = sendRate
    }

    var isEmpty: Bool { queue.isEmpty }

    /// Queues a packet for device `device` about task index `index` of its class.
    mutating func append(device: UInt32, index: Int32) { queue.append((device, index)) }

    /// Marks a send event pending; false when one already is (the caller schedules none).
    mutating func startSending() -> Bool {
        guard !sending else { return false }
        sending = true
        return true
    }

    /// The next packet still useful: its device has not got the task meanwhile (packets to
    /// devices that have are skipped, sending nothing). Counted as sent; nil when none is
    /// left (the sender stops).
    /// - Complexity: O(1) amortized: each packet is popped once.
    mutating func nextUseful(in devices: DeviceTable) -> Int? {
        while let (device, index) = queue.popFirst() {
            guard devices[Int(device)].delivered <= index else { continue }
            sent += 1
            return Int(device)
        }
        sending = false
        return nil
    }

    /// Drops the queue and stops (an outage, or the relay lost its server).
    mutating func drop(stop: Bool) {
        _ = queue.removeAll()
        if stop { sending = false }
    }

    /// Stops without a packet sent.
    mutating func stop() { sending = false }

    mutating func countLost() { lost += 1 }

    /// Seconds between two packets.
    var gap: Double { 1 / sendRate }

    mutating func resetStatistics(at time: Double) {
        sent = 0
        lost = 0
    }
}
