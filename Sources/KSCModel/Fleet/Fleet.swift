import KSCGSL
import KSCRandom
import KSCScenario

/// Every device and class of a run, and how many devices are online.
struct Fleet {
    var classes: [ClassRuntime]
    let devices: DeviceTable
    /// Devices online now.
    var online = 0

    /// The fleet of `scenario`, with Keep connection and UDP 15000 reachability assigned.
    /// - Throws: `GSLError` when a stream cannot be allocated.
    init(scenario: Scenario, streams: StreamSet) throws {
        classes = []
        devices = DeviceTable(classSizes: scenario.classes.map(\.devices))
        var first = 0
        for (c, spec) in scenario.classes.enumerated() {
            let range = first..<(first + spec.devices)
            first += spec.devices
            classes.append(try ClassRuntime(spec: spec, devices: range, scenario: scenario, index: c, streams: streams))
        }
        let assignment = try streams.stream("assignment")
        assignAttributes(assignment)
        for (s, server) in scenario.servers.enumerated() {
            let wanting = devices.indices.filter { wantsPermanent($0) && classes[devices[$0].classID].server == s }
            for d in PermanentSlots.mayAsk(wanting, server: server, assignment) { devices[d].mayKeep = true }
        }
        // Behind a gateway, Keep connection is ticked on the gateway: no server cap applies.
        for d in devices.indices where devices[d].keepConnection && !classes[devices[d].classID].usesPushServer {
            if case .gateway = classes[devices[d].classID].route { devices[d].mayKeep = true }
        }
    }

    /// Whether device `d` wants a permanent connection at its server (Keep connection
    /// ticked, in a class that uses neither push servers nor a gateway).
    @inline(__always)
    func wantsPermanent(_ d: DeviceID) -> Bool {
        devices[d].keepConnection && classes[devices[d].classID].wantsPermanentSlot
    }

    /// Ticks "Keep connection" and UDP 15000 reachability on exactly round(fraction x
    /// devices) devices of each class, chosen at random and independently.
    mutating func assignAttributes(_ stream: RandomStream) {
        for runtime in classes {
            let range = runtime.devices
            for (chosen, keep) in [
                (runtime.spec.keepConnectionDevices, true), (runtime.spec.wakeReachableDevices, false),
            ] {
                var order = Array(range)
                // Partial Fisher-Yates: the first `chosen` positions are a uniform random subset.
                for i in 0..<chosen {
                    let j = i + stream.integer(below: order.count - i)
                    order.swapAt(i, j)
                    if keep { devices[order[i]].keepConnection = true } else { devices[order[i]].wakeReachable = true }
                }
            }
        }
    }

    /// The class runtime of device `d`.
    @inline(__always)
    func runtime(of d: DeviceID) -> ClassRuntime { classes[devices[d].classID] }
}
