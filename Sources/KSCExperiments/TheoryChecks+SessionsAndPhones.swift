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
        theory: { sc in erlangCWait(sc, serviceMean: sc.server.heartbeatService.mean) })
}

extension TheoryCheck {
    /// A mobile class on a 6-hour schedule whose syncs power saving postpones: its syncs reach
    /// the server at T_k + P_k (the schedule does not move), and a task launched at a random
    /// moment waits for the next of them. The mean wait is the residual life of that stationary
    /// process, E[gap²] / (2 E[gap]) with gap = T + P' − P: T/2 + Var(P)/T (not T/2 + E[P]: a
    /// task launched during a postponement still goes with the postponed sync).
    public static let mobileSchedule = TheoryCheck(
        name: "mobile-schedule",
        claim:
            "mobile class: mean latency = T/2 + Var(postponement)/T + service (T = 6h schedule, postponement exponential(mean=40m), service 1ms)",
        yaml: """
            name: check-mobile-schedule
            horizon: 4d
            warmup: 6h
            drain: 12h
            server: {syncWorkers: 1000, syncService: 1ms}
            classes:
              - {name: phones, kind: mobile, devices: 2000, postponement: exponential(mean=40m), rtt: 0s}
            tasks:
              - {name: t, every: 7h, start: 30m}
            """,
        replications: 10,
        metric: { s, _ in s.latencyMean },
        theory: { sc in
            let t = sc.classes[0].syncInterval.mean
            return t / 2 + sc.classes[0].postponement.variance / t + sc.server.syncService.mean
        })
}

extension TheoryCheck {
    /// The YAML of the M/H2/1 check: 1,000 classes of one device each, syncing every
    /// exponential(1000 s), each with its own Poisson task (3.6 an hour), so that whether a
    /// session carries a task depends on its own device only.
    static let mh21YAML: String = {
        var text = """
            name: check-m-h2-1
            horizon: 12h
            warmup: 1h
            server: {syncWorkers: 1, sessionCost: by-kind, heartbeatService: exponential(mean=200ms), fullSyncService: exponential(mean=1s), backlog: 1000000}
            classes:

            """
        for k in 0..<1000 { text += "  - {name: c\(k), devices: 1, syncInterval: exponential(mean=1000s), rtt: 0s}\n" }
        text += "tasks:\n"
        for k in 0..<1000 { text += "  - {name: t\(k), rate: 3.6/h, targets: [c\(k)]}\n" }
        return text
    }()

    /// Heartbeats and full syncs on one worker: M/H2/1. A session is full when its device's own
    /// Poisson task (rate r) came since its last sync, an exponential interval of mean I ago:
    /// p = rI / (1 + rI) = 1/2; the service is exponential(f) with probability p, else
    /// exponential(h); Pollaczek–Khinchine gives Wq = λ E[S²] / (2 (1 − ρ)) with
    /// E[S²] = 2 (p f² + (1 − p) h²). The types of different devices are independent, so the
    /// service times are (very nearly) independent of each other and of the arrivals.
    public static let mh21 = TheoryCheck(
        name: "m-h2-1",
        claim:
            "by-kind, one worker: mean sync wait = Pollaczek-Khinchine with the heartbeat/full-sync mix (p = 1/2, 200ms / 1s exponential, rho = 0.6)",
        yaml: mh21YAML,
        replications: 10,
        metric: { s, _ in s.syncWaitMean },
        theory: { sc in
            let lambda = Double(sc.classes.count) / sc.classes[0].syncInterval.mean
            let rI = 3.6 / 3600 * sc.classes[0].syncInterval.mean
            let p = rI / (1 + rI)
            let (h, f) = (sc.server.heartbeatService.mean, sc.server.fullSyncService.mean)
            let mean = p * f + (1 - p) * h
            let second = 2 * (p * f * f + (1 - p) * h * h)
            return lambda * second / (2 * (1 - lambda * mean))
        })
}
