import Foundation
import Testing

@testable import KSCGSL
@testable import KSCRandom
@testable import KSCScenario
@testable import KSCStatistics
@testable import KSCSupport

@Suite("Distribution")
struct DistributionTests {
    static let valid: [String] = [
        "15m",
        "constant(40ms)",
        "uniform(min=0s, max=60s)",
        "exponential(mean=8h)",
        "lognormal(mean=40ms, sd=10ms)",
        "gamma(shape=2, mean=1s)",
        "weibull(shape=1.5, scale=1h)",
        "pareto(shape=5, min=1s)",
        "normal(mean=1s, sd=0.5s)",
        "normal(mean=0s, sd=2s)",
    ]

    @Test("sample mean and variance within 4 standard errors of the exact values", arguments: valid)
    func moments(text: String) throws {
        let d = try Distribution.parse(text)
        let stream = try StreamSet(seed: 2024).stream(text)
        let n = 1_000_000
        var tally = Tally()
        var m4 = 0.0
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let x = d.sample(stream)
            #expect(x >= 0, "negative draw \(x)")
            xs[i] = x
            tally.add(x)
        }
        for x in xs {
            let c = x - tally.mean
            m4 += c * c * c * c
        }
        m4 /= Double(n)
        let meanSE = (d.variance / Double(n)).squareRoot()
        let varSE = (max(m4 - tally.variance * tally.variance, 0) / Double(n)).squareRoot()
        if d.variance == 0 {
            #expect(tally.variance == 0 && tally.mean == d.mean)
        } else {
            #expect(abs(tally.mean - d.mean) <= 4 * meanSE, "mean \(tally.mean) vs \(d.mean), SE \(meanSE)")
            #expect(
                abs(tally.variance - d.variance) <= 4 * varSE,
                "variance \(tally.variance) vs \(d.variance), SE \(varSE)")
        }
    }

    @Test("durations convert to seconds; canonical text reads back", arguments: valid)
    func roundTrip(text: String) throws {
        let d = try Distribution.parse(text)
        #expect(try Distribution.parse(d.description) == d)
    }

    @Test("parameters are read in the units architects write")
    func units() throws {
        #expect(try Distribution.parse("15m") == .constant(900))
        #expect(try Distribution.parse("  250 ") == .constant(250))
        #expect(try Distribution.parse("exponential(mean=8h)").mean == 8 * 3600)
        #expect(try Distribution.parse("uniform(min=0s, max=2d)") == .uniform(min: 0, max: 172_800))
        #expect(abs(try Distribution.parse("lognormal(mean=40ms, sd=10ms)").mean - 0.04) < 1e-15)
        #expect(try Distribution.parse("weibull(shape=1, scale=1h)").mean == 3600)
        #expect(try Distribution.parse("pareto(shape=1, min=1s)").mean == .infinity)
    }

    @Test(
        "invalid text is rejected with a message that quotes it and says what is allowed",
        arguments: [
            ("lognormal(mean=-40ms, sd=10ms)", "mean must be > 0 (got -40ms)"),
            ("normal(mean=1s, sd=-1s)", "sd must be >= 0 (got -1s)"),
            ("normal(mean=-1s, sd=1s)", "mean must be >= 0 (got -1s)"),
            ("gamma(shape=0, mean=1s)", "shape must be > 0 (got 0)"),
            ("weibull(shape=-1, scale=1h)", "shape must be > 0 (got -1)"),
            (
                "weibull(shape=0.001, scale=1h)",
                "shape 0.001 is too small: the mean and variance overflow (GSL error 16 in gsl_sf_gamma_e(2001.0): overflow)"
            ),
            ("pareto(shape=0, min=1s)", "shape must be > 0 (got 0)"),
            ("uniform(min=60s, max=0s)", "min must be <= max (got min=1m, max=0s)"),
            ("uniform(min=-1s, max=0s)", "min must be >= 0 (got -1s)"),
            ("exponential(mean=0)", "mean must be > 0 (got 0s)"),
            ("-5s", "value must be >= 0 (got -5s)"),
            ("poisson(mean=1s)", "unknown distribution \"poisson\"; expected a duration (15m)"),
            ("uniform(min=0s)", "missing parameter \"max\""),
            ("uniform(min=0s, max=1s, mode=2s)", "unknown parameter \"mode\""),
            ("uniform(min=0s, min=1s)", "parameter \"min\" given twice"),
            ("exponential(mean=8hours)", "parameter \"mean\": invalid duration \"8hours\""),
            ("gamma(shape=two, mean=1s)", "parameter \"shape\" must be a plain number (got \"two\")"),
            ("exponential(mean=1s", "missing \")\" at the end"),
            ("fifteen minutes", "expected a duration (15m)"),
            ("", "expected a duration (15m)"),
            ("empirical(file=/nonexistent/x.csv, column=rtt)", "cannot read file \"/nonexistent/x.csv\""),
        ])
    func invalid(text: String, reason: String) {
        let error = #expect(throws: InputError.self) {
            try Distribution.parse(text, empirical: EmpiricalFile.loader(baseDirectory: nil))
        }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("invalid distribution \"\(text)\": \(reason)"), "got: \(message)")
    }

    @Test("empirical resamples a CSV column, with errors naming file and line")
    func empirical() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kscsim-empirical-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "host,rtt\na,40ms\nb,60ms\n\"c,d\",80ms\n".write(
            to: dir.appendingPathComponent("rtt.csv"), atomically: true, encoding: .utf8)
        let d = try Distribution.parse(
            "empirical(file=rtt.csv, column=rtt)", empirical: EmpiricalFile.loader(baseDirectory: dir.path))
        #expect(abs(d.mean - 0.06) < 1e-12)
        let stream = try RandomStream(seed: 1)
        let seen = Set((0..<200).map { _ in d.sample(stream) })
        #expect(seen == [0.04, 0.06, 0.08])

        try "rtt\n40ms\nfast\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) {
            try Distribution.parse(
                "empirical(file=bad.csv, column=rtt)", empirical: EmpiricalFile.loader(baseDirectory: dir.path))
        }
        #expect(error?.message.contains("bad.csv:3: invalid duration \"fast\"") == true, "\(error?.message ?? "")")
        let missing = #expect(throws: InputError.self) {
            try Distribution.parse(
                "empirical(file=rtt.csv, column=latency)", empirical: EmpiricalFile.loader(baseDirectory: dir.path))
        }
        #expect(missing?.message.contains("rtt.csv:1: no column \"latency\"; columns: host, rtt") == true)

        // Plain numbers need a unit; a ;-separated file with decimal commas reads as French spreadsheets save it.
        try "host;rtt_ms\na;45,2\nb;54,8\n".write(
            to: dir.appendingPathComponent("fr.csv"), atomically: true, encoding: .utf8)
        let loader = EmpiricalFile.loader(baseDirectory: dir.path)
        let plain = #expect(throws: InputError.self) {
            try Distribution.parse("empirical(file=fr.csv, column=rtt_ms)", empirical: loader)
        }
        #expect(plain?.message.contains("fr.csv:2: \"45.2\" has no unit") == true, "\(plain?.message ?? "")")
        let ms = try Distribution.parse("empirical(file=fr.csv, column=rtt_ms, unit=ms)", empirical: loader)
        #expect(abs(ms.mean - 0.05) < 1e-12)
        #expect(ms.description == "empirical(file=fr.csv, column=rtt_ms, unit=ms)")
        #expect(try Distribution.parse(ms.description, empirical: loader) == ms)
        #expect(throws: InputError.self) {
            try Distribution.parse("empirical(file=fr.csv, column=rtt_ms, unit=weeks)", empirical: loader)
        }
    }
}

