import TestSupport
import Testing

@testable import KSCExperiments

@Suite("TheoryChecks")
struct TheoryCheckTests {
    @Test("the model reproduces theory in its limiting cases", arguments: TheoryCheck.all.map(\.name))
    func check(name: String) throws {
        let check = try #require(TheoryCheck.all.first { $0.name == name })
        let result = try check.run()
        #expect(
            result.passed,
            "\(name): simulated \(result.interval.mean) [\(result.interval.lower), \(result.interval.upper)], theory \(result.theory)"
        )
        // An interval that contains everything proves nothing.
        #expect(result.interval.halfWidth < 0.1 * abs(result.theory))
    }
}
