import ArgumentParser
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved scenario and its offered loads; warn when the server is overloaded.")

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        let resolved = try scenario.load()
        let load = OfferedLoad(resolved)
        print(resolved.resolvedYAML)
        print(load.report)
        for warning in load.warnings { Console.error("kscsim describe: warning: \(warning)") }
    }
}
