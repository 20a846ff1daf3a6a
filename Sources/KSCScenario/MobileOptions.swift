import KSCRandom

/// What the devices of a class are.
public enum DeviceKind: String, Sendable, CaseIterable {
    /// Computers with a Network Agent: periodic sync, UDP 15000, Keep connection.
    case computer
    /// Phones and tablets: a scheduled sync over HTTP (6 h by default), no UDP 15000, no Keep
    /// connection.
    case mobile
}

/// A mobile class's operating system.
public enum MobilePlatform: String, Sendable, CaseIterable {
    case android
    case ios
}

/// Roaming of a mobile class: the share of its devices that travel, and how long they are
/// away (roaming) and home between trips. A device roaming does not sync unless the class
/// has `syncWhileRoaming`.
public struct Roaming: Sendable, Equatable {
    public var share: Double
    public var away: Distribution
    public var home: Distribution
}
