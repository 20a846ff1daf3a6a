import KSCModel
import KSCRandom
import KSCScenario
import KSCStatistics
import KSCSupport

/// A Slurm job array that runs a sweep: task i of n runs shard i/n, then merges when
/// every run of the sweep is done (merging twice is harmless: the output is the same
/// bytes, written atomically).
public struct SlurmScript: @unchecked Sendable {
    /// Absolute path of the kscsim binary on the cluster.
    public var kscsim: String
    /// Absolute path of the sweep folder (holds scenario.resolved.yaml and plan.csv).
    public var directory: String
    /// Runs in the sweep.
    public var runCount: Int
    /// Runs per array task (default 1).
    public var runsPerTask: Int = 1
    /// At most this many tasks at once (`%K`); nil for no limit.
    public var arrayMax: Int?
    /// Partition (`--partition`); nil for the cluster's default.
    public var partition: String?
    /// Time limit per task (`--time`, Slurm syntax such as 00:30:00); nil for the default.
    public var time: String?
    /// CPUs per task; each task runs that many runs in parallel.
    public var cpusPerTask: Int = 1
    /// Job name.
    public var jobName: String
    /// For a sequential sweep: the round this array computes, and the `kscsim slurm` options
    /// that write and submit the next round when it is done (nil: a plain sweep).
    public var round: (number: Int, slurmOptions: [String])?

    public init(kscsim: String, directory: String, runCount: Int, jobName: String) {
        self.kscsim = kscsim
        self.directory = directory
        self.runCount = runCount
        self.jobName = jobName
    }

    /// Number of array tasks.
    public var taskCount: Int { Swift.max(1, (runCount + runsPerTask - 1) / runsPerTask) }

    /// The sbatch file.
    public var text: String {
        let q = SlurmScript.shellQuote
        var lines = [
            "#!/bin/bash",
            "# kscsim sweep as a Slurm job array: submit with  sbatch \(q(directory + "/sweep.sbatch"))",
            "# Task i of \(taskCount) runs shard i/\(taskCount) (runs with index % \(taskCount) == i); the last task to finish merges.",
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=0-\(taskCount - 1)" + (arrayMax.map { "%\($0)" } ?? ""),
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(directory)/logs/%A_%a.out",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        lines += [
            "set -euo pipefail",
            "KSCSIM=\(q(kscsim))",
            "DIR=\(q(directory))",
        ]
        if let round {
            lines += [
                "# Round \(round.number) of a sequential sweep: when its last run is done, whichever task sees it writes",
                "# and submits the next round (DIR/round-<k>.sbatch), or merges when the procedure has finished.",
                "\"$KSCSIM\" sweep \"$DIR/scenario.resolved.yaml\" --out \"$DIR\" --shard \"${SLURM_ARRAY_TASK_ID}/\(taskCount)\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --rounds 1",
                "\"$KSCSIM\" slurm \"$DIR/scenario.resolved.yaml\" --out \"$DIR\" --next-after \(round.number)"
                    + round.slurmOptions.map { " " + q($0) }.joined(),
                "",
            ]
        } else {
            lines += [
                "\"$KSCSIM\" sweep \"$DIR/scenario.resolved.yaml\" --out \"$DIR\" --shard \"${SLURM_ARRAY_TASK_ID}/\(taskCount)\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\"",
                "if \"$KSCSIM\" sweep status \"$DIR\" --quiet; then \"$KSCSIM\" merge \"$DIR\"; fi",
                "",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// Single-quotes `text` for bash.
    static func shellQuote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
