import KSCModel
import KSCRecords
import KSCScenario

extension TheoryCheck {
    /// Mean time a download spent on the links: completion less delivery, over the same pairs
    /// (every pair finishes before the horizon in these checks).
    static func meanDownload(_ s: SummaryRecord, _ sc: Scenario) -> Double {
        s.uncompletedShare == 0 ? s.completionMean - s.latencyMean : .nan
    }

    /// One uplink shared by downloads starting at independent uniform times over a window
    /// (a Poisson process given its count): the M/G/1 processor-sharing queue, whose mean
    /// sojourn is x / (C (1 − ρ)).
    public static let psLink = TheoryCheck(
        name: "ps-link",
        claim:
            "one uplink, downloads of 1MB starting uniformly over 20000s (λ = 1/s), C = 2MB/s: mean download = x / (C (1 − ρ)) = 1s (M/D/1-PS)",
        yaml: """
            name: check-ps-link
            horizon: 7h
            server: {uplink: 16Mbit/s, syncWorkers: 1000, syncService: 1ms}
            pushServers: {count: 1, classes: [fleet]}
            classes:
              - {name: fleet, devices: 20000, syncInterval: 1d, rtt: 0s, keepConnection: 1}
            tasks:
              - {name: t, at: [1m], payload: 1MB, randomizedDelay: 20000s}
            """,
        replications: 10,
        metric: meanDownload,
        theory: { sc in psSojourn(sc, meanSize: 1e6, arrivals: 20000 / 20000) })

    /// Processor sharing is insensitive to the size distribution: 90% of 0.5MB and 10% of
    /// 45.5MB (E[x²] / E[x]² = 8.3) give the mean of any sizes of mean 5MB, x / (C (1 − ρ));
    /// first in, first out would give 25.7s.
    public static let psLinkTwoSizes = TheoryCheck(
        name: "ps-link-two-sizes",
        claim:
            "one uplink, downloads of 0.5MB (90%) and 45.5MB (10%), λ = 0.1/s, C = 1MB/s: mean download = E[x] / (C (1 − ρ)) = 10s, whatever the sizes (FIFO: 25.7s)",
        yaml: """
            name: check-ps-link-two-sizes
            horizon: 24h
            server: {uplink: 8Mbit/s, syncWorkers: 1000, syncService: 1ms}
            pushServers: {count: 1, classes: [small, large]}
            classes:
              - {name: small, devices: 7200, syncInterval: 10d, rtt: 0s, keepConnection: 1}
              - {name: large, devices: 800, syncInterval: 10d, rtt: 0s, keepConnection: 1}
            tasks:
              - {name: s, at: [1m], targets: [small], payload: 0.5MB, randomizedDelay: 80000s}
              - {name: l, at: [1m], targets: [large], payload: 45.5MB, randomizedDelay: 80000s}
            """,
        replications: 20,
        metric: meanDownload,
        theory: { sc in psSojourn(sc, meanSize: 5e6, arrivals: 8000 / 80000) })

    /// x / (C (1 − ρ)) on the first server's uplink.
    static func psSojourn(_ sc: Scenario, meanSize: Double, arrivals: Double) -> Double {
        let capacity = sc.server.uplink!
        return meanSize / (capacity * (1 - arrivals * meanSize / capacity))
    }

    /// Max-min fairness on three links and four flows, computed by hand: an uplink of 10MB/s
    /// (L0), a site's WAN link of 4MB/s (L1) and a class's traffic restriction of 1MB/s (L2);
    /// flow A crosses L0, B and D cross L0 and L1, C crosses all three. Progressive filling:
    /// L2 fixes C at 1; L1 then has 3 for B and D, 1.5 each; A takes 6 of L0. With 6MB each,
    /// A ends at 1s, B and D at 4s, C (at 1MB/s throughout) at 6s: a mean of 3.75s.
    public static let maxMinLinks = TheoryCheck(
        name: "max-min-links",
        claim: "three links, four simultaneous 6MB downloads: max-min rates 6, 1.5, 1, 1.5 MB/s, mean download 3.75s",
        yaml: """
            name: check-max-min-links
            horizon: 1h
            server: {uplink: 80Mbit/s, syncWorkers: 100, syncService: 1ms}
            sites:
              - {name: office, wan: 32Mbit/s}
            classes:
              - {name: a, devices: 1, syncInterval: 1d, rtt: 0s, keepConnection: 1}
              - {name: bd, devices: 2, site: office, syncInterval: 1d, rtt: 0s, keepConnection: 1}
              - {name: c, devices: 1, site: office, syncInterval: 1d, rtt: 0s, keepConnection: 1, trafficLimit: 1MB/s}
            tasks:
              - {name: t, at: [1m], payload: 6MB}
            """,
        replications: 3,
        metric: meanDownload,
        theory: { _ in (1 + 4 + 4 + 6) / 4 },
        exact: true)

    /// An update source fetches each launch's payload once from the server, however many of
    /// its devices want it and whenever they come online.
    public static let cacheOncePerSite = TheoryCheck(
        name: "cache-once-per-site",
        claim: "update sources: fetches from the server = launches × sites (3 launches, 2 sites, devices on and off)",
        yaml: """
            name: check-cache-once-per-site
            horizon: 2d
            server: {uplink: 100Mbit/s}
            sites:
              - {name: north, updateSource: true, wan: 20Mbit/s}
              - {name: south, updateSource: true}
            classes:
              - {name: n, devices: 300, site: north, syncInterval: 15m, availability: {type: onoff, on: exponential(mean=4h), off: exponential(mean=2h)}}
              - {name: s, devices: 200, site: south, syncInterval: 15m, availability: {type: onoff, on: exponential(mean=4h), off: exponential(mean=2h)}}
            tasks:
              - {name: t, at: [2h, 10h, 20h], payload: 70MB}
            """,
        replications: 3,
        metric: { s, _ in Double(s.updateSourceFetches) },
        theory: { _ in 6 },
        exact: true)
}
