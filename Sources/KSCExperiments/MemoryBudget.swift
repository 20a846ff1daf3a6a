import Foundation

/// The memory this process may use: the least of the machine's physical memory, the address
/// space limit (`ulimit -v`), the control group's limit (cgroup v2 `memory.max` or v1
/// `memory.limit_in_bytes`, which is how Slurm enforces `--mem`) and Slurm's `--mem` or
/// `--mem-per-cpu` as the job declares it. A run that would exceed it is refused before it
/// starts, instead of dying by signal.
public struct MemoryBudget: Sendable, Equatable {
    /// Bytes.
    public var bytes: Double
    /// Where the limit comes from, as a user would set it (`ulimit -v`, `cgroup memory.max`, …).
    public var source: String
    /// Whether the limit is on address space (`ulimit -v`), which counts what a process
    /// reserves as well as what it uses.
    public var addressSpace: Bool

    public init(bytes: Double, source: String, addressSpace: Bool = false) {
        self.bytes = bytes
        self.source = source
        self.addressSpace = addressSpace
    }

    /// Address space a kscsim process reserves beyond its data (its libraries, the Swift
    /// runtime; measured VmPeak of a 1,000-device run: 215 MB), bytes.
    static let baseAddressSpace = 256.0 * 1_048_576
    /// Address space each worker thread reserves (its stack and its malloc arena), bytes.
    static let threadAddressSpace = 72.0 * 1_048_576

    /// This process's budget.
    public static var current: MemoryBudget {
        var best = MemoryBudget(
            bytes: Double(ProcessInfo.processInfo.physicalMemory), source: "this machine's memory")
        func consider(_ candidate: MemoryBudget?) {
            if let candidate, candidate.bytes > 0, candidate.bytes < best.bytes { best = candidate }
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            consider(
                MemoryBudget(
                    bytes: Double(limit.rlim_cur), source: "the address space limit (ulimit -v)", addressSpace: true))
        }
        consider(cgroupLimit())
        consider(slurmLimit(ProcessInfo.processInfo.environment))
        return best
    }

    /// The memory limit of this process's control group and its ancestors, if any.
    static func cgroupLimit() -> MemoryBudget? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        var best: MemoryBudget?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let (root, file, name): (String, String, String)
            if parts[0] == "0" && parts[1].isEmpty {
                (root, file, name) = ("/sys/fs/cgroup", "memory.max", "cgroup memory.max")
            } else if parts[1].split(separator: ",").contains("memory") {
                (root, file, name) = ("/sys/fs/cgroup/memory", "memory.limit_in_bytes", "cgroup memory.limit_in_bytes")
            } else {
                continue
            }
            // The group and every ancestor up to the root of the hierarchy.
            var path = String(parts[2])
            while true {
                let full = root + (path == "/" ? "" : path) + "/" + file
                if let value = (try? String(contentsOfFile: full, encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines), let bytes = Double(value), bytes < 1e18,
                    bytes < (best?.bytes ?? .infinity)
                {
                    best = MemoryBudget(bytes: bytes, source: "the control group's limit (\(name))")
                }
                if path == "/" || path.isEmpty { break }
                path = (path as NSString).deletingLastPathComponent
            }
        }
        return best
    }

    /// Slurm's memory for this job, from its environment: `--mem` (`SLURM_MEM_PER_NODE`) or
    /// `--mem-per-cpu` (`SLURM_MEM_PER_CPU` times `SLURM_CPUS_ON_NODE`), in MB.
    static func slurmLimit(_ environment: [String: String]) -> MemoryBudget? {
        if let mb = environment["SLURM_MEM_PER_NODE"].flatMap(Double.init), mb > 0 {
            return MemoryBudget(bytes: mb * 1_048_576, source: "the Slurm job's memory (--mem, SLURM_MEM_PER_NODE)")
        }
        if let mb = environment["SLURM_MEM_PER_CPU"].flatMap(Double.init), mb > 0 {
            let cpus = environment["SLURM_CPUS_ON_NODE"].flatMap(Double.init) ?? 1
            return MemoryBudget(
                bytes: mb * cpus * 1_048_576, source: "the Slurm job's memory (--mem-per-cpu × SLURM_CPUS_ON_NODE)")
        }
        return nil
    }

    /// What `runs` replications at once, each needing `bytes`, would take of this budget.
    func needed(bytes: Double, runs: Int) -> Double {
        let data = bytes * Double(max(1, runs))
        return addressSpace
            ? data + MemoryBudget.baseAddressSpace + Double(max(1, runs)) * MemoryBudget.threadAddressSpace : data
    }
}
