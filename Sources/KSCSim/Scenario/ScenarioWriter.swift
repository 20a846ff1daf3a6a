import Foundation

extension Scenario {
    /// The scenario with every default filled in, as YAML that `Scenario.parse` reads
    /// back to an equal scenario; records the kscsim version.
    public var resolvedYAML: String {
        let d = DurationText.format
        var out = "# Resolved by kscsim \(KSCSimVersion.current): every default filled in.\n"
        out += "kscsimVersion: \(KSCSimVersion.current)\n"
        out += "name: \(Scenario.quote(name))\n"
        out += "horizon: \(d(horizon))\nwarmup: \(d(warmup))\nseed: \(seed)\nreplications: \(replications)\n"
        out += "generator: \(generator.name)\n"
        out += "server:\n"
        out += "  syncWorkers: \(server.syncWorkers)\n"
        out += "  syncService: \(Scenario.quote(server.syncService.description))\n"
        out += "  backlog: \(server.backlog)\n"
        out += "  retryAfter: \(Scenario.quote(server.retryAfter.description))\n"
        out += "  permanentConnectionCap: \(server.permanentConnectionCap)\n"
        out += "  wakeSendRate: \(server.wakeSendRate.shortText)\n"
        out += "  offlineAfterMissedSyncs: \(server.offlineAfterMissedSyncs)\n"
        out += "  deadConnectionTimeout: \(d(server.deadConnectionTimeout))\n"
        out += "  pushCost: \(d(server.pushCost))\n"
        out += "  outages: [" + server.outages.map { "{start: \(d($0.start)), duration: \(d($0.duration))}" }.joined(separator: ", ") + "]\n"
        out += "pushServers:\n  count: \(pushServers.count)\n  capacity: \(pushServers.capacity)\n"
        out += "  classes: [" + pushServers.classes.map(Scenario.quote).joined(separator: ", ") + "]\n"
        out += "classes:\n"
        for c in classes {
            out += "  - name: \(Scenario.quote(c.name))\n"
            out += "    devices: \(c.devices)\n"
            out += "    syncInterval: \(Scenario.quote(c.syncInterval.description))\n"
            out += "    syncJitter: \(Scenario.quote(c.syncJitter.description))\n"
            out += "    availability: \(c.availability.yaml)\n"
            out += "    keepConnection: \(c.keepConnection.shortText)\n"
            out += "    wakeReachable: \(c.wakeReachable.shortText)\n"
            out += "    udpLoss: \(c.udpLoss.shortText)\n"
            out += "    rtt: \(Scenario.quote(c.rtt.description))\n"
            out += "    shutdownNotice: \(c.shutdownNotice.shortText)\n"
            out += "    abruptOff: \(c.abruptOff.shortText)\n"
        }
        out += tasks.isEmpty ? "tasks: []\n" : "tasks:\n"
        for t in tasks {
            out += "  - name: \(Scenario.quote(t.name))\n"
            switch t.schedule {
            case .at(let times): out += "    at: [" + times.map(d).joined(separator: ", ") + "]\n"
            case .every(let period, let start): out += "    every: \(d(period))\n    start: \(d(start))\n"
            case .poisson(let rate): out += "    rate: \((rate * 3600).shortText)/h\n"
            }
            out += "    targets: " + (t.targets.isEmpty ? "all" : "[" + t.targets.map(Scenario.quote).joined(separator: ", ") + "]") + "\n"
            out += "    randomizedDelay: \(d(t.randomizedDelay))\n"
        }
        return out
    }

    /// A YAML scalar in double quotes when it needs them.
    static func quote(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension Availability {
    /// The availability as a YAML flow value.
    var yaml: String {
        let d = DurationText.format
        switch self {
        case .always: return "always"
        case .onOff(let on, let off):
            return "{type: onoff, on: \(Scenario.quote(on.description)), off: \(Scenario.quote(off.description))}"
        case .weekly(let days, let start, let startSpread, let end, let endSpread):
            let names = days.map { Availability.dayNames[$0] }.joined(separator: ",")
            return "{type: weekly, days: \"\(names)\", start: \"\(Availability.clock(start))\", startSpread: \(d(startSpread)), end: \"\(Availability.clock(end))\", endSpread: \(d(endSpread))}"
        }
    }

    static func clock(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
