import Foundation
import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// Back-of-the-envelope loads of a scenario, computed from its parameters (no
/// simulation): what `kscsim describe` prints beside the resolved scenario.
public struct OfferedLoad: Sendable {
    /// Per class: expected share of time a device is online.
    public let onlineShare: [String: Double]
    /// Sync sessions offered to the server per second (periodic plus startup).
    public let syncsPerSecond: Double
    /// Sync sessions the server completes per second at most (workers / mean service).
    public let syncCapacity: Double
    /// Devices that ask for a permanent connection and are online, on average.
    public let permanentDemand: Double
    /// Devices connected to push servers, on average, and the push servers' capacity.
    public let pushDemand: Double, pushCapacity: Double
    /// Seconds to send one wake packet to every online device (at wakeSendRate).
    public let wakeBurstSeconds: Double
    /// Warnings (overload, cap pressure), per node where the scenario has several.
    public let warnings: [String]
    /// One line per server, gateway and relay when the scenario uses a topology.
    public let nodeLines: [String]
    /// The load of each server and gateway per hour of the week.
    public let hourly: HourlyLoad
    /// One line per link bytes cross, when the scenario has payloads or link rates.
    public let linkLines: [String]

    /// Server utilization: offered syncs over capacity.
    public var utilization: Double { syncsPerSecond / syncCapacity }

    public init(_ scenario: Scenario) {
        var share: [String: Double] = [:]
        var syncs = 0.0
        var permanent = 0.0
        var push = 0.0
        var online = 0.0
        for c in scenario.classes {
            let fraction = c.availability.longRun.onlineShare
            share[c.name] = fraction
            online += c.meanOnline
            syncs += c.syncsPerSecond
            if scenario.usesPushServer(c) {
                push += c.meanOnline
            } else if scenario.wantsPermanentSlot(c) {
                permanent += c.meanKeepOnline
            }
        }
        onlineShare = share
        syncsPerSecond = syncs
        let physical = scenario.servers.indices.filter { scenario.physicalIndex(of: $0) == $0 }
        syncCapacity = physical.reduce(0.0) {
            $0 + Double(scenario.servers[$1].syncWorkers) / scenario.meanSessionService(server: $1)
        }
        permanentDemand = permanent
        pushDemand = push
        pushCapacity = Double(scenario.pushServers.count * scenario.pushServers.capacity)
        wakeBurstSeconds = online / scenario.server.wakeSendRate
        var warnings: [String] = []
        if syncs / syncCapacity >= 1 {
            warnings.append(
                "the server is overloaded: \(OfferedLoad.fmt(syncs)) syncs/s offered, capacity \(OfferedLoad.fmt(syncCapacity)) syncs/s (utilization \(OfferedLoad.fmt(syncs / syncCapacity)) >= 1); queues will grow and connections be refused"
            )
        }
        let ticked = scenario.classes.filter { scenario.wantsPermanentSlot($0) }.reduce(0) {
            $0 + $1.keepConnectionDevices
        }
        let cap = scenario.server.permanentConnectionCap
        if scenario.server.permanentCapReading == .dynamic {
            if permanent > Double(cap) {
                warnings.append(
                    "\(OfferedLoad.fmt(permanent)) devices online on average want a permanent connection; the cap is \(cap): some will be refused"
                )
            }
        } else if ticked > cap {
            warnings.append(
                "\(ticked) devices want Keep connection; under the static reading of the cap only \(cap) can be ticked (\(scenario.server.permanentCapReading.rawValue)): the other \(ticked - cap) never hold a permanent connection"
            )
        }
        if pushCapacity > 0 && push > pushCapacity {
            warnings.append(
                "\(OfferedLoad.fmt(push)) devices online on average for push servers of total capacity \(Int(pushCapacity))"
            )
        }
        let topology = OfferedLoad.nodes(scenario)
        nodeLines = topology.lines
        hourly = HourlyLoad(scenario)
        let links = OfferedLoad.links(scenario)
        linkLines = links.lines
        self.warnings = (topology.lines.isEmpty ? warnings : topology.warnings) + hourly.warnings + links.warnings
    }

    /// Two decimals, without a trailing `.0`; any double, however large or odd.
    static func fmt(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "unknown" : (x > 0 ? "infinite" : "-infinite") }
        let r = (x * 100).rounded() / 100
        guard abs(r) < 1e15 else { return String(format: "%.3g", x) }
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// The loads as lines of text.
    public var report: String {
        var lines = ["offered loads (from the parameters, no simulation):"]
        for (name, s) in onlineShare.sorted(by: { $0.key < $1.key }) {
            lines.append("  class \(name): online \(OfferedLoad.fmt(s * 100))% of the time")
        }
        lines.append(
            "  syncs: \(OfferedLoad.fmt(syncsPerSecond))/s offered vs \(OfferedLoad.fmt(syncCapacity))/s server capacity (utilization \(OfferedLoad.fmt(utilization)))"
        )
        lines.append(
            "  permanent connections: \(OfferedLoad.fmt(permanentDemand)) wanted on average (online devices with Keep connection)"
        )
        if pushCapacity > 0 {
            lines.append(
                "  push servers: \(OfferedLoad.fmt(pushDemand)) devices on average, capacity \(Int(pushCapacity))")
        }
        if nodeLines.isEmpty {
            lines.append("  wake packets: \(OfferedLoad.fmt(wakeBurstSeconds)) s to send one to every online device")
        } else {
            lines += nodeLines
        }
        lines += linkLines
        lines += hourly.lines
        return lines.joined(separator: "\n")
    }
}
