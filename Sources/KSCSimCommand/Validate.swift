import ArgumentParser
import Foundation
import KSCExperiments
import KSCModel
import KSCRandom
import KSCScenario
import KSCSupport

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the model against queueing theory in its limiting cases.",
        discussion: """
            Runs small built-in scenarios (uniform sync wait, Erlang B with exponential and log-normal \
            holding times, Erlang C, wake delivery share, steady start, residual life with jitter, \
            M/M/c/K, Pollaczek-Khinchine) and prints the simulated value with its 99% confidence \
            interval beside the theory. Exits non-zero when theory falls outside.
            """)

    @Option(
        help: ArgumentHelp(
            "Run only the named check (repeatable): \(TheoryCheck.all.map(\.name).joined(separator: ", ")).",
            valueName: "name"))
    var check: [String] = []

    func validate() throws {
        let names = TheoryCheck.all.map(\.name)
        for name in check where !names.contains(name) {
            throw ValidationError("--check \"\(name)\" is not a check; allowed: \(names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let checks = TheoryCheck.all.filter { check.isEmpty || check.contains($0.name) }
        print(Console.columns(["check", "simulated", "99% CI", "theory", "result"], widths: [22, 14, 30, 14]))
        var failed = 0
        for c in checks {
            let r = try c.run()
            if !r.passed { failed += 1 }
            let ci = "[\(Console.number(r.interval.lower)), \(Console.number(r.interval.upper))]"
            print(
                Console.columns(
                    [c.name, Console.number(r.interval.mean), ci, Console.number(r.theory), r.passed ? "ok" : "FAIL"],
                    widths: [22, 14, 30, 14]))
            print("  \(c.claim)")
        }
        if failed > 0 {
            Console.error("kscsim validate: \(failed) of \(checks.count) checks failed")
            throw ExitCode(1)
        }
    }
}
