import Foundation
import Testing

@testable import KSCRandom
@testable import KSCScenario
@testable import KSCSupport

@Suite("ScenarioReader")
struct ScenarioReaderTests {
    static let minimal = """
        name: t
        classes:
          - name: a
            devices: 10
        """

    @Test("defaults are those of the documentation")
    func defaults() throws {
        let s = try Scenario.parse(yaml: Self.minimal, origin: "t.yaml")
        #expect(s.horizon == 7 * 86400 && s.warmup == 0 && s.seed == 1 && s.replications == 1)
        #expect(s.server.permanentConnectionCap == 300 && s.server.syncWorkers == 16 && s.server.backlog == 5000)
        #expect(
            s.server.offlineAfterMissedSyncs == 3 && s.server.deadConnectionTimeout == 900
                && s.server.wakeSendRate == 500)
        #expect(s.server.syncService == (try Distribution.parse("lognormal(mean=200ms, sd=100ms)")))
        #expect(s.server.retryAfter == (try Distribution.parse("uniform(min=30s, max=120s)")))
        #expect(s.pushServers.capacity == 50000 && s.pushServers.count == 0)
        let c = s.classes[0]
        #expect(
            c.syncInterval == .constant(900) && c.syncJitter == .uniform(min: 0, max: 0) && c.availability == .always)
        #expect(
            c.keepConnection == 0 && c.wakeReachable == 0 && c.udpLoss == 0.01 && c.shutdownNotice == 1
                && c.abruptOff == 0)
        #expect(c.rtt == (try Distribution.parse("lognormal(mean=60ms, sd=20ms)")))
    }

    @Test("the resolved YAML reads back to the same scenario")
    func resolvedRoundTrip() throws {
        let s = try Scenario.defaultScenario(overrides: [
            "server.outages=[{start: 2d, duration: 1h}]", "pushServers={count: 1, classes: [remote]}",
        ])
        let again = try Scenario.parse(yaml: s.resolvedYAML, origin: "resolved.yaml")
        #expect(again == s)
        let tasks = try Scenario.parse(
            yaml: Self.minimal
                + "\ntasks:\n  - {name: x, at: [1h, 30m], targets: [a], randomizedDelay: 5m}\n  - {name: y, rate: 2/h}\n",
            origin: "t.yaml")
        #expect(try Scenario.parse(yaml: tasks.resolvedYAML, origin: "r") == tasks)
        #expect(tasks.tasks[0].schedule == .at([1800, 3600]))
        #expect(tasks.tasks[1].schedule == .poisson(rate: 2.0 / 3600))
    }

    @Test("overrides address classes by name and use the same validation")
    func overrides() throws {
        let s = try Scenario.defaultScenario(overrides: [
            "classes.remote.wakeReachable=0.5", "server.permanentConnectionCap=1000", "horizon=2d", "drain=6h",
        ])
        #expect(s.classes[1].wakeReachable == 0.5 && s.server.permanentConnectionCap == 1000 && s.horizon == 172_800)
    }

    @Test(
        "bad input names the place, the key, the value and what is allowed",
        arguments: [
            (
                "name: t\nclasses:\n  - name: a\n    devices: 10\n    wakeReachble: 0.5\n",
                "t.yaml:5: unknown key \"classes.a.wakeReachble\"; did you mean \"wakeReachable\"? allowed: name, devices,"
            ),
            (
                "name: t\nclasses:\n  - name: a\n    devices: 10\n    udpLoss: 2\n",
                "t.yaml:5: classes.a.udpLoss: \"2\" must be a fraction from 0 to 1"
            ),
            (
                "name: t\nclasses:\n  - name: a\n    devices: -3\n",
                "t.yaml:4: classes.a.devices: \"-3\" must be a whole number from 0 to 100000000"
            ),
            (
                "name: t\nserver:\n  syncService: gamma(shape=0, mean=1s)\nclasses:\n  - {name: a, devices: 1}\n",
                "t.yaml:3: server.syncService: invalid distribution \"gamma(shape=0, mean=1s)\": shape must be > 0 (got 0)"
            ),
            (
                "name: t\nhorizon: 1d\nwarmup: 2d\nclasses:\n  - {name: a, devices: 1}\n",
                "t.yaml:3: warmup: 2d must be shorter than the horizon (1d)"
            ),
            ("name: t\nclasses: []\n", "t.yaml:2: classes: at least one device class is required"),
            (
                "name: t\nserver: {retryAfter: 0s}\nclasses:\n  - {name: a, devices: 1}\n",
                "t.yaml:2: server.retryAfter: 0s must have a finite mean of at least 1ms"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1}\n  - {name: a, devices: 2}\n",
                "t.yaml:4: classes.a: class name used twice"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1}\ntasks:\n  - {name: x, every: 1h, targets: [b]}\n",
                "t.yaml:5: tasks.x.targets: no class named \"b\"; classes: a"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1}\ntasks:\n  - {name: x}\n",
                "t.yaml:5: tasks.x: give exactly one of at (list of times), every (period) or rate"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1, availability: sometimes}\n",
                "t.yaml:3: classes.a.availability: \"sometimes\" is not an availability; allowed: always,"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1, availability: {type: weekly, days: mon-fry}}\n",
                "t.yaml:3: classes.a.availability.days: \"mon-fry\" is not a list of days"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1, availability: {type: weekly, days: \"\"}}\n",
                "t.yaml:3: classes.a.availability.days: \"\" names no day"
            ),
            (
                "name: t\nhorizon: 7 days\nclasses:\n  - {name: a, devices: 1}\n",
                "t.yaml:2: horizon: invalid duration \"7 days\": expected a number with a unit ms, s, m, h or d"
            ),
            (
                "name: t\nservr: {}\nclasses:\n  - {name: a, devices: 1}\n",
                "t.yaml:2: unknown key \"servr\"; did you mean \"server\"?"
            ),
            (
                "name: t\nclasses:\n  - {name: a, devices: 1}\n  - {name: b, devices: 1\n",
                "t.yaml: invalid YAML: line 5, column 1:"
            ),
        ])
    func errors(yaml: String, message: String) {
        let error = #expect(throws: InputError.self) { try Scenario.parse(yaml: yaml, origin: "t.yaml") }
        #expect(error?.message.hasPrefix(message) == true, "got: \(error?.message ?? "no error")")
    }

    @Test(
        "bad overrides name the flag",
        arguments: [
            (
                "classes.laptops.wakeReachable=0.5",
                "--set classes.laptops.wakeReachable=0.5: classes.laptops.wakeReachable: no element named \"laptops\"; names: office, remote, servers"
            ),
            (
                "server.backlog=-1",
                "--set server.backlog=-1: server.backlog: \"-1\" must be a whole number from 0 to 1000000000"
            ),
            ("horizon", "--set horizon: expected key.path=value"),
            ("server..backlog=1", "--set server..backlog=1: \"server..backlog\" is not a key path"),
        ])
    func badOverrides(override: String, message: String) {
        let error = #expect(throws: InputError.self) { try Scenario.defaultScenario(overrides: [override]) }
        #expect(error?.message.hasPrefix(message) == true, "got: \(error?.message ?? "no error")")
    }

    @Test("the embedded default is Models/default.yaml")
    func embeddedDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("Models/default.yaml"), encoding: .utf8)
        #expect(file == Scenario.defaultYAML)
        let s = try Scenario.defaultScenario()
        #expect(s.classes.map(\.devices) == [1000, 2000, 50])
        #expect(s.classes.map(\.name) == ["office", "remote", "servers"])
    }

    @Test("a missing file is one clear error")
    func missingFile() {
        let error = #expect(throws: InputError.self) { try Scenario.load(path: "/nonexistent/s.yaml") }
        #expect(error?.message == "/nonexistent/s.yaml: cannot read the scenario file (does it exist?)")
    }
}
