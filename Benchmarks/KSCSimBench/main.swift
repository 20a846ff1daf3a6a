import Foundation
import Glibc
import KSCEngine
import KSCModel
import KSCScenario

// kscsim-bench: the workloads behind `make bench`. Each call measures one workload in
// a process of its own, so that its peak RSS is its own, and prints one line:
//   engine DEVICES QUEUE -> devices events seconds events_per_s base_rss_kib peak_rss_kib checksum
//   model SCENARIO [key.path=value ...]
//                        -> devices events seconds events_per_s base_rss_kib peak_rss_kib syncs
//   adversarial SHAPE PENDING OPERATIONS QUEUE -> shape queue events seconds checksum
#if canImport(Glibc)
#endif

func maxRSSKiB() -> Int {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    let line = "kscsim-bench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

let args = CommandLine.arguments.dropFirst()
guard let workload = args.first else {
    fail(
        "usage: kscsim-bench engine DEVICES [binary|quaternary|calendar|ladder] [HORIZON_S] | model SCENARIO.yaml [key.path=value ...]"
    )
}
switch workload {
case "engine":
    let rest = Array(args.dropFirst())
    guard let devices = rest.first.flatMap({ Int($0) }), devices > 0 else {
        fail("engine: DEVICES must be a positive integer")
    }
    let queue = rest.count > 1 ? rest[1] : "quaternary"
    let horizon = rest.count > 2 ? (Double(rest[2]) ?? 86400) : 86400
    let base = maxRSSKiB()
    let start = monotonicSeconds()
    let events: UInt64
    let checksum: UInt64
    switch queue {
    case "binary":
        (events, checksum) = try PeriodicSyncWorkload.run(
            BinaryHeap<UInt32>.self, devices: devices, horizon: horizon, seed: 1)
    case "quaternary":
        (events, checksum) = try PeriodicSyncWorkload.run(
            QuaternaryHeap<UInt32>.self, devices: devices, horizon: horizon, seed: 1)
    case "calendar":
        (events, checksum) = try PeriodicSyncWorkload.run(
            CalendarQueue<UInt32>.self, devices: devices, horizon: horizon, seed: 1)
    case "ladder":
        (events, checksum) = try PeriodicSyncWorkload.run(
            LadderQueue<UInt32>.self, devices: devices, horizon: horizon, seed: 1)
    default: fail("engine: queue must be binary, quaternary, calendar or ladder (got \(queue))")
    }
    let seconds = monotonicSeconds() - start
    let hex = String(checksum, radix: 16)
    print(
        devices, events, String(format6(seconds)), Int(Double(events) / seconds), base, maxRSSKiB(),
        String(repeating: "0", count: 16 - hex.count) + hex)
case "model":
    guard let path = args.dropFirst().first else { fail("model: give a scenario file") }
    let base = maxRSSKiB()
    // KSCSIM_QUEUE=binary or calendar runs the model on that queue (default: the ladder queue, the model's).
    let name = ProcessInfo.processInfo.environment["KSCSIM_QUEUE"] ?? "ladder"
    guard let queue = FutureEventSetChoice(rawValue: name) else {
        fail(
            "KSCSIM_QUEUE must be \(FutureEventSetChoice.allCases.map(\.rawValue).joined(separator: ", ")) (got \(name))"
        )
    }
    let scenario = try Scenario.load(path: path, overrides: Array(args.dropFirst(2)))
    let start = monotonicSeconds()
    let result = try scenario.runReplication(1, queue: queue)
    let seconds = monotonicSeconds() - start
    let events = result.summary.events
    print(
        scenario.deviceCount, events, format6(seconds), Int(Double(events) / seconds), base, maxRSSKiB(),
        result.summary.syncs)
case "adversarial":
    // adversarial SHAPE PENDING OPERATIONS QUEUE -> shape queue events seconds checksum
    let rest = Array(args.dropFirst())
    guard rest.count == 4, let shape = AdversarialWorkload.Shape(rawValue: rest[0]),
        let pending = Int(rest[1]), pending > 0, let operations = Int(rest[2]), operations > 0
    else {
        fail(
            "adversarial: give SHAPE (\(AdversarialWorkload.Shape.allCases.map(\.rawValue).joined(separator: ", "))) PENDING OPERATIONS binary|calendar|ladder"
        )
    }
    let start = monotonicSeconds()
    let events: UInt64
    let checksum: UInt64
    switch rest[3] {
    case "binary":
        (events, checksum) = AdversarialWorkload.run(
            BinaryHeap<UInt32>.self, shape: shape, pending: pending, operations: operations)
    case "calendar":
        (events, checksum) = AdversarialWorkload.run(
            CalendarQueue<UInt32>.self, shape: shape, pending: pending, operations: operations)
    case "ladder":
        (events, checksum) = AdversarialWorkload.run(
            LadderQueue<UInt32>.self, shape: shape, pending: pending, operations: operations)
    default: fail("adversarial: queue must be binary, calendar or ladder (got \(rest[3]))")
    }
    print(shape.rawValue, rest[3], events, format6(monotonicSeconds() - start), String(checksum, radix: 16))
default:
    fail("unknown workload \"\(workload)\"; allowed: engine, model, adversarial")
}

func format6(_ x: Double) -> String {
    let scaled = (x * 1e6).rounded() / 1e6
    return "\(scaled)"
}
