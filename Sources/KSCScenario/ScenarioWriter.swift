import KSCSupport

extension Scenario {
    /// The scenario with every default filled in, as YAML that `Scenario.parse` reads
    /// back to an equal scenario; records the kscsim version.
    public var resolvedYAML: String {
        "# Resolved by kscsim \(KSCSimVersion.current): every default filled in.\n" + YAMLValue.lines(Scenario.schema.entries(of: self))
    }

    /// The README tables of every section's keys, by section.
    public static var keyTables: [(section: String, table: String)] {
        [("top", schema.markdownTable), ("server", ServerConfig.schema.markdownTable),
         ("pushServers", PushServerConfig.schema.markdownTable), ("classes", DeviceClass.schema.markdownTable),
         ("tasks", TaskSpec.schema.markdownTable)]
    }
}
