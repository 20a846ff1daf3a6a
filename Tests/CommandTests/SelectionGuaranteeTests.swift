import Foundation
import KSCSupport
import TestSupport
import Testing

/// `select` never reports a guarantee it does not have.
@Suite("Selection guarantees", .serialized)
struct SelectionGuaranteeTests {
    static let scenario = KSCSimBinary.packageRoot.appendingPathComponent("Tests/browser/select.yaml").path

    @Test(
        "a non-finite or overflowing cost is refused naming --minimize",
        arguments: ["nan*server.syncWorkers", "inf*server.syncWorkers", "1e308*server.syncWorkers*1e308"])
    func nonFiniteCost(_ cost: String) throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, err) = try KSCSimBinary.run([
            "select", Self.scenario, "--out", dir.appendingPathComponent("s").path, "--minimize", cost,
            "--constraint", "latency_mean_s <= 420 ± 20",
        ])
        #expect(status != 0)
        #expect(err.contains("--minimize") && err.contains("finite"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s/selection.md").path))
    }

    @Test("when the limit leaves every candidate undecided, the headline says so, not 'no candidate is feasible'")
    func undecidedHeadline() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("s").path
        // A tolerance of a microsecond: two replications can decide nothing.
        let (status, _, err) = try KSCSimBinary.run([
            "select", Self.scenario, "--out", folder, "--maximize", "classes.all.syncInterval",
            "--constraint", "latency_mean_s <= 420 ± 0.000001", "--first-stage", "2", "--max-replications", "2",
        ])
        #expect(status == 0, "\(err)")
        let md = try String(contentsOfFile: folder + "/selection.md", encoding: .utf8)
        #expect(
            md.contains("**No candidate was chosen**: 4 of the 4 points are undecided at the replication limit"),
            "\(md)")
        #expect(!md.contains("No candidate is feasible"))
    }
}
