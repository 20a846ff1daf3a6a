import KSCRandom

/// A hardware tier of the KSC sizing guide: the devices it is rated for and its cores.
public enum ServerSize: String, Sendable, CaseIterable {
    /// No tier: `syncWorkers` and `syncService` as given (or their defaults).
    case custom
    /// 50,000 devices, the server on 4 cores with the DBMS on another device.
    case separateDBMS50k = "50k-separate-dbms"
    /// 50,000 devices, the server and the DBMS on one device of 8 cores.
    case sharedDBMS50k = "50k-shared-dbms"
    /// 100,000 devices, the server on 8 cores with the DBMS on another device.
    case separateDBMS100k = "100k-separate-dbms"

    /// Devices the tier is rated for, and the cores the server has for itself (KSC sizing guide;
    /// a shared DBMS takes half of the 8 cores).
    public var rated: (devices: Int, cores: Int)? {
        switch self {
        case .custom: return nil
        case .separateDBMS50k: return (50_000, 4)
        case .sharedDBMS50k: return (50_000, 4)
        case .separateDBMS100k: return (100_000, 8)
        }
    }

    /// The tier's assumed sync workers and service time: two workers a core, and the rated
    /// devices syncing every 15 minutes (the documented default) keep them half busy; the
    /// service time log-normal with sd half its mean, as the default's.
    public var assumed: (workers: Int, service: Distribution)? {
        guard let rated else { return nil }
        let workers = 2 * rated.cores
        let capacity = 2 * Double(rated.devices) / 900
        let mean = Double(workers) / capacity
        return (workers, .lognormalChecked(mean: mean, sd: mean / 2))
    }
}

/// How the server's time per session is drawn.
public enum SessionCost: String, Sendable, CaseIterable {
    /// Every session draws `syncService`, whatever it carries.
    case single
    /// A heartbeat (nothing new for the device since its last sync) draws `heartbeatService`,
    /// a full sync (it carries a task) `fullSyncService`; a woken session's draw is multiplied
    /// by `forcedSyncFactor`.
    case byKind = "by-kind"
}
