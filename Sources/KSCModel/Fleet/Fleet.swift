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
            let usesPush = scenario.pushServers.count > 0 && scenario.pushServers.classes.contains(spec.name)
            classes.append(try ClassRuntime(spec: spec, devices: range, scenario: scenario, index: c, usesPushServer: usesPush, streams: streams))
        }
        let assignment = try streams.stream("assignment")
        assignAttributes(assignment)
        for (s, server) in scenario.servers.enumerated() { applyCapReading(server, index: s, assignment) }
        // Behind a gateway, Keep connection is ticked on the gateway: no server cap applies.
        for d in devices.indices where devices[d].keepConnection && classes[devices[d].classID].gateway >= 0
            && !classes[devices[d].classID].usesPushServer {
            devices[d].mayKeep = true
        }
    }

    /// Which devices that want Keep connection may ask for it: all of them under the
    /// dynamic reading of the cap; under a static one, at most `permanentConnectionCap` per
    /// server, drawn at random or taken first classes first.
    mutating func applyCapReading(_ server: ServerConfig, index s: Int, _ stream: RandomStream) {
        var wanting = devices.indices.filter { wantsPermanent($0) && classes[devices[$0].classID].server == s }
        let cap = server.permanentConnectionCap
        switch server.permanentCapReading {
        case .dynamic:
            break
        case .staticClassOrder:
            wanting = Array(wanting.prefix(cap))
        case .staticRandom:
            let chosen = Swift.min(cap, wanting.count)
            for i in 0..<chosen { wanting.swapAt(i, i + stream.integer(below: wanting.count - i)) }
            wanting = Array(wanting.prefix(chosen))
        }
        for d in wanting { devices[d].mayKeep = true }
    }

    /// Whether device `d` wants a permanent connection at its server (Keep connection
    /// ticked, in a class that uses neither push servers nor a gateway).
    @inline(__always)
    func wantsPermanent(_ d: DeviceID) -> Bool {
        let runtime = classes[devices[d].classID]
        return devices[d].keepConnection && !runtime.usesPushServer && runtime.gateway < 0
    }

    /// Ticks "Keep connection" and UDP 15000 reachability on exactly round(fraction x
    /// devices) devices of each class, chosen at random and independently.
    mutating func assignAttributes(_ stream: RandomStream) {
        for runtime in classes {
            let range = runtime.devices
            for (fraction, keep) in [(runtime.spec.keepConnection, true), (runtime.spec.wakeReachable, false)] {
                let chosen = Int((fraction * Double(range.count)).rounded())
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
