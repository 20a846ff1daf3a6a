import Foundation
import KSCRandom
import KSCScenario
import KSCSupport

/// `kscsim report`: one self-contained HTML file (inline SVG figures, no script, no external
/// file) for a run folder or a merged sweep folder, a pure function of the folder's files.
public enum FolderReport {
    /// Writes the report of `folder` to `output` (default `folder/report.html`), atomically.
    /// - Returns: the path written.
    /// - Throws: `InputError` naming the folder or file when it holds no results.
    public static func write(folder: String, output: String? = nil) throws -> String {
        let path = output ?? (folder as NSString).appendingPathComponent("report.html")
        try OutputFile.write(try html(folder: folder), to: path)
        return path
    }

    /// The report's HTML.
    /// - Throws: `InputError` naming the folder or file.
    public static func html(folder: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError("\(folder): no such folder; give the --out folder of kscsim run or of a merged sweep")
        }
        let fm = FileManager.default
        let file = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        let isSweep = fm.fileExists(atPath: file("plan.csv"))
        guard fm.fileExists(atPath: file("scenario.resolved.yaml")) else {
            throw InputError(
                "\(folder): not a result folder (no scenario.resolved.yaml); give the --out folder of kscsim run or kscsim sweep"
            )
        }
        if isSweep, !fm.fileExists(atPath: file("aggregate.csv")) {
            throw InputError("\(folder): a sweep folder without aggregate.csv; run kscsim merge \(folder) first")
        }
        if !isSweep, !fm.fileExists(atPath: file("summary.csv")) {
            throw InputError("\(folder): no summary.csv; the run did not finish (rerun kscsim run)")
        }
        guard let resolvedText = try? String(contentsOfFile: file("scenario.resolved.yaml"), encoding: .utf8) else {
            throw InputError("\(file("scenario.resolved.yaml")): cannot be read (not UTF-8 text, or not readable)")
        }
        let (scenario, foreign) = try ScenarioDocument.parse(
            yaml: resolvedText, origin: file("scenario.resolved.yaml"), baseDirectory: folder
        )
        .scenario(foreign: ScenarioDocument.commandSections)
        let zipOnly: Bool = {
            guard case .mapping(let entries, _)? = foreign.first?.value else { return false }
            return !entries.contains { $0.key == "vary" }
        }()
        let results =
            isSweep
            ? try SweepFolderReport(folder: folder, scenario: scenario, zipOnly: zipOnly).body()
            : try RunFolderReport(folder: folder, scenario: scenario).body()
        let built =
            resolvedText.split(separator: "\n").first { $0.hasPrefix("kscsimBuild:") }.map {
                String($0.dropFirst(12)).trimmingSpaces()
            } ?? "unknown"
        let question =
            scenario.question.isEmpty
            ? "<p class=\"note\">The scenario states no question (add a <code>question:</code> key to say what it answers).</p>"
            : "<p class=\"question\">\(HTML.escape(scenario.question))</p>"
        let devices = scenario.classes.reduce(0) { $0 + $1.devices }
        let meta =
            "<p class=\"meta\">\(isSweep ? "Sweep" : "Run") of <code>\(HTML.escape(scenario.name))</code>: \(devices) devices in \(scenario.classes.count) class\(scenario.classes.count == 1 ? "" : "es"), "
            + "horizon \(DurationText.format(scenario.horizon)), warm-up \(DurationText.format(scenario.warmup)) (statistics count only what comes after it), "
            + "drain \(DurationText.format(scenario.drain)), seed \(scenario.seed), results by kscsim \(HTML.escape(built)).</p>"
        let body = [
            "<h1>kscsim report: \(HTML.escape(scenario.name))</h1>",
            try SaturationNotice.html(folder: folder, isSweep: isSweep, scenario: scenario), question,
            try AnswerSentence.html(folder: folder, isSweep: isSweep), meta,
            try DecisionReport.body(folder: folder), results,
            "<h2>The scenario and its assumptions</h2>", ScenarioPanel.html(scenario),
            "<p class=\"meta\">Written by <code>kscsim report</code> \(HTML.escape(KSCSimVersion.long)) from the files of the folder; every figure is drawn from them, nothing is fetched.</p>",
        ]
        return HTML.page(
            title: "kscsim report: \(scenario.name)", body: body.filter { !$0.isEmpty }.joined(separator: "\n"))
    }
}
