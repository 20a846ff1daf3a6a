import CGSL
import Foundation
import KSCGSL
import KSCSupport

/// Reads the values (seconds) of `column` in the data file `file` for `empirical(...)`;
/// `unit` is the unit of plain numbers in the file (nil: every value must carry its unit).
public typealias EmpiricalLoader = (_ file: String, _ column: String, _ unit: String?) throws -> [Double]

extension Distribution {
    /// The forms `parse` accepts, for error messages and help text.
    public static let allowedForms =
        "a duration (15m), constant(D), uniform(min=D, max=D), exponential(mean=D), lognormal(mean=D, sd=D), "
        + "gamma(shape=X, mean=D), weibull(shape=X, scale=D), pareto(shape=X, min=D), normal(mean=D, sd=D), "
        + "empirical(file=PATH, column=NAME[, unit=ms]); D is a duration in ms, s, m, h or d (plain numbers are seconds)"

    /// Parses a distribution as architects write it: `15m`, `uniform(min=0s, max=60s)`,
    /// `lognormal(mean=40ms, sd=10ms)`, ...
    ///
    /// - Parameters:
    ///   - text: the distribution's text.
    ///   - empirical: reads the values of `empirical(file=..., column=...)` (the
    ///     scenario layer, which knows where files are); nil refuses `empirical`.
    /// - Throws: `InputError` quoting the text and saying what is allowed.
    public static func parse(_ text: String, empirical: EmpiricalLoader? = nil) throws -> Distribution {
        do {
            return try parseUnchecked(text, empirical: empirical)
        } catch let error as InputError {
            throw InputError("invalid distribution \"\(text)\": \(error.message)")
        }
    }

    private static func parseUnchecked(_ text: String, empirical: EmpiricalLoader?) throws -> Distribution {
        let trimmed = text.trimmingSpaces()
        guard let open = trimmed.firstIndex(of: "(") else {
            guard !trimmed.isEmpty, (try? DurationText.seconds(trimmed)) != nil else {
                throw InputError("expected \(allowedForms)")
            }
            return try makeConstant(DurationText.seconds(trimmed))
        }
        guard trimmed.hasSuffix(")") else { throw InputError("missing \")\" at the end") }
        let name = trimmed[..<open].trimmingSpaces().lowercased()
        let body = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var args = try Arguments(body)
        let result: Distribution
        switch name {
        case "constant":
            result = try makeConstant(args.duration("value", positional: true))
        case "uniform":
            result = try makeUniform(min: args.duration("min"), max: args.duration("max"))
        case "exponential":
            result = try makeExponential(mean: args.duration("mean"))
        case "lognormal":
            result = try makeLognormal(mean: args.duration("mean"), sd: args.duration("sd"))
        case "gamma":
            result = try makeGamma(shape: args.number("shape"), mean: args.duration("mean"))
        case "weibull":
            result = try makeWeibull(shape: args.number("shape"), scale: args.duration("scale"))
        case "pareto":
            result = try makePareto(shape: args.number("shape"), min: args.duration("min"))
        case "normal":
            result = try makeNormal(mean: args.duration("mean"), sd: args.duration("sd"))
        case "empirical":
            let file = try args.text("file")
            let column = try args.text("column")
            let unit = args.optionalText("unit")
            if let unit, DurationText.unitSeconds(unit) == nil {
                throw InputError("unit \"\(unit)\" is not a unit; allowed: ms, s, m, h, d")
            }
            guard let empirical else { throw InputError("empirical distributions are read from a scenario file") }
            let values = try empirical(file, column, unit)
            guard !values.isEmpty, values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw InputError("\(file): column \"\(column)\" needs at least one value, all durations >= 0")
            }
            result = .empirical(EmpiricalSample(file: file, column: column, unit: unit, values: values))
        default:
            throw InputError("unknown distribution \"\(name)\"; expected \(allowedForms)")
        }
        try args.rejectLeftovers()
        return result
    }

    /// A constant duration (>= 0).
    public static func makeConstant(_ value: Double) throws -> Distribution {
        try require(value >= 0 && value.isFinite, "value must be >= 0 (got \(DurationText.format(value)))")
        return .constant(value)
    }

    /// Uniform on [min, max], 0 <= min <= max.
    public static func makeUniform(min: Double, max: Double) throws -> Distribution {
        try require(min >= 0, "min must be >= 0 (got \(DurationText.format(min)))")
        try require(
            min <= max, "min must be <= max (got min=\(DurationText.format(min)), max=\(DurationText.format(max)))")
        try require(max.isFinite, "max must be finite")
        return .uniform(min: min, max: max)
    }

    /// Exponential with mean > 0.
    public static func makeExponential(mean: Double) throws -> Distribution {
        try positive("mean", mean)
        return .exponential(mean: mean)
    }

    /// Log-normal with mean > 0 and sd >= 0.
    public static func makeLognormal(mean: Double, sd: Double) throws -> Distribution {
        try positive("mean", mean)
        try require(sd >= 0 && sd.isFinite, "sd must be >= 0 (got \(DurationText.format(sd)))")
        let sigma2 = log1p((sd / mean) * (sd / mean))
        return .lognormal(mean: mean, sd: sd, mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// Gamma with shape > 0 and mean > 0.
    public static func makeGamma(shape: Double, mean: Double) throws -> Distribution {
        try positive("shape", shape, unit: false)
        try positive("mean", mean)
        return .gamma(shape: shape, mean: mean)
    }

    /// Weibull with shape > 0 and scale > 0.
    /// - Throws: `InputError` also when the shape is so small that the mean or variance
    ///   (Gamma(1 + 2/shape)) overflows, as GSL reports.
    public static func makeWeibull(shape: Double, scale: Double) throws -> Distribution {
        try positive("shape", shape, unit: false)
        try positive("scale", scale)
        GSL.initialize()
        var result = gsl_sf_result()
        do {
            try GSL.check(gsl_sf_gamma_e(1 + 2 / shape, &result), "gsl_sf_gamma_e(\(1 + 2 / shape))")
        } catch let error as GSLError {
            throw InputError("shape \(shape.shortText) is too small: the mean and variance overflow (\(error))")
        }
        return .weibull(shape: shape, scale: scale)
    }

    /// Pareto with shape > 0 and min > 0.
    public static func makePareto(shape: Double, min: Double) throws -> Distribution {
        try positive("shape", shape, unit: false)
        try positive("min", min)
        return .pareto(shape: shape, min: min)
    }

    /// Normal truncated at 0, with mean >= 0 and sd >= 0.
    public static func makeNormal(mean: Double, sd: Double) throws -> Distribution {
        try require(mean >= 0 && mean.isFinite, "mean must be >= 0 (got \(DurationText.format(mean)))")
        try require(sd >= 0 && sd.isFinite, "sd must be >= 0 (got \(DurationText.format(sd)))")
        return .normal(mean: mean, sd: sd)
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw InputError(message()) }
    }

    private static func positive(_ name: String, _ value: Double, unit: Bool = true) throws {
        let shown = unit ? DurationText.format(value) : value.shortText
        try require(value > 0 && value.isFinite, "\(name) must be > 0 (got \(shown))")
    }
}

