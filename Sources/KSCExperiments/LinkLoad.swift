import KSCModel
import KSCScenario

/// Offered loads of the links bytes cross, from the parameters (no simulation): per link, the
/// bytes one launch of each task puts on it, the rate they ask over the launch's delivery
/// spread, and the long-run mean with sync sessions; warnings where a link is over capacity
/// or on no device's route.
extension OfferedLoad {
    static func links(_ scenario: Scenario) -> (lines: [String], warnings: [String]) {
        guard scenario.usesLinks else { return ([], []) }
        let layout = LinkLayout(scenario)
        var lines: [String] = []
        var warnings: [String] = []
        let horizon = scenario.horizon
        for (l, link) in layout.links.enumerated() {
            var perLaunch: [(task: String, bytes: Double, fetched: Double, spread: Double, perSecond: Double)] = []
            var syncBytes = 0.0
            for (c, spec) in scenario.classes.enumerated() where layout.serverRoute[c].contains(l) {
                syncBytes += spec.syncsPerSecond * scenario.traffic.heartbeat.down
            }
            for task in scenario.tasks where task.payload > 0 {
                var bytes = 0.0
                var fetchBytes = 0.0
                var spread = task.randomizedDelay
                var fetched = Set<String>()
                for (c, spec) in scenario.classes.enumerated()
                where task.targets.isEmpty || task.targets.contains(spec.name) {
                    let fromPoint = layout.pointRoute[c]
                    let onRoute = fromPoint.map { $0.contains(l) } ?? layout.serverRoute[c].contains(l)
                    if onRoute {
                        bytes += Double(spec.devices) * task.payload
                        spread = Swift.max(spread, spec.meanInterval)
                    }
                    if let fetch = layout.fetchRoute[c], fetch.contains(l), fetched.insert(spec.site).inserted {
                        fetchBytes += task.payload
                    }
                }
                guard bytes + fetchBytes > 0 else { continue }
                perLaunch.append(
                    (
                        task.name, bytes, fetchBytes, spread,
                        (bytes + fetchBytes) * Self.launchesPerSecond(task, horizon: horizon)
                    ))
            }
            let mean = syncBytes + perLaunch.reduce(0) { $0 + $1.perSecond }
            let rate = link.capacity.map { "\(mbps($0)) Mbit/s\(link.hoursOnly ? " in its hours" : "")" } ?? "unlimited"
            var line =
                "  link \(link.name) (\(link.kind.rawValue), \(rate)): \(link.devices) devices; \(mbps(mean)) Mbit/s on average"
            for launch in perLaunch {
                if launch.fetched > 0 {
                    line += "; a launch of \(launch.task): \(fmt(launch.fetched / 1e9)) GB of update sources' fetches"
                    if let capacity = link.capacity { line += " (at least \(fmt(launch.fetched / capacity / 60)) min)" }
                }
                guard launch.bytes > 0 else { continue }
                line +=
                    "; a launch of \(launch.task) puts \(fmt(launch.bytes / 1e9)) GB of downloads on it, \(mbps(launch.bytes / launch.spread)) Mbit/s over its delivery spread of \(fmt(launch.spread / 60)) min"
                if let capacity = link.capacity {
                    line += " (at least \(fmt(launch.bytes / capacity / 60)) min at its rate)"
                    if launch.bytes / launch.spread > capacity && !link.hoursOnly {
                        warnings.append(
                            "link \(link.name) (\(link.key)) is over capacity while \(launch.task) spreads: its devices ask \(mbps(launch.bytes / launch.spread)) Mbit/s of its \(mbps(capacity)); completion will trail delivery by about \(fmt((launch.bytes / capacity - launch.spread) / 60)) min"
                        )
                    }
                }
            }
            if let capacity = link.capacity, mean >= capacity, !link.hoursOnly {
                warnings.append(
                    "link \(link.name) (\(link.key)) is over capacity on average: \(mbps(mean)) Mbit/s offered of its \(mbps(capacity)); downloads will pile up"
                )
            }
            if link.devices == 0 {
                warnings.append("link \(link.name) (\(link.key)) is on no device's route: it carries nothing")
            }
            lines.append(line)
        }
        return (lines, warnings)
    }

    /// Launches of `task` per second over a run of `horizon` seconds.
    static func launchesPerSecond(_ task: TaskSpec, horizon: Double) -> Double {
        switch task.schedule {
        case .at(let times): return Double(times.filter { $0 < horizon }.count) / horizon
        case .every(let period, _): return 1 / period
        case .poisson(let rate): return rate
        }
    }

    static func mbps(_ bytesPerSecond: Double) -> String { fmt(bytesPerSecond * 8 / 1e6) }
}
