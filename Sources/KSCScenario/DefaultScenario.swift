import KSCRandom
import KSCSupport

extension Scenario {
    /// The text of Models/default.yaml, embedded so that `kscsim run` works anywhere
    /// (a test checks that the two stay identical).
    public static let defaultYAML = """
        # The default kscsim scenario (also embedded in the kscsim command: `kscsim run` with
        # no file runs it). One Administration Server over the Internet; hourly tasks for a week.
        name: default
        question: "How fast do hourly tasks reach a fleet of office PCs and remote laptops over the Internet, with 300 permanent connections and wake packets to part of the fleet?"
        horizon: 8d           # Monday to the next Tuesday 00:00
        warmup: 1d            # the first day (a Monday) brings every agent into its routine
        drain: 3d             # tasks launch until Saturday 00:00; the rest lets every pair arrive
        seed: 1
        replications: 1
        server:
          syncWorkers: 16
          syncService: lognormal(mean=200ms, sd=100ms)
          backlog: 5000
          permanentConnectionCap: 300
        classes:
          - name: office            # desktops in offices, on during working hours
            devices: 1000
            syncInterval: 15m
            availability: {type: weekly, days: mon-fri, start: "08:00", startSpread: 90m, end: "18:00", endSpread: 60m}
            wakeReachable: 0.9
          - name: remote            # laptops at home or on the road, behind NAT
            devices: 2000
            syncInterval: 15m
            availability: {type: onoff, on: exponential(mean=8h), off: exponential(mean=4h)}
            keepConnection: 0.25    # 500 devices ask for one of the 300 permanent connections
            wakeReachable: 0.1
            abruptOff: 0.3
          - name: servers           # always-on servers, all with Keep connection
            devices: 50
            syncInterval: 15m
            keepConnection: 1
            wakeReachable: 1
        tasks:
          - name: hourly
            every: 1h
            targets: all

        """

    /// The default scenario (Models/default.yaml), with `overrides` applied.
    public static func defaultScenario(overrides: [String] = []) throws -> Scenario {
        try defaultDocument(overrides: overrides).scenario()
    }

    /// The default scenario's document (Models/default.yaml), with `overrides` applied.
    public static func defaultDocument(overrides: [String] = []) throws -> ScenarioDocument {
        try ScenarioDocument.parse(
            yaml: defaultYAML, origin: "Models/default.yaml (embedded)", baseDirectory: nil, overrides: overrides)
    }
}
