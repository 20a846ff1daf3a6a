import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved scenario and its offered loads; warn when the server is overloaded.",
        discussion:
            "The output is YAML (the loads are comments), so `kscsim describe S.yaml > R.yaml` can be run; warnings go to standard error."
    )

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        let resolved = try scenario.load()
        let load = OfferedLoad(resolved)
        print(resolved.resolvedYAML)
        print(load.report.split(separator: "\n").map { "# " + $0 }.joined(separator: "\n"))
        for warning in load.warnings { Console.error("kscsim describe: warning: \(warning)") }
    }
}
