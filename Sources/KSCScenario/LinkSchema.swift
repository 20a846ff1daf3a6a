import KSCSupport

// The keys of bytes on the wire that belong to other sections: link rates of the server,
// gateways, sites and classes, and the payload of a task. Each is written only when set, so
// that the resolved files of scenarios without bytes stay as they were.

extension ServerConfig {
    static let linkKeys: [KeySpec<ServerConfig>] = [
        .rate(
            "uplink", \.uplink,
            doc:
                "the server's Internet uplink, towards devices: task payloads sent from it share it; sync bytes are counted on it, not limited"
        )
    ]
}

extension GatewayConfig {
    static let linkKeys: [KeySpec<GatewayConfig>] = [
        .rate("bandwidth", \.bandwidth, doc: "what the gateway carries towards devices: payloads through it share it")
    ]
}

extension SiteConfig {
    static let linkKeys: [KeySpec<SiteConfig>] = [
        .rate(
            "wan", \.wan,
            doc:
                "the office's Internet link, inbound: payloads from the server to its devices and its distribution point's fetches share it"
        ),
        KeySpec(
            "updateSource", unit: "`true` or `false`",
            doc:
                "the site's distribution point is its devices' update source: it fetches each payload once from the server and serves the site (KSC documentation)",
            shownDefault: "`false`",
            read: { r, s in
                guard let text = try r.text("updateSource") else { return }
                guard let value = Bool(text) else { throw r.error("updateSource", "\"\(text)\" must be true or false") }
                s.updateSource = value
            }, write: { $0.updateSource ? [YAMLEntry("updateSource", .plain("true"))] : [] }),
        .rate(
            "pointBandwidth", \.pointBandwidth,
            doc: "what the distribution point serves on the office network, shared by the site's downloads from it"),
    ]
}

extension DeviceClass {
    static let linkKeys: [KeySpec<DeviceClass>] = [
        KeySpec(
            "accessLink", unit: "rate, or `{RATE: share, …}`",
            doc:
                "each device's own link, inbound (home broadband, LTE, office): one rate, or rates with the share of the class's devices that have each",
            shownDefault: "unlimited",
            read: { r, s in
                if let link = try AccessLink.read(r, "accessLink") { s.accessLink = link }
            }, write: { $0.accessLink.map { [YAMLEntry("accessLink", $0.yaml)] } ?? [] }),
        .rate(
            "trafficLimit", \.trafficLimit,
            doc:
                "KSC traffic restriction for the class's devices: the payloads the server sends them together, at most this rate; syncs are counted, not limited (KSC documentation)"
        ),
        KeySpec(
            "trafficLimitHours", unit: "`HH:MM-HH:MM`",
            doc: "hours of the day `trafficLimit` applies (unset: all day; KSC documentation)", shownDefault: "all day",
            read: { r, s in
                if let hours = try DailyHours.read(r, "trafficLimitHours") {
                    guard r.has("trafficLimit") || s.trafficLimit != nil else {
                        throw r.error("trafficLimitHours", "goes with trafficLimit")
                    }
                    s.trafficLimitHours = hours
                }
            }, write: { $0.trafficLimitHours.map { [YAMLEntry("trafficLimitHours", .string($0.text))] } ?? [] }),
    ]
}

extension TaskSpec {
    static let payloadKeys: [KeySpec<TaskSpec>] = [
        .size(
            "payload", \.payload,
            doc:
                "bytes each device downloads when the task starts on it (KSC documentation: 4.47MB after a database update, 70MB Network Agent, 259MB Kaspersky Endpoint Security)"
        ),
        .size(
            "payloadUp", \.payloadUp,
            doc:
                "bytes each device sends back for the task, counted on its links when the download ends, not shared (KSC documentation: 7.8MB for Kaspersky Endpoint Security)"
        ),
        KeySpec(
            "resume", unit: "`continue` or `restart`",
            doc:
                "a download cut off by its device going offline resumes where it stopped or starts over when the device returns (assumption: HTTP range requests resume)",
            shownDefault: "`continue`",
            read: { r, s in
                guard let text = try r.text("resume") else { return }
                guard let value = DownloadResume(rawValue: text) else {
                    throw r.error("resume", "\"\(text)\" must be continue or restart")
                }
                s.resume = value
            }, write: { $0.payload > 0 ? [YAMLEntry("resume", .plain($0.resume.rawValue))] : [] }),
    ]
}

extension Scenario {
    /// Whether a task carries a payload or a link has a rate: then downloads run over links and
    /// the run writes its link figures.
    public var usesLinks: Bool {
        tasks.contains { $0.payload > 0 } || servers.contains { $0.uplink != nil }
            || gateways.contains { $0.bandwidth != nil }
            || sites.contains { $0.wan != nil || $0.updateSource || $0.pointBandwidth != nil }
            || classes.contains { $0.accessLink != nil || $0.trafficLimit != nil }
    }
}
