import Foundation
import KSCRandom

/// The limits kscsim enforces on scenarios, so that no input makes a run hang, overflow
/// or exhaust memory without a clear error first (docs/reference/limits.md).
public enum Limits {
    /// The shortest mean of anything that drives events, s: sync interval (+ jitter),
    /// on and off periods, retry delays, task periods, Poisson launch gaps, time-series steps.
    public static let minimumPeriod = 0.001
    /// The most devices in a scenario (all classes).
    public static let maximumDevices = 100_000_000
    /// The largest count of workers, backlog, cap or push-server capacity.
    public static let maximumCount = 1_000_000_000
    /// The fastest wake sender, packets/s.
    public static let maximumWakeSendRate = 1_000_000.0
    /// The most task launches one replication may make (all tasks).
    public static let maximumLaunches = 10_000_000
    /// The most time-series samples one replication may write.
    public static let maximumSamples = 10_000_000
    /// The most device classes (each keeps latency sketches of about 2 MB).
    public static let maximumClasses = 1_000
    /// Servers, gateways and sites, each (the documentation allows 500 secondaries per primary).
    public static let maximumServers = 1_000
    /// The most tasks.
    public static let maximumTasks = 10_000
    /// The scenario's top-level lists and their limits, checked while the file is read.
    static let listLimits = [
        "classes": maximumClasses, "tasks": maximumTasks, "servers": maximumServers, "gateways": maximumServers,
        "sites": maximumServers,
    ]
    /// The most runs in one sweep plan.
    public static let maximumPlanRuns = 1_000_000

    /// "must have a mean of at least 1ms" when `mean` is shorter (or not a number).
    public static func periodProblem(_ mean: Double) -> String? {
        mean >= minimumPeriod && mean.isFinite
            ? nil : "must have a finite mean of at least 1ms (the shortest period kscsim simulates)"
    }

    /// The problem with a distribution of periods: a finite mean of at least 1 ms, and a
    /// median of at least 1 ms (a large mean with almost every draw 0 would repeat an event at
    /// one instant without end).
    public static func periodProblem(_ period: Distribution) -> String? {
        if let problem = periodProblem(period.mean) { return problem }
        let median = period.median
        guard median >= minimumPeriod else {
            // A median below what a double resolves (a gamma of vanishing shape) computes as NaN or 0.
            let shown = median.isFinite && median > 0 ? String(format: "%.2g s", median) : "0 s"
            return
                "has a median of \(shown): at least half of its draws are shorter than 1ms, the shortest period kscsim simulates (the event would repeat at one instant without end); use a distribution whose median is at least 1ms"
        }
        return nil
    }
}
