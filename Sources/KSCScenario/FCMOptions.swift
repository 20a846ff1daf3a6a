import KSCRandom
import KSCSupport

/// How an Android class is forced to sync: not at all (commands wait for the schedule), or
/// through Firebase Cloud Messaging with a message priority.
public enum FCMPriority: String, Sendable, CaseIterable {
    /// No FCM: commands wait for the scheduled sync (the default; FCM must be configured).
    case off
    /// High priority: reaches a phone in Doze at once (Google's FCM documentation).
    case high
    /// Normal priority: a phone in Doze gets it at its next maintenance window.
    case normal
}

/// Google Firebase Cloud Messaging as the model sees it: an external node the server asks to
/// push a notification to a phone, with its own availability and outages; the delivery delay,
/// the share of phones in Doze, the loss and the time to live are assumptions (Kaspersky
/// publishes none, Google publishes no figure of delay or loss).
public struct FCMConfig: Sendable, Equatable, ScenarioSection {
    /// When FCM accepts and delivers pushes (default always).
    public var availability: Availability = .always
    /// Periods FCM is down (none by default).
    public var outages: [Outage] = []
    /// From the server's request to an awake phone (default lognormal, mean 1 s, sd 1 s).
    public var delay: Distribution = try! .makeLognormal(mean: 1, sd: 1)
    /// Probability that a phone is in Doze when a push reaches it (default 0.5).
    public var dozeShare: Double = 0.5
    /// How long a normal-priority push waits for a dozing phone's maintenance window
    /// (default uniform from 0 to 1 h).
    public var maintenanceWait: Distribution = .uniform(min: 0, max: 3600)
    /// Probability that an accepted push never arrives (default 0.01).
    public var loss: Double = 0.01
    /// A push not delivered this long after it was sent is dropped (default 28 days, FCM's
    /// own default).
    public var ttl: Double = 28 * 86400

    public init() {}

    /// `fcm`: the node through which forced syncs of Android classes go.
    public static let schema = SectionSchema<FCMConfig>([
        KeySpec(
            "availability", unit: "`always` or onoff",
            doc: "when FCM accepts and delivers pushes (assumption: always)",
            read: { r, s in
                if let node = r.node("availability") {
                    s.availability = try Availability.upDown(
                        node, path: r.qualified("availability"), baseDirectory: r.baseDirectory, what: "FCM")
                }
            }, write: { [YAMLEntry("availability", $0.availability.yaml)] }),
        KeySpec(
            "outages", unit: "list of `{start, duration}`",
            doc:
                "periods FCM is down (a Google outage): requests are refused and pushes in flight wait for its end",
            read: { r, s in
                s.outages = try Outage.list(r, "outages")
            }, write: { [YAMLEntry("outages", Outage.yaml($0.outages))] }),
        .distribution(
            "delay", \.delay,
            doc:
                "from the server's request to an awake phone, both priorities (assumption: no figure is published; lognormal, mean 1s)",
            check: { $0.mean.isFinite ? nil : "must have a finite mean" }),
        .fraction(
            "dozeShare", \.dozeShare, unit: "probability",
            doc:
                "that a phone is in Doze when a push reaches it: a normal-priority push then waits for its maintenance window, a high-priority one does not (assumption)"
        ),
        .distribution(
            "maintenanceWait", \.maintenanceWait,
            doc:
                "how long a normal-priority push waits for a dozing phone's next maintenance window (assumption: Android publishes no figure; uniform up to 1h)",
            check: { $0.mean.isFinite ? nil : "must have a finite mean" }),
        .fraction(
            "loss", \.loss, unit: "probability",
            doc: "that an accepted push never reaches the phone (assumption: no figure is published)"),
        .duration(
            "ttl", \.ttl, positive: true,
            doc:
                "time to live: a push not delivered this long after it was sent is dropped (assumption: FCM's own default, 28 days; what Kaspersky sets is not published)"
        ),
    ])
}
