import KSCGSL
import KSCRandom
import KSCSupport

// The schemas of the server, push-server and device-class sections (ScenarioSchema.swift
// has the root's).

extension ServerConfig {
    /// `server`: the Administration Server.
    public static let schema = SectionSchema<ServerConfig>(
        [
            KeySpec(
                "size", unit: "`custom` or a tier",
                doc:
                    "a hardware tier of the sizing guide, `50k-separate-dbms` (4 cores), `50k-shared-dbms` (8 cores with the DBMS) or `100k-separate-dbms` (8 cores), whose capacity sets the defaults of syncWorkers and syncService; explicit keys override it (assumption: two workers a core, the rated devices at a 15-minute interval keep them half busy; the guide gives devices and cores, not capacity)",
                read: { r, s in
                    guard let text = try r.text("size") else { return }
                    guard let value = ServerSize(rawValue: text) else {
                        throw r.error(
                            "size",
                            "\"\(text)\" is not a tier; allowed: \(ServerSize.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.size = value
                    if let assumed = value.assumed { (s.syncWorkers, s.syncService) = assumed }
                }, write: { [YAMLEntry("size", .plain($0.size.rawValue))] }),
            .integer(
                "syncWorkers", \.syncWorkers, min: 1, max: 1_000_000, doc: "sync sessions served at once (assumption)"),
            .distribution("syncService", \.syncService, doc: "time to process one sync session (assumption)"),
            KeySpec(
                "sessionCost", unit: "`single` or `by-kind`",
                doc:
                    "how a session's time is drawn: `single`, every session draws `syncService`; `by-kind`, a heartbeat (nothing new for the device) draws `heartbeatService`, a full sync (it carries a task) `fullSyncService`, and a woken session's draw is multiplied by `forcedSyncFactor` (the product counts heartbeats and real syncs apart; how the server's time splits between them is an assumption)",
                read: { r, s in
                    guard let text = try r.text("sessionCost") else { return }
                    guard let value = SessionCost(rawValue: text) else {
                        throw r.error(
                            "sessionCost",
                            "\"\(text)\" is not a session cost; allowed: \(SessionCost.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.sessionCost = value
                }, write: { [YAMLEntry("sessionCost", .plain($0.sessionCost.rawValue))] }),
            KeySpec(
                "heartbeatService", unit: "distribution",
                doc: "under `by-kind`: time to process a heartbeat, a session with nothing new (assumption)",
                shownDefault: "as `syncService`",
                read: { r, s in
                    s.heartbeatService = try r.distribution("heartbeatService", default: s.syncService)
                }, write: { [YAMLEntry("heartbeatService", .string($0.heartbeatService.description))] }),
            KeySpec(
                "fullSyncService", unit: "distribution",
                doc: "under `by-kind`: time to process a full sync, a session that carries a task (assumption)",
                shownDefault: "as `syncService`",
                read: { r, s in
                    s.fullSyncService = try r.distribution("fullSyncService", default: s.syncService)
                }, write: { [YAMLEntry("fullSyncService", .string($0.fullSyncService.description))] }),
            KeySpec(
                "forcedSyncFactor", unit: "factor",
                doc:
                    "under `by-kind`: a woken (forced) session takes this many times its drawn time, at least 0 (derived from the KSC traffic table: a forced sync moves (77.6 + 99.5) / (12.0 + 6.7) = 9.47 times the bytes of a periodic one)",
                read: { r, s in
                    s.forcedSyncFactor = try r.number("forcedSyncFactor", default: s.forcedSyncFactor, positive: false)
                    guard s.forcedSyncFactor.isFinite, s.forcedSyncFactor >= 0, s.forcedSyncFactor <= 1e6 else {
                        throw r.error(
                            "forcedSyncFactor", "\(s.forcedSyncFactor.shortText) must be a number from 0 to 1000000")
                    }
                }, write: { [YAMLEntry("forcedSyncFactor", .plain($0.forcedSyncFactor.shortText))] }),
            .integer(
                "backlog", \.backlog, min: 0, max: Limits.maximumCount,
                doc: "connections that may wait for a worker; one more is refused (assumption)"),
            .distribution(
                "retryAfter", \.retryAfter,
                doc: "wait of an agent whose connection was refused before it tries again; mean > 0 (assumption)",
                check: { Limits.periodProblem($0).map { "\($0) (refused agents would retry at once, forever)" } }),
            .duration(
                "connectTimeout", \.connectTimeout,
                doc:
                    "how long a session waits in the backlog before its agent gives up and retries after `retryAfter`; 0: it waits as long as it takes (assumption: no documented figure)"
            ),
            .integer(
                "permanentConnectionCap", \.permanentConnectionCap, min: 0, max: Limits.maximumCount,
                doc: "permanent (\"Keep connection\") connections held at once (KSC documentation)"),
            KeySpec(
                "permanentCapReading", unit: "`dynamic`, `static-random` or `static-class-order`",
                doc:
                    "reading of the cap (assumption: both readings are documented, not which one a server applies): `dynamic`, at most cap connections at once, a device beyond it refused and asking again at each sync; `static-…`, at most cap devices ticked, chosen when the scenario starts at random or first classes first",
                read: { r, s in
                    guard let text = try r.text("permanentCapReading") else { return }
                    guard let value = PermanentCapReading(rawValue: text) else {
                        throw r.error(
                            "permanentCapReading",
                            "\"\(text)\" is not a reading; allowed: \(PermanentCapReading.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.permanentCapReading = value
                }, write: { [YAMLEntry("permanentCapReading", .plain($0.permanentCapReading.rawValue))] }),
            KeySpec(
                "startHolders", unit: "`random`, `none` or `always-on-first`",
                doc:
                    "who holds the permanent slots at time 0 (assumption: it depends on the server's history): `random`, the online devices that may hold one, in random order up to the cap; `none`, nobody (just restarted; devices take slots as their syncs complete); `always-on-first`, as random with always-on devices first (up for long)",
                read: { r, s in
                    guard let text = try r.text("startHolders") else { return }
                    guard let value = StartHolders(rawValue: text) else {
                        throw r.error(
                            "startHolders",
                            "\"\(text)\" is not a start state; allowed: \(StartHolders.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    s.startHolders = value
                }, write: { [YAMLEntry("startHolders", .plain($0.startHolders.rawValue))] }),
            KeySpec(
                "wakeSendRate", unit: "packets/s",
                doc: "UDP 15000 packets the server sends, at most 1,000,000 (assumption)",
                read: { r, s in
                    s.wakeSendRate = try r.number("wakeSendRate", default: s.wakeSendRate, positive: true)
                    if s.wakeSendRate > Limits.maximumWakeSendRate {
                        throw r.error("wakeSendRate", "\(s.wakeSendRate.shortText) must be at most 1000000 packets/s")
                    }
                }, write: { [YAMLEntry("wakeSendRate", .plain($0.wakeSendRate.shortText))] }),
            .integer(
                "offlineAfterMissedSyncs", \.offlineAfterMissedSyncs, min: 1, max: 1000,
                doc:
                    "a silent device is marked off after this many mean sync intervals (KSC documentation: \"more than 3\")"
            ),
            .duration(
                "deadConnectionTimeout", \.deadConnectionTimeout,
                doc: "how long a silently dropped permanent connection keeps its slot (assumption)"),
            .duration("pushCost", \.pushCost, doc: "server time to push a task over a held connection (assumption)"),
            KeySpec(
                "outages", unit: "list of `{start, duration}`",
                doc: "every connection refused, every permanent connection dropped, task launches deferred to the end",
                read: { r, s in
                    s.outages = try Outage.list(r, "outages")
                }, write: { [YAMLEntry("outages", Outage.yaml($0.outages))] }),
        ] + linkKeys)
}

extension PushServerConfig {
    /// `pushServers`: distribution points acting as push servers (KSC 13+).
    public static let schema = SectionSchema<PushServerConfig>(
        [
            .integer("count", \.count, min: 0, max: 10_000, doc: "push servers (0: none)"),
            .integer(
                "capacity", \.capacity, min: 1, max: Limits.maximumCount, unit: "connections",
                doc: "connections each holds at once (KSC documentation)"),
            KeySpec(
                "classes", unit: "class names",
                doc: "classes whose devices hold a push-server connection instead of the server's permanent slots",
                read: { r, s in
                    s.classes = try r.stringList("classes") ?? []
                }, write: { [YAMLEntry("classes", .flowList($0.classes.map { .string($0) }))] }),
        ],
        finish: { r, s in
            if s.count > 0 && s.classes.isEmpty {
                throw r.error("count", "push servers need a list of classes (pushServers.classes)")
            }
        })
}