@Suite("Equilibrium residuals")
struct ResidualTests {
    @Test(
        "length-biased draws have mean E[X²]/E[X] for every family",
        arguments: [
            "15m", "uniform(min=10m, max=20m)", "exponential(mean=15m)", "lognormal(mean=15m, sd=10m)",
            "gamma(shape=2.5, mean=15m)", "weibull(shape=1.5, scale=15m)", "pareto(shape=3.5, min=10m)",
            "normal(mean=15m, sd=10m)", "normal(mean=0s, sd=10m)",
        ])
    func lengthBiasedMean(text: String) throws {
        let d = try Distribution.parse(text)
        let stream = try RandomStream(seed: 7)
        let n = 200_000
        var sum = 0.0
        var sumSq = 0.0
        for _ in 0..<n {
            let x = d.lengthBiasedSample(stream)
            sum += x
            sumSq += x * x
        }
        let mean = sum / Double(n)
        let sd = (sumSq / Double(n) - mean * mean).squareRoot()
        let theory = d.secondMoment / d.mean
        // Within 4.5 standard errors (a test that fails by chance about once in 150,000 runs).
        #expect(
            abs(mean - theory) <= 4.5 * sd / Double(n).squareRoot() + 1e-9 * theory, "\(text): \(mean) vs \(theory)")
    }

    @Test("the residual of interval + jitter has mean E[T²]/2E[T]")
    func residualOfSum() throws {
        let x = try Distribution.parse("uniform(min=10m, max=20m)")
        let y = try Distribution.parse("exponential(mean=3m)")
        let a = try RandomStream(seed: 1)
        let b = try RandomStream(seed: 2)
        let u = try RandomStream(seed: 3)
        let n = 200_000
        var sum = 0.0
        var sumSq = 0.0
        for _ in 0..<n {
            let r = x.equilibriumResidual(plus: y, x: a, y: b, u: u)
            sum += r
            sumSq += r * r
        }
        let mean = sum / Double(n)
        let sd = (sumSq / Double(n) - mean * mean).squareRoot()
        let m = x.mean + y.mean
        let second = x.variance + y.variance + m * m
        #expect(abs(mean - second / (2 * m)) < 4.5 * sd / Double(n).squareRoot())
    }
}
