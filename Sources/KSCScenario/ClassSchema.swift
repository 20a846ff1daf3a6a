import KSCGSL
import KSCRandom
import KSCSupport

// The schema of one element of `classes` (SectionSchemas.swift has the server's and the push
// servers').

extension DeviceClass {
    /// A key of computers only: not written for a mobile class (where giving it is an error).
    static func computerOnly(_ spec: KeySpec<DeviceClass>) -> KeySpec<DeviceClass> {
        KeySpec(
            spec.name, unit: spec.unit, doc: spec.doc, shownDefault: spec.shownDefault, read: spec.read,
            write: { $0.kind == .mobile ? [] : spec.write($0) })
    }

    /// One element of `classes`.
    public static let schema = SectionSchema<DeviceClass>(
        [
            KeySpec(
                "name", unit: "text", doc: "unique; no `.` or `,`", shownDefault: "required",
                read: { r, s in
                    s.name = try r.string("name", default: "")
                }, write: { [YAMLEntry("name", .string($0.name))] }),
            .integer("devices", \.devices, min: 0, max: 100_000_000, doc: "devices in the class"),
            KeySpec(
                "kind", unit: "`computer` or `mobile`",
                doc:
                    "computers with a Network Agent, or mobile devices: a scheduled sync over HTTP, no UDP 15000, no Keep connection, no gateway or site (KSC documentation)",
                read: { r, s in
                    guard let text = try r.text("kind") else { return }
                    guard let value = DeviceKind(rawValue: text) else {
                        throw r.error(
                            "kind",
                            "\"\(text)\" is not a kind; allowed: \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.kind = value
                    // A mobile device syncs on the policy's schedule: every 6 hours by default.
                    if value == .mobile { s.syncInterval = .constant(21_600) }
                }, write: { $0.kind == .mobile ? [YAMLEntry("kind", .plain($0.kind.rawValue))] : [] }),
            KeySpec(
                "platform", unit: "`android` or `ios`", doc: "a mobile class's platform",
                read: { r, s in
                    guard let text = try r.text("platform") else { return }
                    guard s.kind == .mobile else {
                        throw r.error("platform", "applies to a mobile class only (kind: mobile)")
                    }
                    guard let value = MobilePlatform(rawValue: text) else {
                        throw r.error(
                            "platform",
                            "\"\(text)\" is not a platform; allowed: \(MobilePlatform.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.platform = value
                }, write: { $0.kind == .mobile ? [YAMLEntry("platform", .plain($0.platform.rawValue))] : [] }),
            KeySpec(
                "fcm", unit: "`off`, `high` or `normal`",
                doc:
                    "an Android class: forced sync through Firebase Cloud Messaging, with the push's priority; off, commands wait for the schedule (KSC documentation: Android only, when FCM is configured)",
                shownDefault: "`off`",
                read: { r, s in
                    guard let text = try r.text("fcm") else { return }
                    guard let value = FCMPriority(rawValue: text) else {
                        throw r.error(
                            "fcm",
                            "\"\(text)\" is not an FCM setting; allowed: \(FCMPriority.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    guard value == .off || (s.kind == .mobile && s.platform == .android) else {
                        throw r.error(
                            "fcm",
                            s.kind == .mobile
                                ? "FCM forced sync applies to Android only (platform: android; KSC documentation)"
                                : "applies to a mobile class only (kind: mobile, platform: android)")
                    }
                    s.fcm = value
                },
                write: {
                    $0.kind == .mobile && $0.platform == .android ? [YAMLEntry("fcm", .plain($0.fcm.rawValue))] : []
                }),
            KeySpec(
                "syncInterval", unit: "distribution",
                doc:
                    "Network Agent sync interval, or a mobile class's sync schedule (KSC defaults: 15m; 6h on mobile devices); mean at least 1ms",
                shownDefault: "`15m` (`6h` for `kind: mobile`)",
                read: { r, s in
                    let value = try r.distribution("syncInterval", default: s.syncInterval)
                    if r.has("syncInterval"), let problem = Limits.periodProblem(value) {
                        throw r.error("syncInterval", "\(value) \(problem)")
                    }
                    s.syncInterval = value
                }, write: { [YAMLEntry("syncInterval", .string($0.syncInterval.description))] }),
            KeySpec(
                "postponement", unit: "distribution",
                doc:
                    "a mobile class: how long power saving postpones each scheduled sync (Android 12 and later may run it later; the schedule itself does not move); finite mean (assumption: no figure is published, 0s)",
                read: { r, s in
                    guard r.has("postponement") else { return }
                    guard s.kind == .mobile else {
                        throw r.error("postponement", "applies to a mobile class only (kind: mobile)")
                    }
                    let value = try r.distribution("postponement", default: s.postponement)
                    guard value.mean.isFinite, value.mean >= 0 else {
                        throw r.error("postponement", "\(value) must have a finite mean of at least 0")
                    }
                    s.postponement = value
                },
                write: { $0.kind == .mobile ? [YAMLEntry("postponement", .string($0.postponement.description))] : [] }),
            KeySpec(
                "roaming", unit: "`{share, away, home}` or none",
                doc:
                    "a mobile class: the share of its devices that travel (exactly round(share × devices), chosen at random), how long a trip lasts (`away`) and the time between trips (`home`); a roaming device does not sync unless `syncWhileRoaming` (assumption: no figure is published; none by default)",
                shownDefault: "none",
                read: { r, s in
                    guard let node = r.node("roaming") else { return }
                    guard s.kind == .mobile else {
                        throw r.error("roaming", "applies to a mobile class only (kind: mobile)")
                    }
                    let m = try MappingReader(
                        node, path: r.qualified("roaming"), allowed: ["share", "away", "home"],
                        baseDirectory: r.baseDirectory)
                    guard m.has("share"), m.has("away"), m.has("home") else {
                        throw r.error(
                            "roaming",
                            "give share, away and home, e.g. {share: 0.1, away: 3d, home: exponential(mean=30d)}")
                    }
                    let roaming = Roaming(
                        share: try m.fraction("share", default: 0),
                        away: try m.distribution("away", default: .constant(0)),
                        home: try m.distribution("home", default: .constant(0)))
                    for (key, value) in [("away", roaming.away), ("home", roaming.home)] {
                        if let problem = Limits.periodProblem(value) { throw m.error(key, "\(value) \(problem)") }
                    }
                    s.roaming = roaming
                },
                write: { c in
                    guard let roaming = c.roaming else { return [] }
                    return [
                        YAMLEntry(
                            "roaming",
                            .flowMap([
                                YAMLEntry("share", .plain(roaming.share.shortText)),
                                YAMLEntry("away", .string(roaming.away.description)),
                                YAMLEntry("home", .string(roaming.home.description)),
                            ]))
                    ]
                }),
            KeySpec(
                "syncWhileRoaming", unit: "`true` or `false`",
                doc: "a mobile class: whether a roaming device still syncs (KSC documentation: off by default)",
                read: { r, s in
                    guard let text = try r.text("syncWhileRoaming") else { return }
                    guard s.kind == .mobile else {
                        throw r.error("syncWhileRoaming", "applies to a mobile class only (kind: mobile)")
                    }
                    guard text == "true" || text == "false" else {
                        throw r.error("syncWhileRoaming", "\"\(text)\" must be true or false")
                    }
                    s.syncWhileRoaming = text == "true"
                },
                write: {
                    $0.kind == .mobile
                        ? [YAMLEntry("syncWhileRoaming", .plain($0.syncWhileRoaming ? "true" : "false"))] : []
                }),
            .distribution(
                "syncJitter", \.syncJitter, doc: "added to each interval; finite mean",
                check: { $0.mean.isFinite ? nil : "must have a finite mean" }),
            KeySpec(
                "availability", unit: "see below", doc: "when the devices are online",
                read: { r, s in
                    if let node = r.node("availability") {
                        s.availability = try Availability(
                            node, path: r.qualified("availability"), baseDirectory: r.baseDirectory)
                    }
                }, write: { [YAMLEntry("availability", $0.availability.yaml)] }),
            computerOnly(
                .fraction(
                    "keepConnection", \.keepConnection,
                    doc:
                        "devices with \"Keep connection\" ticked (exactly round(fraction × devices), chosen at random)")
            ),
            computerOnly(
                .fraction(
                    "wakeReachable", \.wakeReachable,
                    doc: "devices whose UDP 15000 the server can reach (assumption: NAT blocks it by default)")),
            computerOnly(
                .fraction("udpLoss", \.udpLoss, unit: "probability", doc: "loss of one UDP packet (assumption)")),
            .distribution("rtt", \.rtt, doc: "round-trip time device ↔ server (assumption)"),
            .fraction(
                "shutdownNotice", \.shutdownNotice, doc: "clean shutdowns whose UDP 13000 notice reaches the server"),
            .fraction(
                "abruptOff", \.abruptOff,
                doc: "going-offline events that drop the connection without a TCP close (no notice either)"),
        ] + topologyKeys + linkKeys,
        finish: { r, s in
            if s.kind == .mobile {
                // Phones have neither UDP 15000 nor Keep connection, and reach the server itself.
                let reasons = [
                    ("keepConnection", "a mobile device has no Keep connection"),
                    ("wakeReachable", "a mobile device has no UDP 15000: it is not woken by wake packets"),
                    ("udpLoss", "a mobile device receives no UDP 15000 packet"),
                    ("gateway", "mobile devices are modelled reaching the server directly"),
                    ("site", "mobile devices are modelled reaching the server directly"),
                ]
                for (key, why) in reasons where r.has(key) {
                    throw r.error(key, "does not apply to a mobile class: \(why); remove the key")
                }
            }
            if let problem = Limits.periodProblem(s.syncInterval.mean + s.syncJitter.mean) {
                throw r.error("syncJitter", "syncInterval + syncJitter \(problem)")
            }
        })
}
