import KSCRecords
import KSCSupport
import Testing

@testable import KSCExperiments
@testable import KSCModel
@testable import KSCScenario

@Suite("RunFile")
struct RunFileTests {
    @Test("a run file gives back exactly the summary fields it was written with; an edit or a foreign run is refused")
    func roundTrip() throws {
        let scenario = try Scenario.parse(
            yaml: "name: r\nhorizon: 2h\nclasses: [{name: a, devices: 20}]\ntasks: [{name: t, every: 30m}]\n",
            origin: "r")
        let summary = try scenario.runReplication(1).summary
        let text = RunFile.text(index: 7, seed: summary.seed, hash: "00000000000000ab", summary: summary)
        let expected = summary.fields.map(CSVFormat.standard.encode)
        guard case .success(let fields) = RunFile.check(text, index: 7, seed: summary.seed, hash: "00000000000000ab")
        else {
            Issue.record("a valid run file was refused")
            return
        }
        #expect(fields == expected)
        #expect(fields[SummaryRecord.columnNames.firstIndex(of: "events")!] == String(summary.events))
        if case .success = RunFile.check(text, index: 8, seed: summary.seed, hash: "00000000000000ab") {
            Issue.record("another run's file was accepted")
        }
        if case .success = RunFile.check(text, index: 7, seed: summary.seed, hash: "00000000000000ac") {
            Issue.record("another sweep's file was accepted")
        }
        let edited = text.replacingOccurrences(of: ",\(summary.events),", with: ",\(summary.events + 1),")
        #expect(edited != text)
        if case .success = RunFile.check(edited, index: 7, seed: summary.seed, hash: "00000000000000ab") {
            Issue.record("an edited file was accepted")
        }
    }
}
