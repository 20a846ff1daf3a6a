import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

/// Text for people: progress on stderr, short tables on stdout.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }

    /// A duration for reading: 0.8 s, 4.2 min, 1.5 h.
    static func human(_ s: Double) -> String {
        if s.isNaN { return "unknown" }
        if s < 120 { return String(format: "%.1f s", s) }
        if s < 7200 { return String(format: "%.1f min", s / 60) }
        return String(format: "%.1f h", s / 3600)
    }

    /// A share as a percentage; `-` when unknown.
    static func percent(_ x: Double) -> String { x.isNaN ? "-" : String(format: "%.1f%%", x * 100) }

    /// Six significant digits.
    static func number(_ x: Double) -> String { String(format: "%.6g", x) }

    /// Cells left-aligned in columns of the given widths (the last cell unpadded).
    static func columns(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            line += cell
            if i < widths.count { line += String(repeating: " ", count: max(1, widths[i] - cell.count)) }
        }
        return line
    }

    static func summaryTable(_ report: RunReport) -> String {
        let widths = [5, 10, 13, 10, 10, 10, 9, 9, 29, 14]
        // The fcm path only when the run used FCM (its node row is there), as in latency.csv.
        let fcm = report.nodes.contains { $0.kind == "fcm" }
        var lines = [
            columns(
                [
                    "rep", "pairs", "undelivered", "p50", "p95", "p99", "<=1min", "<=15min",
                    fcm ? "push/wake/sync/startup/fcm" : "push/wake/sync/startup", "perm without", "server util",
                ], widths: widths)
        ]
        for s in report.summaries {
            lines.append(
                columns(
                    [
                        "\(s.replication)", "\(s.pairs)", percent(s.undeliveredShare), human(s.latencyP50),
                        human(s.latencyP95),
                        human(s.latencyP99), percent(s.within60), percent(s.within900),
                        "\(s.viaPush)/\(s.viaWake)/\(s.viaSync)/\(s.viaStartup)" + (fcm ? "/\(s.viaFCM)" : ""),
                        percent(s.permWithoutShare),
                        String(format: "%.2f", s.serverUtilization),
                    ], widths: widths))
        }
        lines.append(
            "shares are of all (task, device) pairs launched after the warm-up; unknown: a quantile whose rank falls among pairs undelivered at the horizon"
        )
        // With payloads, when the pairs finished (the payload on the device), per replication.
        if report.summaries.contains(where: { !$0.uncompletedShare.isNaN }) {
            lines.append("")
            let widths = [5, 15, 10, 10, 10, 12, 16]
            lines.append(
                columns(
                    ["rep", "not finished", "done p50", "done p95", "done p99", "payload GB", "uplink peak"],
                    widths: widths))
            for s in report.summaries {
                lines.append(
                    columns(
                        [
                            "\(s.replication)", percent(s.uncompletedShare), human(s.completionP50),
                            human(s.completionP95),
                            human(s.completionP99), String(format: "%.1f", s.payloadBytesOut / 1e9),
                            s.serverUplinkPeakMbps.isNaN ? "-" : String(format: "%.0f Mbit/s", s.serverUplinkPeakMbps),
                        ], widths: widths))
            }
            lines.append("done: the task's payload on the device (delivery, then the download), over the same pairs")
        }
        return lines.joined(separator: "\n")
    }
}

/// Deletes the temporary files of a run that is interrupted (SIGINT, SIGTERM).
enum Interrupts {
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    static func guarded<T>(_ body: () throws -> T) rethrows -> T {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                Console.error("kscsim: interrupted; no partial output was left")
                exit(sig == SIGINT ? 130 : 143)
            }
            source.resume()
            sources.append(source)
        }
        return try body()
    }
}
