import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics

extension TheoryCheck {
    /// `sessionCost: by-kind` with no task: every session is a heartbeat, so the server is
    /// M/M/c with the heartbeat's exponential time, whatever the full sync costs.
    public static let erlangCHeartbeats = TheoryCheck(
        name: "erlang-c-heartbeats",
        claim:
            "by-kind, no task: mean sync wait = Erlang C Wq with the heartbeat's mean (k = 8, heartbeats exponential(mean=500ms), full syncs 5s, never drawn)",
        yaml: """
            name: check-erlang-c-heartbeats
            horizon: 4h
            warmup: 30m
            server: {syncWorkers: 8, sessionCost: by-kind, heartbeatService: exponential(mean=500ms), fullSyncService: 5s, backlog: 100000}
            classes:
              - {name: fleet, devices: 10000, syncInterval: exponential(mean=15m), rtt: 0s}
            """,
        replications: 10,
        metric: { s, _ in s.syncWaitMean },
        theory: { sc in
            let lambda = Double(sc.classes[0].devices) / sc.classes[0].syncInterval.mean
            return QueueingTheory.mmcMeanWait(
                servers: sc.server.syncWorkers, arrivalRate: lambda,
                serviceRate: 1 / sc.server.heartbeatService.mean)
        })
}
