/// Where the model hands its per-event records; the model never sees a file format.
public protocol RecordSink {
    /// Whether the model should build delivery records at all (they cost time).
    var wantsDeliveries: Bool { get }
    mutating func record(_ delivery: DeliveryRecord)
    mutating func record(_ sample: TimeseriesRecord)
    /// A link's sample (only in runs with bytes); ignored unless a sink keeps it.
    mutating func record(_ sample: LinkSampleRecord)
}

extension RecordSink {
    public mutating func record(_ sample: LinkSampleRecord) {}
}

/// A sink that keeps nothing.
public struct DiscardingSink: RecordSink {
    public init() {}
    public var wantsDeliveries: Bool { false }
    public mutating func record(_ delivery: DeliveryRecord) {}
    public mutating func record(_ sample: TimeseriesRecord) {}
}
