import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write DIR/sweep.sbatch: the sweep as a Slurm job array, merged at the end.",
        discussion: "Prepares DIR (scenario.resolved.yaml, plan.csv, logs/); submit with: sbatch DIR/sweep.sbatch")

    @Argument(
        help: ArgumentHelp("Scenario file with a sweep section.", valueName: "scenario.yaml"),
        completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @OptionGroup var folder: SweepFolderOption<SlurmFolder>

    @Option(help: "At most this many array tasks at once (default: no limit).")
    var arrayMax: Int?

    @Option(help: "Runs per array task (default 1).")
    var runsPerTask: Int = 1

    @Option(help: "CPUs per array task; runs of a task go in parallel (default 1).")
    var cpusPerTask: Int = 1

    @Option(help: "Slurm partition (default: the cluster's).")
    var partition: String?

    @Option(help: "Time limit per task in Slurm syntax, e.g. 00:30:00 (default: the partition's).")
    var time: String?

    @Option(help: ArgumentHelp("Path of kscsim on the nodes (default: this binary).", valueName: "path"))
    var kscsim: String?

    @OptionGroup var discard: ForceOption<SweepFolder>

    @Option(
        help: ArgumentHelp(
            "Used by the job of round K of a sequential sweep: when round K is done, write and submit the next round, or merge.",
            valueName: "K"))
    var nextAfter: Int?

    func validate() throws {
        if let arrayMax, arrayMax < 1 { throw ValidationError("--array-max must be at least 1 (got \(arrayMax))") }
        guard runsPerTask >= 1 else { throw ValidationError("--runs-per-task must be at least 1 (got \(runsPerTask))") }
        guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be at least 1 (got \(cpusPerTask))") }
    }

    func run() throws {
        let plan = try SweepPlan.load(path: scenario, overrides: set.overrides)
        let dir = URL(fileURLWithPath: folder.out).standardizedFileURL.path
        let directory = SweepDirectory(path: dir)
        if nextAfter == nil { try directory.prepare(plan, force: discard.force) }
        try FileManager.default.createDirectory(atPath: dir + "/logs", withIntermediateDirectories: true)
        let binary =
            kscsim ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
        var script = SlurmScript(
            kscsim: binary, directory: dir, runCount: plan.runCount, jobName: "kscsim-\(plan.points[0].name)")
        script.runsPerTask = runsPerTask
        script.arrayMax = arrayMax
        script.partition = partition
        script.time = time
        script.cpusPerTask = cpusPerTask
        guard plan.procedure.isSequential else {
            try OutputFile.write(script.text, to: dir + "/sweep.sbatch")
            print("wrote \(dir)/sweep.sbatch: \(plan.runCount) runs in \(script.taskCount) array tasks")
            print("submit:   sbatch \(dir)/sweep.sbatch")
            print("progress: \(binary) sweep status \(dir)")
            return
        }
        // A sequential sweep: one job array per round.
        let state = try directory.advanceRounds(plan)
        guard case .running(let round, let missing) = state else {
            let files = try directory.merge()
            print("the \(plan.procedure.name) procedure has finished; wrote \(files.joined(separator: ", "))")
            return
        }
        if let nextAfter, round <= nextAfter { return }  // this round is still being computed
        // Only one task submits a round; by hand, the round is (re)written whatever was claimed.
        guard directory.claimSubmission(ofRound: round) || nextAfter == nil else { return }
        var options = ["--runs-per-task", "\(runsPerTask)", "--cpus-per-task", "\(cpusPerTask)", "--kscsim", binary]
        if let arrayMax { options += ["--array-max", "\(arrayMax)"] }
        if let partition { options += ["--partition", partition] }
        if let time { options += ["--time", time] }
        script.runCount = missing.count
        script.round = (round, options)
        let file = dir + (round == 1 && nextAfter == nil ? "/sweep.sbatch" : "/round-\(round).sbatch")
        try OutputFile.write(script.text, to: file)
        if nextAfter != nil {
            let sbatch = Process()
            sbatch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sbatch.arguments = ["sbatch", file]
            try sbatch.run()
            sbatch.waitUntilExit()
            guard sbatch.terminationStatus == 0 else {
                throw InputError("sbatch \(file) failed with status \(sbatch.terminationStatus); submit it by hand")
            }
            return
        }
        print(
            "wrote \(file): round \(round) of the \(plan.procedure.name) procedure, \(missing.count) runs in \(script.taskCount) array tasks; each round submits the next"
        )
        print("submit:   sbatch \(file)")
        print("progress: \(binary) sweep status \(dir)")
    }
}
