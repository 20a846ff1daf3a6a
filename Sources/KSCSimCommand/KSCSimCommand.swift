import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

@main
struct KSCSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kscsim",
        abstract: "Simulate Kaspersky Security Center agents reaching an Administration Server over the Internet.",
        discussion: """
            Scenarios are YAML files (see Models/default.yaml); durations take ms, s, m, h, d. \
            Every run is a pure function of the scenario and its seed.
            """,
        version: KSCSimVersion.long,
        subcommands: [
            Run.self, Describe.self, Validate.self, Sweep.self, Merge.self, Slurm.self, Report.self, Select.self,
            Compare.self, Warmup.self, Screen.self,
        ]
    )
}

/// The scenario file and the options that change it, shared by the subcommands.
struct ScenarioOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Scenario file (YAML). Default: the embedded Models/default.yaml.", valueName: "scenario.yaml"),
        completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String?

    @OptionGroup var set: OverrideOptions

    @Option(
        parsing: .unconditional,
        help: "Base seed, a whole number from 0 to 2^64-1 (overrides the scenario's seed; default 1).")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Number of replications (overrides the scenario's; default 1).")
    var replications: Int?

    func validate() throws {
        if let replications, replications < 1 {
            throw ValidationError("--replications must be at least 1 (got \(replications))")
        }
    }

    /// Loads the scenario and applies the overrides.
    /// - Throws: `InputError`, which the command prints as one line and exits 1.
    func load() throws -> Scenario {
        try loadDocument().scenario
    }

    /// The document and its scenario, the `sweep` section (if any) checked too.
    func loadDocument() throws -> (document: ScenarioDocument, scenario: Scenario) {
        let document = try document()
        let scenario = try document.scenario()
        try SweepPlan.validateSection(of: document, base: scenario)
        return (document, scenario)
    }

    /// The scenario file as read, overrides applied.
    func document() throws -> ScenarioDocument {
        var all = set.overrides
        if let seed { all.append("seed=\(seed)") }
        if let replications { all.append("replications=\(replications)") }
        if let scenario { return try ScenarioDocument.load(path: scenario, overrides: all) }
        return try Scenario.defaultDocument(overrides: all)
    }
}

/// `--set key.path=value`, shared by every command that reads a scenario.
struct OverrideOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a scenario key: key.path=value, e.g. classes.remote.wakeReachable=0.5 (repeatable).",
            valueName: "key.path=value"))
    var overrides: [String] = []
}
