import Foundation
import KSCModel
import KSCRecords
import KSCScenario

/// What one replication of a scenario will cost, from its parameters (no simulation):
/// events to handle and memory to hold. `kscsim run` refuses a scenario that cannot fit
/// in this machine's memory and says what would.
public struct RunEstimate: Sendable {
    /// Events the engine will handle, about.
    public let events: Double
    /// Peak memory, bytes, about.
    public let bytes: Double

    /// Bytes per device: its state, its share of the event heap, its class's bookkeeping.
    static let bytesPerDevice = 200.0
    /// Bytes of the latency sketches of one (class or all, path or all) cell.
    static let bytesPerSketch = 400_000.0

    /// Bytes of a queued wake packet: a device and a launch (8 bytes) in a ring that doubles
    /// as it grows and copies itself when it does (measured: 2.39 GB at 72 million queued
    /// pairs, 2,000 devices and a task every 100 ms for 2 hours, release build).
    static let bytesPerQueuedWake = 32.0
    /// Bytes of a time-series sample a sweep run keeps until its file is written (the record
    /// and its line of text).
    static let bytesPerKeptSample = 600.0

    /// - Parameters:
    ///   - timeseriesStep: the sampling step of the run's time series, s.
    ///   - keepsSeries: whether the samples stay in memory until the run ends (a sweep run
    ///     writes them into `runs/<index>.series` then; `kscsim run` streams them to its file).
    public init(_ scenario: Scenario, timeseriesStep: Double? = nil, keepsSeries: Bool = false) {
        var events = 0.0
        var launchedPairs = 0.0
        var launchRecords = 0.0
        // Wake packets every launch queues (to targeted devices that hold no connection and
        // are believed online), and the largest burst of one launch.
        var wakesOffered = 0.0
        var wakeBurst = 0.0
        // A queued wake waits until the sender reaches it; one whose device has synced in the
        // meantime is skipped at once. So the queue holds about the wakes of the launches of one
        // sync interval of the targeted devices.
        var wakesWithinInterval = 0.0
        let horizon = scenario.horizon
        for c in scenario.classes {
            let n = Double(c.devices)
            let (share, starts) = c.availability.longRun
            // A timer, an arrival and a service end per sync; two changes per online period.
            events += n * share * horizon / (c.syncInterval.mean + c.syncJitter.mean) * 3
            events += n * starts * horizon * 2
        }
        for task in scenario.tasks {
            let launches: Double
            switch task.schedule {
            case .at(let times): launches = Double(times.count)
            case .every(let period, _): launches = horizon / period
            case .poisson(let rate): launches = horizon * rate
            }
            let targeted = scenario.classes.filter { task.targets.isEmpty || task.targets.contains($0.name) }
            launchedPairs += launches * Double(targeted.reduce(0) { $0 + $1.devices })
            launchRecords += launches * Double(targeted.count)
            let wakes = targeted.reduce(0.0) { $0 + $1.meanOnline * (1 - $1.keepConnection) }
            wakesOffered += launches * wakes
            wakeBurst = Swift.max(wakeBurst, wakes)
            let interval = targeted.map(\.meanInterval).max() ?? 0
            wakesWithinInterval += wakes * (Swift.min(launches, launches * interval / Swift.max(horizon, 1e-9)) + 1)
            events += launches
        }
        events += launchedPairs * 2  // a wake packet and its arrival, at most
        if let step = timeseriesStep { events += horizon / step }
        self.events = events
        // Pairs waiting for their wake packet: what the send rates cannot send piles up, for
        // about one sync interval (each launch's burst waits at least).
        let sendable = scenario.servers.reduce(0.0) { $0 + $1.wakeSendRate } * horizon
        waitingPairs = Swift.min(
            wakesOffered, Swift.max(wakeBurst, Swift.min(wakesWithinInterval, wakesOffered - sendable)))
        keptSamples = keepsSeries ? timeseriesStep.map { (horizon / $0).rounded(.down) + 1 } ?? 0 : 0
        let cells = Double((scenario.classes.count + 1) * (DeliveryPath.allCases.count + 1))
        bytes =
            Double(scenario.deviceCount) * RunEstimate.bytesPerDevice + cells * RunEstimate.bytesPerSketch
            + launchRecords * 24 + waitingPairs * RunEstimate.bytesPerQueuedWake
            + keptSamples * RunEstimate.bytesPerKeptSample + 64 * 1_048_576
    }

    /// Pairs waiting in wake queues at the peak, about.
    public let waitingPairs: Double
    /// Time-series samples held in memory until the run ends.
    public let keptSamples: Double

    /// The refusal when `runs` replications at once cannot fit in 80 % of the memory this
    /// process may use (`MemoryBudget`), else nil.
    public func refusal(runs: Int = 1, budget: MemoryBudget = .current) -> String? {
        let needed = budget.needed(bytes: bytes, runs: runs)
        guard needed > 0.8 * budget.bytes else { return nil }
        let gib = { (b: Double) in String(format: "%.1f GiB", b / 1_073_741_824) }
        var parts = ["\(Int(RunEstimate.bytesPerDevice)) bytes a device"]
        if waitingPairs * RunEstimate.bytesPerQueuedWake > 0.1 * bytes {
            parts.append(
                "\(String(format: "%.3g", waitingPairs)) (task, device) pairs waiting for their wake packet at \(Int(RunEstimate.bytesPerQueuedWake)) bytes each (launches faster than wakeSendRate can send)"
            )
        }
        if keptSamples * RunEstimate.bytesPerKeptSample > 0.1 * bytes {
            parts.append(
                "\(String(format: "%.3g", keptSamples)) time-series samples at \(Int(RunEstimate.bytesPerKeptSample)) bytes each (a longer timeseries step)"
            )
        }
        let what =
            runs > 1 ? "\(runs) runs at once need about \(gib(needed))" : "this scenario needs about \(gib(needed))"
        return
            "\(what) of memory (\(parts.joined(separator: "; "))) and this process may use \(gib(budget.bytes)), \(budget.source); run fewer devices, fewer or slower launches, or fewer classes, or give it more memory"
    }

    /// A note when the run will take long (over about a minute at 3 million events/s).
    public var note: String? {
        guard events > 180e6 else { return nil }
        let minutes = events / 3e6 / 60
        return String(
            format: "about %.2g events per replication: roughly %.0f minutes each at 3 million events/s", events,
            minutes)
    }
}
