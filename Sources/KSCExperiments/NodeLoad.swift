import KSCScenario

/// Offered loads per node of a topology (servers, gateways, relays), from the parameters.
extension OfferedLoad {
    /// Lines and warnings per node; none for the one-server model.
    static func nodes(_ scenario: Scenario) -> (lines: [String], warnings: [String]) {
        guard !scenario.isSingleServer || !scenario.gateways.isEmpty || !scenario.sites.isEmpty else { return ([], []) }
        var lines: [String] = []
        var warnings: [String] = []
        let classes = scenario.classes.indices
        func online(_ c: Int) -> Double { scenario.classes[c].meanOnline }
        func syncs(_ c: Int) -> Double { scenario.classes[c].syncsPerSecond }
        func keepOnline(_ c: Int) -> Double { scenario.classes[c].meanKeepOnline }
        for (s, server) in scenario.servers.enumerated() {
            let p = scenario.physicalIndex(of: s)
            let mine = classes.filter { scenario.serverIndex(ofClass: $0) == s }
            let group = classes.filter { scenario.physicalIndex(of: scenario.serverIndex(ofClass: $0)) == p }
            let offered = group.reduce(0.0) { $0 + syncs($1) }
            let capacity = Double(scenario.servers[p].syncWorkers) / scenario.meanSessionService(server: p)
            let keep = mine.filter { scenario.wantsPermanentSlot(scenario.classes[$0]) }.reduce(0.0) {
                $0 + keepOnline($1)
            }
            let nodes = Double(
                scenario.gateways.filter { scenario.serverIndex($0.server) == s }.count
                    + scenario.sites.filter { scenario.serverIndex($0.server) == s }.count)
            let devices = mine.reduce(0) { $0 + scenario.classes[$1].devices }
            lines.append(
                "  server \(server.name): \(devices) devices; syncs \(fmt(offered))/s offered vs \(fmt(capacity))/s\(p == s ? "" : " on \(scenario.servers[p].name)") (utilization \(fmt(offered / capacity))); permanent connections \(fmt(keep + nodes)) wanted (\(Int(nodes)) by gateways and relays) of \(server.permanentConnectionCap)"
            )
            if p == s, offered / capacity >= 1 {
                warnings.append(
                    "server \(server.name) is overloaded: \(fmt(offered)) syncs/s offered, capacity \(fmt(capacity)) syncs/s"
                )
            }
            if keep + nodes > Double(server.permanentConnectionCap) {
                warnings.append(
                    "server \(server.name): \(fmt(keep + nodes)) permanent connections wanted on average; the cap is \(server.permanentConnectionCap): some will be refused"
                )
            }
        }
        for g in scenario.gateways {
            let mine = classes.filter { scenario.classes[$0].gateway == g.name }
            let s = scenario.serverIndex(g.server) ?? 0
            let p = scenario.physicalIndex(of: s)
            let held = mine.reduce(0.0) { $0 + keepOnline($1) }
            // Little's law: sessions in progress = syncs/s x (way to the server and back + service).
            let sessions =
                mine.reduce(0.0) { $0 + syncs($1) } * (g.serverRtt.mean + scenario.meanSessionService(server: p))
            let devices = mine.reduce(0) { $0 + scenario.classes[$1].devices }
            lines.append(
                "  gateway \(g.name) → \(scenario.servers[s].name): \(devices) devices; \(fmt(held + sessions)) connections at once on average (\(fmt(held)) held, \(fmt(sessions)) sessions) of \(g.capacity)"
            )
            if held + sessions > Double(g.capacity) {
                warnings.append(
                    "gateway \(g.name): \(fmt(held + sessions)) connections at once on average; its capacity is \(g.capacity): connections will be refused"
                )
            }
        }
        for site in scenario.sites {
            let mine = classes.filter { scenario.classes[$0].site == site.name }
            let s = scenario.serverIndex(site.server) ?? 0
            let burst = mine.reduce(0.0) { $0 + online($1) } / site.wakeSendRate
            lines.append(
                "  relay of site \(site.name) → \(scenario.servers[s].name): \(mine.reduce(0) { $0 + scenario.classes[$1].devices }) devices; \(fmt(burst)) s to wake every online device"
            )
        }
        return (lines, warnings)
    }
}
