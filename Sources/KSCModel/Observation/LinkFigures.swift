import KSCRecords
import KSCStatistics

extension ConnectivityModel where Queue: ~Copyable {
    /// Pairs of each class (and, last, of all) not finished at the horizon: undelivered, or
    /// delivered with their download not done; and the latest launch among them.
    func unfinished(undelivered: [Int], latestLaunch: [Double]) -> (count: [Int], latest: [Double]) {
        var count = undelivered
        var latest = latestLaunch
        let all = fleet.classes.count
        for d in downloads.queues.indices where downloads.hasItems(d) {
            let c = fleet.devices[d].classID
            for item in downloads.items(d) where stats.counts(item.launchedAt) {
                for i in [c, all] {
                    count[i] += 1
                    latest[i] = Swift.max(latest[i], item.launchedAt)
                }
            }
        }
        return (count, latest)
    }

    /// The completion row of class `c` (`classCount`: all) for latency.csv: path `completed`.
    func completionRow(_ c: Int, unfinished: (count: [Int], latest: [Double])) -> LatencyRecord {
        let sketch = downloads.completion.sketch(classIndex: c, path: nil)
        var row = LatencyRecord()
        row.scenario = scenario.name
        row.replication = replication
        row.deviceClass = c == fleet.classes.count ? "all" : fleet.classes[c].spec.name
        row.path = "completed"
        row.deliveries = sketch.count
        row.undelivered = unfinished.count[c]
        row.pairs = sketch.count + row.undelivered
        row.mean = row.undelivered == 0 && sketch.count > 0 ? sketch.mean : .nan
        let q = LatencyBook.quantiles(
            [0.5, 0.9, 0.95, 0.99], of: sketch, pairs: row.pairs, censoredAfter: scenario.horizon - unfinished.latest[c]
        )
        (row.p50, row.p90, row.p95, row.p99) = (q[0], q[1], q[2], q[3])
        row.max = row.undelivered == 0 && sketch.count > 0 ? sketch.max : .nan
        return row
    }

    /// The completion figures of the summary, the servers' payload egress and uplinks.
    mutating func fillTransferFigures(_ s: inout SummaryRecord, unfinished: (count: [Int], latest: [Double])) {
        let horizon = scenario.horizon
        let observed = horizon - scenario.warmup
        var payloadOut = 0.0
        var peak = Double.nan
        var utilization = Double.nan
        if links.enabled {
            links.network.settle(at: horizon)
            for (l, link) in links.links.enumerated() where link.kind == .server {
                payloadOut += links.flowBytes(l)
                peak = Swift.max(peak.isNaN ? 0 : peak, links.peak[l] * 8 / 1e6)
                if let capacity = link.capacity, observed > 0 {
                    let u = links.bytesDown(l) / observed / capacity
                    utilization = utilization.isNaN ? u : Swift.max(utilization, u)
                }
            }
        }
        s.payloadBytesOut = payloadOut
        s.updateSourceFetches = downloads.fetches.reduce(0, +)
        s.serverUplinkPeakMbps = peak
        s.serverUplinkUtilization = utilization
        s.egressGBPerDay = observed > 0 ? (stats.bytesDown + payloadOut) / observed * 86400 / 1e9 : .nan
        s.egressGBPer30d = s.egressGBPerDay * 30
        s.egressCostPer30d = scenario.traffic.pricePerGB > 0 ? s.egressGBPer30d * scenario.traffic.pricePerGB : .nan
        guard downloads.enabled else { return }
        let row = completionRow(fleet.classes.count, unfinished: unfinished)
        (s.completionP50, s.completionP90, s.completionP95, s.completionP99) = (row.p50, row.p90, row.p95, row.p99)
        s.completionMean = row.mean
        s.uncompletedShare = row.pairs > 0 ? Double(row.undelivered) / Double(row.pairs) : .nan
    }

    /// One links.csv row per link (none without payloads or link rates).
    func linkRows(at horizon: Double) -> [LinkRecord] {
        guard links.enabled else { return [] }
        let observed = links.observed(until: horizon)
        return links.links.enumerated().map { l, link in
            var r = LinkRecord()
            (r.scenario, r.replication, r.link, r.kind) = (scenario.name, replication, link.name, link.kind.rawValue)
            r.capacityMbps = link.capacity.map { $0 * 8 / 1e6 } ?? .nan
            r.devices = link.devices
            r.bytesDown = links.bytesDown(l)
            r.bytesUp = links.countedUp[l]
            r.meanMbps = observed > 0 ? r.bytesDown / observed * 8 / 1e6 : .nan
            r.peakMbps = links.peak[l] * 8 / 1e6
            r.utilization = r.capacityMbps.isNaN || link.hoursOnly ? .nan : r.meanMbps / r.capacityMbps
            r.timeSaturatedShare = link.capacity != nil && observed > 0 ? links.saturated(l) / observed : .nan
            return r
        }
    }

    /// nodes.csv rows of the links with a rate: kind `link`, their utilization, peak and time saturated.
    func linkNodeRows(_ rows: [LinkRecord]) -> [NodeRecord] {
        zip(rows, links.links).filter { !$0.0.capacityMbps.isNaN }.map { link, info in
            var r = NodeRecord()
            (r.scenario, r.replication, r.kind, r.name) = (scenario.name, replication, "link", link.link)
            r.devices = link.devices
            r.utilization = link.utilization
            r.utilizationPeak1m = info.hoursOnly ? .nan : link.peakMbps / link.capacityMbps
            r.timeSaturatedShare = link.timeSaturatedShare
            return r
        }
    }
}
