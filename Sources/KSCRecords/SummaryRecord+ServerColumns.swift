import KSCSupport

extension SummaryRecord {
    /// The columns of the permanent connections, push servers, sync service, refusals,
    /// saturation, wake packets and events.
    static let serverColumns: [Column<SummaryRecord>] = [
        .number(
            "perm_wanting_mean", \.permWantingMean, unit: "devices",
            doc: "online devices that want a permanent connection (Keep connection, no push server), time-weighted mean"
        ),
        .number(
            "perm_without_mean", \.permWithoutMean, unit: "devices",
            doc: "of those, devices holding none, time-weighted mean"),
        .number(
            "perm_without_share", \.permWithoutShare, unit: "share 0–1",
            doc: "perm_without_mean / perm_wanting_mean: share of their online time without a permanent connection"),
        .int(
            "perm_requests", \.permRequests,
            doc: "requests for a permanent connection (a refused device asks again at each sync)"),
        .int("perm_requests_refused", \.permRequestsRefused, doc: "requests refused at the cap"),
        .number(
            "perm_request_refused_share", \.permRequestRefusedShare, unit: "share 0–1",
            doc: "perm_requests_refused / perm_requests (per request, not per device)"),
        .number(
            "perm_in_use_mean", \.permInUseMean, unit: "connections",
            doc: "permanent connections held, time-weighted mean"),
        .number("perm_in_use_max", \.permInUseMax, unit: "connections", doc: "permanent connections held, maximum"),
        .int("push_requests", \.pushRequests, doc: "requests for a push-server connection"),
        .int(
            "push_requests_refused", \.pushRequestsRefused, doc: "requests refused because every push server was full"),
        .number(
            "push_in_use_mean", \.pushInUseMean, unit: "connections",
            doc: "push-server connections held, time-weighted mean"),
        .number("push_in_use_max", \.pushInUseMax, unit: "connections", doc: "push-server connections held, maximum"),
        .int("syncs", \.syncs, doc: "sync sessions completed"),
        .int(
            "real_syncs", \.realSyncs,
            doc:
                "sync sessions completed that delivered a task: the server's \"real\" syncs (the rest of `syncs` were heartbeats with nothing new); the full syncs of `sessionCost: by-kind`"
        ),
        .int(
            "heartbeats_received", \.heartbeatsReceived,
            doc:
                "sync connections that reached a server (first tries and retries), as the server counts heartbeats received; the same count as `server_arrivals`"
        ),
        .int(
            "heartbeats_rejected", \.heartbeatsRejected,
            doc:
                "of heartbeats_received, those refused for lack of resources: the backlog full, or the agent gave up waiting (refused_backlog_full + refused_connect_timeout)"
        ),
        .number(
            "sync_bytes_in", \.syncBytesIn, unit: "bytes",
            doc:
                "bytes devices sent to the servers in completed sync sessions, each by its kind (`traffic`: heartbeat, full sync, forced sync)"
        ),
        .number(
            "sync_bytes_out", \.syncBytesOut, unit: "bytes",
            doc: "bytes the servers sent to devices in completed sync sessions: the servers' egress for syncs"),
        .number(
            "egress_gb_per_day", \.egressGBPerDay, unit: "GB/day",
            doc:
                "(sync_bytes_out + payload_bytes_out) over the time after the warm-up, per day, in GB (10^9 bytes): what a cloud bills per day for the servers' egress"
        ),
        .number(
            "egress_gb_per_30d", \.egressGBPer30d, unit: "GB/30 days", doc: "egress_gb_per_day × 30"),
        .number(
            "sync_wait_mean_s", \.syncWaitMean, unit: "s",
            doc: "mean wait of a sync session for a worker (sessions that started service)"),
        .number(
            "sync_wait_p99_s", \.syncWaitP99, unit: "s", doc: "99th percentile wait of a sync session for a worker"),
        .int(
            "queue_length_max", \.queueLengthMax, unit: "sessions",
            doc: "largest number of sync sessions waiting for a worker at once"),
        .number(
            "server_utilization", \.serverUtilization, unit: "share 0–1",
            doc: "time-weighted mean busy workers / syncWorkers"),
        .number(
            "utilization_peak_15m", \.utilizationPeak15m, unit: "share 0–1",
            doc:
                "the highest utilization over 15 consecutive minutes after the warm-up, of any server or gateway (nodes.csv has each node's)"
        ),
        .number(
            "time_saturated_share", \.timeSaturatedShare, unit: "share 0–1",
            doc:
                "the largest share of time, over servers and gateways, spent at or above 95% utilization (1-minute windows after the warm-up); empty when the run is shorter than one window"
        ),
        .int(
            "saturated", \.saturated, unit: "0 or 1",
            doc:
                "1 when time_saturated_share > saturationLimit: the system described was overloaded, and its other figures describe an overloaded system"
        ),
        .int(
            "connections_refused", \.connectionsRefused,
            doc:
                "sync connections refused, first tries and retries: the sum of the four `refused_*` causes below (held-connection requests refused are `perm_requests_refused` and `push_requests_refused`)"
        ),
        .int(
            "server_arrivals", \.serverArrivals,
            doc:
                "sync connections that reached a server (first tries and retries): the denominator of the server causes"
        ),
        .int(
            "refused_server_down", \.refusedServerDown,
            doc:
                "refused because the server was in an outage: on arrival, waiting in the backlog when it started, or in service across its start"
        ),
        .number(
            "refused_server_down_share", \.refusedServerDownShare, unit: "share 0–1",
            doc: "refused_server_down / server_arrivals (empty when none arrived)"),
        .int(
            "refused_backlog_full", \.refusedBacklogFull, doc: "refused on arrival: every worker busy, the backlog full"
        ),
        .number(
            "refused_backlog_full_share", \.refusedBacklogFullShare, unit: "share 0–1",
            doc: "refused_backlog_full / server_arrivals (empty when none arrived)"),
        .int(
            "gateway_arrivals", \.gatewayArrivals,
            doc: "sync connections that reached a connection gateway (first tries and retries)"),
        .int(
            "refused_gateway", \.refusedGateway,
            doc:
                "refused by a gateway that was full, down or cut off from its server, or cut off while they were in flight"
        ),
        .number(
            "refused_gateway_share", \.refusedGatewayShare, unit: "share 0–1",
            doc: "refused_gateway / gateway_arrivals (empty without gateways)"),
        .int(
            "sessions_queued", \.sessionsQueued,
            doc: "sync sessions that found every worker busy and waited in the backlog"),
        .int(
            "refused_connect_timeout", \.refusedConnectTimeout,
            doc: "sessions that waited in the backlog longer than `connectTimeout` and gave up (0 when it is 0)"),
        .number(
            "refused_connect_timeout_share", \.refusedConnectTimeoutShare, unit: "share 0–1",
            doc: "refused_connect_timeout / sessions_queued (empty when none waited)"),
        .number(
            "push_request_refused_share", \.pushRequestRefusedShare, unit: "share 0–1",
            doc: "push_requests_refused / push_requests (empty without push-server requests)"),
        .int("wake_sent", \.wakeSent, doc: "UDP 15000 packets sent"),
        .int("wake_lost", \.wakeLost, doc: "packets to online devices that did not arrive (loss or unreachable)"),
        .int("wake_to_offline", \.wakeToOffline, doc: "packets sent to devices that were actually off"),
        .int(
            "push_lost", \.pushLost,
            doc:
                "(task, device) pairs pushed, at launch, over a held connection whose device had gone off abruptly (the server still counts it held until deadConnectionTimeout): the push is lost and the task waits for the device's next sync; out of `pairs`"
        ),
        .int(
            "fcm_sent", \.fcmSent,
            doc: "FCM pushes FCM accepted, one per (task, Android phone with `fcm`) pair at launch (0 without FCM)"),
        .int(
            "fcm_refused", \.fcmRefused,
            doc: "push requests FCM refused while down (availability or outage); the task waits for a sync"),
        .int("fcm_lost", \.fcmLost, doc: "accepted pushes FCM lost (`fcm.loss`); out of fcm_sent"),
        .int(
            "fcm_expired", \.fcmExpired,
            doc:
                "accepted pushes dropped at their time to live, the phone being off or FCM down until then; out of fcm_sent"
        ),
        .number(
            "status_stale_mean_s", \.statusStaleMean, unit: "s",
            doc:
                "mean time from a device going off (after the warm-up) to the server marking it off, or to its return if sooner"
        ),
        .uint(
            "events", \.events,
            doc:
                "model events the engine handled (warm-up included; time-series samples are not counted): a periodic sync is two, its arrival and the end of its session (one when sessions take no time), more through a gateway"
        ),
    ]
}
