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

    public init(_ scenario: Scenario, timeseriesStep: Double? = nil) {
        var events = 0.0
        var launchedPairs = 0.0
        var launchRecords = 0.0
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
            events += launches
        }
        events += launchedPairs * 2  // a wake packet and its arrival, at most
        if let step = timeseriesStep { events += horizon / step }
        self.events = events
        let cells = Double((scenario.classes.count + 1) * (DeliveryPath.allCases.count + 1))
        bytes =
            Double(scenario.deviceCount) * RunEstimate.bytesPerDevice + cells * RunEstimate.bytesPerSketch
            + launchRecords * 24 + 64 * 1_048_576
    }

    /// The memory this machine has, bytes.
    public static var machineBytes: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// The refusal when the run cannot fit in 80 % of this machine's memory, else nil.
    public func refusal(machineBytes: Double = RunEstimate.machineBytes) -> String? {
        guard bytes > 0.8 * machineBytes else { return nil }
        let gib = { (b: Double) in String(format: "%.1f GiB", b / 1_073_741_824) }
        return
            "this scenario needs about \(gib(bytes)) of memory and this machine has \(gib(machineBytes)); run fewer devices (each takes about \(Int(RunEstimate.bytesPerDevice)) bytes) or fewer classes, or use a larger machine"
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
