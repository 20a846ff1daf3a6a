import KSCSupport

extension Scenario {
    /// The scenario with every default filled in, as YAML that `Scenario.parse` reads
    /// back to an equal scenario; records the kscsim version.
    public var resolvedYAML: String {
        "# Resolved by kscsim \(KSCSimVersion.current): every default filled in.\n"
            + YAMLValue.lines(Scenario.schema.entries(of: self))
    }

    /// The reference tables of every section's keys, by section.
    public static var keyTables: [(section: String, table: String)] {
        [
            ("top", schema.markdownTable), ("server", ServerConfig.schema.markdownTable),
            ("servers", SectionSchema(ServerConfig.listOnlyKeys).markdownTable),
            ("pushServers", PushServerConfig.schema.markdownTable), ("fcm", FCMConfig.schema.markdownTable),
            ("traffic", TrafficConfig.schema.markdownTable),
            ("gateways", GatewayConfig.schema.markdownTable),
            ("sites", SiteConfig.schema.markdownTable), ("classes", DeviceClass.schema.markdownTable),
            ("tasks", TaskSpec.schema.markdownTable),
        ]
    }

    /// Every key by section (`top`, `server`, `servers`, `pushServers`, `fcm`, `gateways`, `sites`, `classes`, `tasks`), for reports.
    public static var keyInfo: [String: [String: KeyInfo]] {
        func table<S>(_ schema: SectionSchema<S>) -> [String: KeyInfo] {
            Dictionary(schema.keys.map { ($0.name, $0.info) }, uniquingKeysWith: { a, _ in a })
        }
        return [
            "top": table(schema), "server": table(ServerConfig.schema), "servers": table(ServerConfig.listSchema),
            "pushServers": table(PushServerConfig.schema), "fcm": table(FCMConfig.schema),
            "traffic": table(TrafficConfig.schema),
            "gateways": table(GatewayConfig.schema),
            "sites": table(SiteConfig.schema),
            "classes": table(DeviceClass.schema), "tasks": table(TaskSpec.schema),
        ]
    }
}
