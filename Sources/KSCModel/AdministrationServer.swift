import KSCRandom
import KSCScenario

/// Everything that belongs to one Administration Server: its sync service, the
/// connections it holds (and those of its push servers), its wake sender and its
/// outages. Several servers would be an array of this value.
struct AdministrationServer {
    let config: ServerConfig
    var sessions: SyncService
    var held: HeldConnections
    var wake: WakeSender
    var outages: OutageState

    /// - Throws: `GSLError` when a random stream cannot be allocated.
    init(config: ServerConfig, pushServers: PushServerConfig, streams: StreamSet) throws {
        self.config = config
        sessions = try SyncService(config: config, streams: streams)
        held = try HeldConnections(config: config, pushServers: pushServers, streams: streams)
        wake = WakeSender(sendRate: config.wakeSendRate)
        outages = OutageState()
    }
}
