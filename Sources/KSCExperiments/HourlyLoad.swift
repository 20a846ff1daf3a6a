import Foundation
import KSCScenario

/// The offered load of each server and gateway per hour of the week, from the parameters (no
/// simulation): a weekly schedule puts a working day's syncs into its working hours, which a
/// weekly mean hides. Hour 0 is Monday 00:00–01:00, as time 0 of a run.
public struct HourlyLoad: Sendable {
    /// A node's name and its utilization per hour of the week (168 values).
    public let nodes: [(name: String, utilization: [Double])]

    public static let hours = 168

    public init(_ scenario: Scenario) {
        var nodes: [(String, [Double])] = []
        let classes = scenario.classes.indices
        for (s, server) in scenario.servers.enumerated() where scenario.physicalIndex(of: s) == s {
            let group = classes.filter { scenario.physicalIndex(of: scenario.serverIndex(ofClass: $0)) == s }
            let capacity = Double(server.syncWorkers) / scenario.meanSessionService(server: s)
            let load = (0..<Self.hours).map { h in
                group.reduce(0.0) { $0 + Self.syncsPerSecond(scenario.classes[$1], hour: h) } / capacity
            }
            nodes.append(("server \(server.name)", load))
        }
        for g in scenario.gateways {
            let mine = classes.filter { scenario.classes[$0].gateway == g.name }
            let p = scenario.physicalIndex(of: scenario.serverIndex(g.server) ?? 0)
            let hold = g.serverRtt.mean + scenario.meanSessionService(server: p)
            let load = (0..<Self.hours).map { h in
                mine.reduce(0.0) { total, c in
                    let spec = scenario.classes[c]
                    // Held connections plus sessions in progress (Little's law), of capacity.
                    return total + Double(spec.keepConnectionDevices) * Self.onlineShare(spec, hour: h)
                        + Self.syncsPerSecond(spec, hour: h) * hold
                } / Double(g.capacity)
            }
            nodes.append(("gateway \(g.name)", load))
        }
        self.nodes = nodes
    }

    /// Syncs per second class `spec` offers in hour `hour` of the week: periodic syncs of its
    /// online devices and startup syncs of the devices that come online then.
    static func syncsPerSecond(_ spec: DeviceClass, hour: Int) -> Double {
        let n = Double(spec.devices)
        return n * onlineShare(spec, hour: hour) / spec.meanInterval + n * startsPerSecond(spec, hour: hour)
    }

    /// The mean share of the class's devices online during hour `hour` of the week.
    static func onlineShare(_ spec: DeviceClass, hour: Int) -> Double {
        guard case .weekly(let days, let start, let startSpread, let end, let endSpread) = spec.availability else {
            return spec.availability.longRun.onlineShare
        }
        guard days.contains((hour / 24) % 7) else { return 0 }
        // A device is online at t when its start (start + U startSpread) <= t < its end
        // (end + U endSpread): the two uniforms are independent. Averaged over 60 points.
        let t0 = Double(hour % 24) * 3600
        return (0..<60).reduce(0.0) { sum, k in
            let t = t0 + (Double(k) + 0.5) * 60
            return sum + ramp(t, from: start, spread: startSpread) * (1 - ramp(t, from: end, spread: endSpread))
        } / 60
    }

    /// Online periods started per second during hour `hour`.
    static func startsPerSecond(_ spec: DeviceClass, hour: Int) -> Double {
        guard case .weekly(let days, let start, let startSpread, _, _) = spec.availability else {
            return spec.availability.longRun.startsPerSecond
        }
        guard days.contains((hour / 24) % 7) else { return 0 }
        let t0 = Double(hour % 24) * 3600
        return (ramp(t0 + 3600, from: start, spread: startSpread) - ramp(t0, from: start, spread: startSpread)) / 3600
    }

    /// P(start + U spread <= t), U uniform on [0, 1].
    static func ramp(_ t: Double, from start: Double, spread: Double) -> Double {
        guard spread > 0 else { return t >= start ? 1 : 0 }
        return Swift.min(1, Swift.max(0, (t - start) / spread))
    }

    /// The hour of the week as `Mon 09:00–10:00`.
    public static func name(_ hour: Int) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return String(format: "%@ %02d:00–%02d:00", days[(hour / 24) % 7], hour % 24, hour % 24 + 1)
    }

    /// Lines for `describe`: per node its peak hour beside its weekly mean, and a 7 × 24 table
    /// of utilization when the load varies over the week.
    public var lines: [String] {
        var out: [String] = []
        for (name, load) in nodes {
            guard let peak = load.indices.max(by: { load[$0] < load[$1] }) else { continue }
            let mean = load.reduce(0, +) / Double(load.count)
            let varies = load.contains { abs($0 - mean) > 1e-9 * Swift.max(1, mean) }
            out.append(
                "  \(name): utilization by hour of the week: peak \(OfferedLoad.fmt(load[peak]))"
                    + (varies ? " on \(Self.name(peak))" : " (the same every hour)")
                    + ", weekly mean \(OfferedLoad.fmt(mean))")
            guard varies else { continue }
            out.append("    hour " + (0..<24).map { String(format: "%5d", $0) }.joined())
            for (d, day) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].enumerated() {
                out.append(
                    "    \(day)  " + (0..<24).map { String(format: "%5.2f", load[d * 24 + $0]) }.joined())
            }
        }
        return out
    }

    /// A warning per node whose peak hour reaches full utilization.
    public var warnings: [String] {
        nodes.compactMap { name, load in
            guard let peak = load.indices.max(by: { load[$0] < load[$1] }), load[peak] >= 1 else { return nil }
            let mean = load.reduce(0, +) / Double(load.count)
            let busy = load.filter { $0 >= 1 }.count
            return
                "\(name) is overloaded at its peak: utilization \(OfferedLoad.fmt(load[peak])) on \(Self.name(peak)), \(busy) hour\(busy == 1 ? "" : "s") of the week at or above 1 (the weekly mean, \(OfferedLoad.fmt(mean)), hides it): queues will grow and connections be refused then"
        }
    }
}
