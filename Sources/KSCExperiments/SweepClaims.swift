import Foundation
import KSCSupport

/// Claims on a sweep's runs, for a folder shared by processes of one host or of several hosts
/// (a Slurm scratch folder on a network file system).
///
/// The rule (docs/guides/sweeps.md, "Sweeps shared by hosts"):
/// - A process computes run K only while it holds `runs/K.claim`, created exclusively and
///   holding `HOST PID`. It refreshes the claim's modification time every quarter lease while
///   the run lives, and deletes it when the run's files are written.
/// - A claim of this host whose process is gone is stale at once.
/// - Any other claim (another host's, an empty or unreadable one) is live while it changes: a
///   process that finds a claim watches it, and when neither its modification time nor its
///   text has changed for one lease (`leaseSeconds`, measured on the watcher's own clock, so
///   the hosts' clocks need not agree), the claim has expired and is taken over.
/// - A sweep returns only when every run of its shard is done or failed: it waits for runs
///   claimed by others, and computes those whose claims expire.
/// A run taken over while its first owner was only slow is computed twice; both write the
/// same bytes (a run is a pure function of the scenario and seed), each atomically.
extension SweepDirectory {
    func claimFile(_ index: Int) -> String { (runsFolder as NSString).appendingPathComponent("\(index).claim") }

    /// This process, as written in a claim: `host pid`.
    static var owner: String { "\(TemporaryFiles.host) \(getpid())" }

    /// The lease of a claim, s: `KSCSIM_CLAIM_LEASE` when set (tests shorten it), else 120 s,
    /// longer than a network file system's attribute cache (NFS: at most 60 s by default).
    static var leaseSeconds: Double {
        if let text = ProcessInfo.processInfo.environment["KSCSIM_CLAIM_LEASE"], let x = Double(text), x > 0 {
            return x
        }
        return 120
    }

    /// Claims run `index` for this process (an exclusive create); a claim of a process of
    /// this host that no longer exists is taken over.
    /// - Returns: false when another live process (or another host) holds it.
    func claim(_ index: Int) -> Bool {
        let path = claimFile(index)
        for _ in 0..<2 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = SweepDirectory.owner + "\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return true
            }
            guard errno == EEXIST, isStale(claimAt: path) else { return false }
            unlink(path)
        }
        return false
    }

    /// Releases this process's claim on run `index`.
    func release(_ index: Int) { unlink(claimFile(index)) }

    /// Whether the claim at `path` belongs to a process of this host that is gone.
    func isStale(claimAt path: String) -> Bool {
        guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) })
        else { return false }
        let parts = text.trimmingSpaces().split(separator: " ")
        guard parts.count == 2, String(parts[0]) == TemporaryFiles.host, let pid = Int32(parts[1]) else {
            return false
        }
        return !TemporaryFiles.processExists(pid)
    }

    /// Removes the claims of processes of this host that no longer exist.
    func removeStaleClaims() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsFolder) else { return }
        for name in names where name.hasSuffix(".claim") {
            let path = (runsFolder as NSString).appendingPathComponent(name)
            if isStale(claimAt: path) { unlink(path) }
        }
    }

    /// What a watcher sees of a claim: its modification time and text; nil when there is none.
    func claimStamp(_ index: Int) -> String? {
        let path = claimFile(index)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(text)"
    }

    /// Deletes an expired claim if it is still the one watched (`stamp`), so that it can be
    /// claimed again. Returns whether it was deleted.
    func breakClaim(_ index: Int, stamp: String) -> Bool {
        guard claimStamp(index) == stamp else { return false }
        return unlink(claimFile(index)) == 0
    }
}

/// Refreshes the claims this process holds, every quarter lease, while their runs live.
final class ClaimRefresher: @unchecked Sendable {
    private let lock = NSLock()
    private var held: Set<String> = []
    private let timer: DispatchSourceTimer

    init(interval: Double) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.refresh() }
        timer.resume()
    }

    deinit { timer.cancel() }

    func hold(_ path: String) { lock.withLock { _ = held.insert(path) } }
    func drop(_ path: String) { lock.withLock { _ = held.remove(path) } }

    private func refresh() {
        for path in lock.withLock({ held }) { utimensat(AT_FDCWD, path, nil, 0) }
    }

    func stop() { timer.cancel() }
}

/// Runs claimed by other processes, watched until they are done, failed, or their claims expire.
struct ClaimWatch {
    private var seen: [Int: (stamp: String, since: Date)] = [:]

    /// Looks at the runs of `waiting` once: those whose claims have expired (and were broken)
    /// or vanished without a result, to be computed here, and those another process finished
    /// (done or failed); `waiting` keeps the rest.
    mutating func expired(_ waiting: inout [Int], plan: SweepPlan, directory: SweepDirectory, lease: Double) -> (
        take: [Int], done: [Int], failed: [Int]
    ) {
        var take: [Int] = []
        var done: [Int] = []
        var failed: [Int] = []
        var still: [Int] = []
        for index in waiting {
            switch directory.state(of: index, plan: plan) {
            case .done:
                seen[index] = nil
                done.append(index)
            case .failed:
                seen[index] = nil
                failed.append(index)
            case .missing, .damaged:
                take.append(index)
            case .claimed:
                guard let stamp = directory.claimStamp(index) else {
                    take.append(index)
                    continue
                }
                if let old = seen[index], old.stamp == stamp {
                    if Date().timeIntervalSince(old.since) >= lease, directory.breakClaim(index, stamp: stamp) {
                        seen[index] = nil
                        take.append(index)
                        continue
                    }
                } else {
                    seen[index] = (stamp, Date())
                }
                still.append(index)
            }
        }
        waiting = still
        return (take, done, failed)
    }
}
