import Foundation
import TestSupport
import Testing

/// Folders shared by several hosts (issue 26, item 6), two hosts emulated by Linux UTS and PID
/// namespaces (`unshare`): each has its own host name, and process ids that mean nothing to the
/// other (both may be 1). Temporary files carry the host; claims are leases (SweepClaims.swift).
@Suite("Folders shared by hosts", .serialized)
struct SharedFolderTests {
    static let scenario = KSCSimBinary.packageRoot.appendingPathComponent("Tests/cluster/sweep.yaml").path

    /// A process running `command` as host `host`, in a new UTS namespace and (with `pids`) a
    /// new PID namespace.
    static func host(_ host: String, _ command: String, pids: Bool = true) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments =
            ["--uts"] + (pids ? ["--pid", "--fork", "--mount-proc"] : [])
            + ["/bin/sh", "-c", "hostname \(host) && \(command)"]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        return (process, err)
    }

    static func finish(_ p: (Process, Pipe)) -> (Int32, String) {
        let text = String(decoding: p.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.0.waitUntilExit()
        return (p.0.terminationStatus, text)
    }

    /// "N runs done now" of a sweep's last line.
    static func doneNow(_ err: String) -> Int? {
        guard let match = err.firstMatch(of: /sweep: (\d+) runs done now/) else { return nil }
        return Int(match.1)
    }

    @Test("two hosts with the same process id share a sweep folder: each run computed once, the same bytes")
    func twoHostsShareASweep() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = dir.appendingPathComponent("reference").path
        #expect(try KSCSimBinary.run(["sweep", "run", Self.scenario, "--out", reference]).0 == 0)
        #expect(try KSCSimBinary.run(["merge", reference]).0 == 0)
        let shared = dir.appendingPathComponent("shared").path
        let binary = KSCSimBinary.url.path
        // `exec`: each kscsim is process 1 of its own namespace.
        let a = try Self.host("hosta", "exec \(binary) sweep run \(Self.scenario) --out \(shared) --jobs 1")
        let b = try Self.host("hostb", "exec \(binary) sweep run \(Self.scenario) --out \(shared) --jobs 1")
        let (statusA, errA) = Self.finish(a)
        let (statusB, errB) = Self.finish(b)
        #expect(statusA == 0 && statusB == 0, "\(errA)\n\(errB)")
        let computed = (Self.doneNow(errA) ?? -1) + (Self.doneNow(errB) ?? -1)
        #expect(computed == 12, "\(errA)\n\(errB)")
        #expect(try KSCSimBinary.run(["merge", shared]).0 == 0)
        for file in ["sweep.csv", "aggregate.csv", "nodes.csv"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: shared + "/" + file))
                    == Data(contentsOf: URL(fileURLWithPath: reference + "/" + file)), "\(file)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: shared + "/runs")
        #expect(!left.contains { $0.hasSuffix(".claim") || $0.contains(".tmp-") }, "\(left)")
    }

    @Test("a run on one host leaves the live temporary file of another host's run with a process id it cannot see")
    func foreignTemporaryFileKept() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = KSCSimBinary.url.path
        // Host A: writing deliveries for long, with a process id of the root namespace.
        let a = try Self.host(
            "hosta", "exec \(binary) run --set horizon=60d --deliveries --out \(dir.path) 2>/dev/null", pids: false)
        defer {
            a.0.terminate()
            a.0.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        var live: String?
        while Date() < deadline, live == nil {
            live = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.first {
                $0.contains(".tmp-hosta-")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let name = try #require(live)
        // Host B: kscsim is process 1 of its own namespace, where host A's process id does not exist.
        let b = try Self.host("hostb", "exec \(binary) run --set horizon=26h --set drain=1h --out \(dir.path)")
        let (status, err) = Self.finish(b)
        #expect(status == 0, "\(err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name) was deleted")
    }

    @Test("a claim of another host never refreshed, and an empty claim, are taken over when the lease expires")
    func expiredClaimsTakenOver() throws {
        let dir = try KSCSimBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.path
        #expect(try KSCSimBinary.run(["sweep", "run", Self.scenario, "--out", folder]).0 == 0)
        #expect(try KSCSimBinary.run(["merge", folder]).0 == 0)
        let reference = try Data(contentsOf: dir.appendingPathComponent("sweep.csv"))
        for index in [3, 5] {
            for suffix in ["csv", "nodes"] {
                try FileManager.default.removeItem(atPath: "\(folder)/runs/\(index).\(suffix)")
            }
        }
        try "elsewhere 4242\n".write(toFile: folder + "/runs/3.claim", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/runs/5.claim", atomically: true, encoding: .utf8)
        let (status, out, _) = try KSCSimBinary.run(["sweep", "status", folder])
        #expect(status != 0 && out.contains("being computed by elsewhere 4242"), "\(out)")
        let start = Date()
        let (code, _, err) = try KSCSimBinary.run(
            ["sweep", "run", Self.scenario, "--out", folder], environment: ["KSCSIM_CLAIM_LEASE": "2"])
        // It waited one lease for the claims to change before it took them over.
        #expect(Date().timeIntervalSince(start) >= 2)
        #expect(code == 0 && Self.doneNow(err) == 2, "\(err)")
        #expect(try KSCSimBinary.run(["sweep", "status", folder]).0 == 0)
        #expect(try KSCSimBinary.run(["merge", folder]).0 == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("sweep.csv")) == reference)
    }
}
