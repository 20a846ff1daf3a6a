/// Rules derived from a scenario's keys that the model, `describe` and the node loads all
/// use: written once here so that they cannot drift apart.
extension Scenario {
    /// Whether some class is forced to sync through FCM (the `fcm` path and node exist).
    public var usesFCM: Bool { classes.contains { $0.fcm != .off } }

    /// Whether class `spec` keeps its held connections at the push servers.
    public func usesPushServer(_ spec: DeviceClass) -> Bool {
        pushServers.count > 0 && pushServers.classes.contains(spec.name)
    }

    /// Whether a device of class `spec` with Keep connection ticked wants one of its server's
    /// permanent slots: not when its class uses push servers, nor behind a gateway (Keep
    /// connection is then ticked on the gateway and takes a gateway slot).
    public func wantsPermanentSlot(_ spec: DeviceClass) -> Bool {
        !usesPushServer(spec) && spec.gateway.isEmpty
    }

    /// Share of sync sessions that carry a task in the long run: (task, online device) pairs
    /// launched per second over sessions offered per second, at most 1. A session carries every
    /// task pending for its device, so when launches come faster than syncs it is 1.
    public var fullSyncShare: Double {
        let sessions = classes.reduce(0.0) { $0 + $1.syncsPerSecond }
        guard sessions > 0, horizon > 0 else { return 0 }
        var pairs = 0.0
        for task in tasks {
            let launches: Double
            switch task.schedule {
            case .at(let times): launches = Double(times.count)
            case .every(let period, _): launches = horizon / period
            case .poisson(let rate): launches = horizon * rate
            }
            let online = classes.filter { task.targets.isEmpty || task.targets.contains($0.name) }.reduce(0.0) {
                $0 + $1.meanOnline
            }
            pairs += launches / horizon * online
        }
        return Swift.min(1, pairs / sessions)
    }

    /// Mean time a session takes of server `p`'s workers, s: its `syncService` mean, or under
    /// `sessionCost: by-kind` the heartbeat and full-sync means weighted by `fullSyncShare`.
    /// The woken factor is left out: the share of woken sessions is known only from a run.
    public func meanSessionService(server p: Int) -> Double {
        let server = servers[p]
        guard server.sessionCost == .byKind else { return server.syncService.mean }
        let full = fullSyncShare
        return (1 - full) * server.heartbeatService.mean + full * server.fullSyncService.mean
    }

    /// Devices of the scenario that want a permanent slot at server `s` (ticked, counted as
    /// `DeviceClass.keepConnectionDevices`).
    public func tickedDevices(server s: Int) -> Int {
        classes.indices.filter { serverIndex(ofClass: $0) == s && wantsPermanentSlot(classes[$0]) }
            .reduce(0) { $0 + classes[$1].keepConnectionDevices }
    }
}

extension DeviceClass {
    /// Devices with Keep connection ticked: exactly round(keepConnection × devices).
    public var keepConnectionDevices: Int { Int((keepConnection * Double(devices)).rounded()) }

    /// Devices whose UDP 15000 the server can reach: exactly round(wakeReachable × devices).
    public var wakeReachableDevices: Int { Int((wakeReachable * Double(devices)).rounded()) }

    /// Mean time between periodic syncs, s: `syncInterval` plus `syncJitter`.
    public var meanInterval: Double { syncInterval.mean + syncJitter.mean }

    /// Mean online devices of the class in the long run.
    public var meanOnline: Double { Double(devices) * availability.longRun.onlineShare }

    /// Sync sessions the class offers per second in the long run: periodic syncs of its online
    /// devices plus one startup sync per online period.
    public var syncsPerSecond: Double {
        let run = availability.longRun
        return Double(devices) * run.onlineShare / meanInterval + Double(devices) * run.startsPerSecond
    }

    /// Devices of the class that want a permanent connection and are online, on average.
    public var meanKeepOnline: Double {
        Double(keepConnectionDevices) * availability.longRun.onlineShare
    }
}

extension Availability {
    /// Long-run share of time a device is online, and online periods started per second.
    public var longRun: (onlineShare: Double, startsPerSecond: Double) {
        switch self {
        case .always:
            return (1, 0)
        case .onOff(let on, let off):
            return (on.mean / (on.mean + off.mean), 1 / (on.mean + off.mean))
        case .weekly(let days, let start, let startSpread, let end, let endSpread):
            let perDay = (end + endSpread / 2) - (start + startSpread / 2)
            let week = 7 * 86400.0
            return (Double(days.count) * perDay / week, Double(days.count) / week)
        }
    }
}