/// The `key=value` list inside a distribution's parentheses.
private struct Arguments {
    private var values: [(key: String, value: String)] = []

    init(_ body: Substring) throws {
        let parts = body.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        if parts == [""] { return }
        for part in parts {
            if let eq = part.firstIndex(of: "=") {
                let key = part[..<eq].trimmingSpaces().lowercased()
                let value = part[part.index(after: eq)...].trimmingSpaces()
                guard !key.isEmpty, !value.isEmpty else {
                    throw InputError("malformed parameter \"\(part)\"; expected name=value")
                }
                guard !values.contains(where: { $0.key == key }) else {
                    throw InputError("parameter \"\(key)\" given twice")
                }
                values.append((key, value))
            } else {
                guard !part.isEmpty else {
                    throw InputError("empty parameter; expected name=value separated by commas")
                }
                values.append(("", part))
            }
        }
    }

    mutating func text(_ key: String, positional: Bool = false) throws -> String {
        if let i = values.firstIndex(where: { $0.key == key || (positional && $0.key.isEmpty) }) {
            return values.remove(at: i).value
        }
        throw InputError("missing parameter \"\(key)\"")
    }

    /// The value of an optional parameter, if given.
    mutating func optionalText(_ key: String) -> String? {
        guard let i = values.firstIndex(where: { $0.key == key }) else { return nil }
        return values.remove(at: i).value
    }

    mutating func duration(_ key: String, positional: Bool = false) throws -> Double {
        let value = try text(key, positional: positional)
        do { return try DurationText.seconds(value) } catch let error as InputError {
            throw InputError("parameter \"\(key)\": \(error.message)")
        }
    }

    mutating func number(_ key: String) throws -> Double {
        let value = try text(key)
        guard let number = Double(value), number.isFinite else {
            throw InputError("parameter \"\(key)\" must be a plain number (got \"\(value)\")")
        }
        return number
    }

    func rejectLeftovers() throws {
        guard let extra = values.first else { return }
        if extra.key.isEmpty { throw InputError("unexpected value \"\(extra.value)\"; give parameters as name=value") }
        throw InputError("unknown parameter \"\(extra.key)\"")
    }
}
