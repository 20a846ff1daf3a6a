import KSCRecords

/// The events of the connectivity model, grouped by the mechanism that handles them.
/// Device and token fields identify the device and the online period, sync or held
/// connection the event belongs to; an event whose token no longer matches the device
/// is stale and ignored (see `Device` for the tokens).
enum ModelEvent {
    // Availability (Mechanisms/Availability.swift)
    /// The device goes online or offline (whichever it is not).
    case availability(device: UInt32, epoch: UInt32)
    /// A mobile device starts or ends a trip (Mechanisms/Roaming.swift).
    case roaming(device: UInt32)
    // Sync sessions (Mechanisms/SyncSessions.swift; the first leg per Components/Route.swift)
    /// The agent's periodic sync timer fires (devices behind a gateway).
    case syncTimer(device: UInt32, epoch: UInt32)
    /// The connection of the sync that armed timer `seq` started reaches the server
    /// (Mechanisms/SyncTimer.swift: the timer itself needs no event).
    case timedArrival(device: UInt32, seq: UInt32)
    /// The sync connection reaches the server (or retries after a refusal).
    case syncArrival(device: UInt32, token: UInt32)
    /// The server finishes processing the sync session.
    case serviceDone(device: UInt32, token: UInt32)
    /// A session queued in the backlog reaches its `connectTimeout`.
    case connectTimeout(device: UInt32, token: UInt32)
    // Wake packets (Mechanisms/WakeSender.swift)
    /// Server `server` sends its next UDP 15000 packet.
    case wakeSend(server: UInt32)
    /// A wake packet reaches the device.
    case wakeArrival(device: UInt32, epoch: UInt32)
    // FCM forced sync (Mechanisms/ForcedSync.swift)
    /// A push about task index `index` of the device's class is due at the phone.
    case fcmArrival(device: UInt32, index: UInt32)
    /// FCM's availability changes (`value`: its epoch), an outage starts (`value`: its index)
    /// or ends (`FCMChange`).
    case fcmState(change: UInt32, value: UInt32)
    // Task delivery (Mechanisms/TaskDelivery.swift)
    /// A task is launched.
    case taskLaunch(task: UInt32)
    // Held connections (Mechanisms/HeldConnections.swift)
    /// The server notices a silently dropped connection and frees its slot.
    case release(device: UInt32, token: UInt32)
    // Outages (Mechanisms/Outages.swift): of the physical server `server` and its virtual ones.
    case outageStart(server: UInt32, index: UInt32)
    case outageEnd(server: UInt32)
    // Connection gateways (Mechanisms/Gateways.swift)
    /// A device's connection reaches its gateway (or retries there after a refusal).
    case gatewayArrival(device: UInt32, token: UInt32)
    /// The gateway goes up or down with its availability.
    case gatewayAvailability(gateway: UInt32, epoch: UInt32)
    /// An outage of the gateway starts (`index` into its outages) or ends.
    case gatewayOutage(gateway: UInt32, index: UInt32)
    case gatewayOutageEnd(gateway: UInt32)
    /// The gateway (re)opens its connection to the server.
    case gatewayConnect(gateway: UInt32)
    // Relaying distribution points of sites (Mechanisms/Relays.swift)
    /// The relay sends its next wake packet.
    case relaySend(site: UInt32)
    /// The relay goes up or down with its availability.
    case relayAvailability(site: UInt32, epoch: UInt32)
    /// The relay (re)opens its permanent connection to the server.
    case relayConnect(site: UInt32)
    // Payload downloads (Mechanisms/Payloads.swift)
    /// A download of the device becomes ready (a randomized delay ended).
    case downloadReady(device: UInt32)
    /// The next flow finishes (`generation`: the links' tag when it was scheduled).
    case transfer(generation: UInt32)
    /// The hours of a class's traffic restriction start or end.
    case limitHours(classIndex: UInt32)
    // Observation (Observation/Observation.swift)
    /// A time-series sample.
    case sample
    /// The end of a 1-minute window of the saturation figures.
    case window
}

/// Priorities of events at the same time: lower runs first.
enum EventPriority {
    /// Outage starts and ends run before anything else at their time.
    static let outage: UInt8 = 0
    /// Every other model event.
    static let normal: UInt8 = 128
    /// Samples run after everything else at their time, so they see its outcome.
    static let sample: UInt8 = 255
}
