import KSCRecords
import KSCStatistics

/// The summary's server figures (fleet totals over every server) and the rows of
/// `nodes.csv` (one per server, gateway and relay).
extension ConnectivityModel where Queue: ~Copyable {
    /// Indices of the physical servers (their pools serve their virtual servers too).
    var physicalServers: [Int] { servers.indices.filter { servers[$0].physical == $0 } }

    /// Fills the summary's permanent-connection, push and sync-service figures: sums over
    /// servers; maxima over servers (`perm_in_use_max`, `queue_length_max`); waits pooled
    /// over every session; utilization as total busy workers over total workers.
    func fillServerFigures(_ s: inout SummaryRecord, at horizon: Double) {
        let held = servers.map(\.slots)
        let wanting = held.reduce(0.0) { $0 + $1.wantingLevel.mean(at: horizon) }
        let without = held.reduce(0.0) { $0 + $1.withoutLevel.mean(at: horizon) }
        s.permWantingMean = wanting
        s.permWithoutMean = without
        s.permWithoutShare = wanting > 0 ? without / wanting : .nan
        let attempts = held.reduce(0) { $0 + $1.pool.attempts }
        let refused = held.reduce(0) { $0 + $1.pool.refused }
        s.permRequests = attempts
        s.permRequestsRefused = refused
        s.permRequestRefusedShare = attempts > 0 ? Double(refused) / Double(attempts) : .nan
        s.permInUseMean = held.reduce(0.0) { $0 + $1.pool.level.mean(at: horizon) }
        s.permInUseMax = held.map(\.pool.level.maximum).max() ?? 0
        s.pushRequests = push.pool.attempts
        s.pushRequestsRefused = push.pool.refused
        s.pushInUseMean = push.pool.level.mean(at: horizon)
        s.pushInUseMax = push.pool.level.maximum
        s.syncs = stats.syncs
        let pools = physicalServers.map { servers[$0].sessions.pool }
        var waits = pools[0].waits
        for pool in pools.dropFirst() { waits.merge(pool.waits) }
        s.syncWaitMean = waits.count > 0 ? waits.mean : .nan
        s.syncWaitP99 = waits.count > 0 ? waits.quantile(0.99) : .nan
        s.queueLengthMax = pools.map { Int($0.queueLevel.maximum) }.max() ?? 0
        // The busiest node: the largest share of time saturated over servers and gateways.
        let peaks = physicalServers.map { servers[$0].sessions.peaks } + gateways.map(\.peaks)
        s.utilizationPeak15m = peaks.compactMap { $0.peakLong.isNaN ? nil : $0.peakLong }.max() ?? .nan
        s.timeSaturatedShare = peaks.compactMap { $0.saturatedShare.isNaN ? nil : $0.saturatedShare }.max() ?? .nan
        s.saturated = s.timeSaturatedShare > scenario.saturationLimit ? 1 : 0
        s.serverUtilization =
            pools.reduce(0.0) { $0 + $1.busyLevel.mean(at: horizon) } / Double(pools.reduce(0) { $0 + $1.workers })
    }

    /// One row per server, gateway and relay, and one for FCM when a class uses it.
    func nodeRows(at horizon: Double) -> [NodeRecord] {
        func devices(_ member: (ClassRuntime) -> Bool) -> Int {
            fleet.classes.filter(member).reduce(0) { $0 + $1.devices.count }
        }
        var rows: [NodeRecord] = []
        func row(_ kind: String, _ name: String, _ server: String) -> NodeRecord {
            var r = NodeRecord()
            (r.scenario, r.replication, r.kind, r.name, r.server) = (scenario.name, replication, kind, name, server)
            return r
        }
        for (i, server) in servers.enumerated() {
            var r = row("server", server.config.name, servers[server.physical].config.name)
            let pool = servers[server.physical].sessions.pool
            r.devices = devices { $0.server == i }
            r.utilization = pool.busyLevel.mean(at: horizon) / Double(pool.workers)
            r.syncWaitMean = pool.waits.count > 0 ? pool.waits.mean : .nan
            r.syncWaitP99 = pool.waits.count > 0 ? pool.waits.quantile(0.99) : .nan
            r.refused = server.refused
            let service = servers[server.physical].sessions
            (r.utilizationPeak1m, r.utilizationPeak15m) = (service.peaks.peak, service.peaks.peakLong)
            r.timeSaturatedShare = service.peaks.saturatedShare
            r.backlogFullShare = service.full.mean(at: horizon)
            r.refusedPeakPerMinute = service.peaks.peakCount
            r.slotsMean = server.slots.pool.level.mean(at: horizon)
            r.slotsMax = server.slots.pool.level.maximum
            (r.wakeSent, r.wakeLost) = (server.wake.sent, server.wake.lost)
            rows.append(r)
        }
        for (g, gateway) in gateways.enumerated() {
            var r = row("gateway", gateway.config.name, servers[gateway.server].config.name)
            r.devices = devices { $0.route == .gateway(g) }
            r.utilization = gateway.slots.level.mean(at: horizon) / Double(gateway.config.capacity)
            r.refused = gateway.refused
            (r.utilizationPeak1m, r.utilizationPeak15m) = (gateway.peaks.peak, gateway.peaks.peakLong)
            r.timeSaturatedShare = gateway.peaks.saturatedShare
            r.refusedPeakPerMinute = gateway.peaks.peakCount
            r.slotsMean = gateway.slots.level.mean(at: horizon)
            r.slotsMax = gateway.slots.level.maximum
            r.wakeLost = gateway.wakeLost
            rows.append(r)
        }
        for (i, relay) in relays.enumerated() {
            var r = row("relay", relay.config.name, servers[relay.server].config.name)
            r.devices = devices { $0.site == i }
            r.utilization = relay.link.connectedLevel.mean(at: horizon)
            (r.wakeSent, r.wakeLost) = (relay.wake.sent, relay.wake.lost)
            rows.append(r)
        }
        if scenario.usesFCM {
            var r = row("fcm", "fcm", "")
            r.devices = devices { $0.spec.fcm != .off }
            r.utilization = fcm.upLevel.mean(at: horizon)
            rows.append(r)
        }
        return rows
    }
}
