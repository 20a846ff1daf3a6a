import Foundation
import KSCModel
import KSCRandom
import KSCRecords
import KSCScenario
import KSCStatistics
import KSCSupport

/// A sweep: points (a full factorial over `vary`, times the rows of `zip`) x
/// replications, each run with a stable index. Replication r uses the same seed at
/// every point (common random numbers), so differences between points are not noise.
///
/// Run index = point x replications + (replication - 1); points are numbered with the
/// last `vary` key changing fastest, then the `zip` rows.
public struct SweepPlan: Sendable {
    /// One run of the plan.
    public struct Run: Sendable {
        public let index: Int
        public let point: Int
        public let replication: Int
        public let seed: UInt64
    }

    /// The scenario of each point, values applied.
    public let points: [Scenario]
    /// Values of each point as text (a scalar's own text, else flow YAML), one per varied column.
    public let pointLabels: [[String]]
    /// Varied columns: the `vary` keys, then the `zip` keys.
    public let columns: [String]
    /// Replications per point (the most per point under a sequential procedure).
    public let replications: Int
    /// How many replications the points get: all of them, or as a procedure decides in rounds.
    public var procedure: SweepProcedure = .fixed
    /// Sampling step of each run's time series (`runs/<index>.series`, merged into
    /// timeseries.csv), s; nil for none.
    public var timeseriesStep: Double?
    /// The resolved base scenario and sweep definition; a changed text means a changed sweep.
    public let resolvedText: String
    /// The device classes of the points, in order of first appearance: their figures follow
    /// the summary in every run file, `sweep.csv` and `aggregate.csv` (`MetricSet`).
    public var classes: [String] = []

    /// The metrics of the sweep's runs.
    public var metrics: MetricSet { MetricSet(classes: classes, bytes: points.contains { $0.usesLinks }) }

    /// Number of runs.
    public var runCount: Int { points.count * replications }

    /// The sweep's hash (of `resolvedText`), recorded in every run file.
    public var hash: String { RunFile.hash(resolvedText) }

    /// Run `index` of the plan.
    public func run(_ index: Int) -> Run {
        let point = index / replications
        let replication = index % replications + 1
        return Run(
            index: index, point: point, replication: replication,
            seed: Scenario.runSeed(base: points[point].seed, replication: replication))
    }

    /// Reads a scenario with a `sweep` section and expands its plan; every point's
    /// scenario is checked now, so a bad value fails before any run.
    /// - Throws: `InputError` naming the file, line, key and value.
    public static func load(path: String, overrides: [String] = []) throws -> SweepPlan {
        try plan(ScenarioDocument.load(path: path, overrides: overrides))
    }

    /// See `load(path:overrides:)`.
    public static func parse(yaml: String, origin: String, baseDirectory: String? = nil, overrides: [String] = [])
        throws -> SweepPlan
    {
        try plan(ScenarioDocument.parse(yaml: yaml, origin: origin, baseDirectory: baseDirectory, overrides: overrides))
    }

    /// The plan of a scenario document with a `sweep` section. With `checkResolved`, the
    /// resolved file the sweep writes in its folder is read back too, so that a value a later
    /// stage would refuse (a procedure's default against the replications) is refused now,
    /// before any run, naming the user's file.
    static func plan(_ document: ScenarioDocument, checkResolved: Bool = true) throws -> SweepPlan {
        let (baseRoot, sections) = try document.split(foreign: ScenarioDocument.commandSections)
        let foreign = sections.filter { $0.key == "sweep" }
        let base = try Scenario(baseRoot, baseDirectory: document.baseDirectory)
        guard let sweepNode = foreign.first?.value else {
            throw InputError(
                "\(baseRoot.location): this scenario has no sweep section; add sweep: {replications: N, vary: {\"key.path\": [values]}} (or use kscsim run)"
            )
        }
        let baseDirectory = document.baseDirectory
        let (replications, vary, zip, procedureSpec) = try section(sweepNode, base: base, baseDirectory: baseDirectory)
        // Points: factorial over vary (last key fastest), then each zip row.
        var combos: [[(String, ConfigNode)]] = [[]]
        for axis in vary {
            combos = combos.flatMap { combo in axis.values.map { combo + [(axis.path, $0)] } }
        }
        if let first = zip.first {
            combos = combos.flatMap { combo in
                (0..<first.values.count).map { row in combo + zip.map { ($0.path, $0.values[row]) } }
            }
        }
        var points: [Scenario] = []
        var labels: [[String]] = []
        for combo in combos {
            var node = baseRoot
            // `label` names a zip row's point: a column of the outputs, not a key of the scenario.
            for (path, value) in combo where path != SweepPlan.labelKey {
                node = try node.setting(
                    path.split(separator: ".", omittingEmptySubsequences: false), to: value, fullPath: path)
            }
            var scenario = try Scenario(node, baseDirectory: baseDirectory)
            scenario.replications = replications
            points.append(scenario)
            labels.append(combo.map { $0.1.scalarText ?? $0.1.yaml.flow })
        }
        var baseResolved = base
        baseResolved.replications = replications
        var section = [YAMLEntry("replications", .plain(String(replications)))]
        for (name, list) in [("vary", vary), ("zip", zip)] where !list.isEmpty {
            section.append(
                YAMLEntry(name, .blockMap(list.map { YAMLEntry($0.path, .flowList($0.values.map(\.yaml))) })))
        }
        var classes: [String] = []
        for name in points.flatMap({ $0.classes.map(\.name) }) where !classes.contains(name) { classes.append(name) }
        let procedure = try SweepProcedure.read(
            procedureSpec, points: points.count, limit: replications,
            metrics: MetricSet(classes: classes, bytes: points.contains { $0.usesLinks }))
        try checkClasses(named: procedure.metricNames, at: points, origin: sweepNode.location)
        if let entry = procedure.resolvedEntry { section.append(entry) }
        let step = try timeseriesStep(procedureSpec, horizon: points.map(\.horizon).max() ?? 0)
        if let step { section.append(YAMLEntry("timeseries", .plain(DurationText.format(step)))) }
        let text = baseResolved.resolvedYAML + YAMLValue.lines([YAMLEntry("sweep", .blockMap(section))])
        var plan = SweepPlan(
            points: points, pointLabels: labels, columns: vary.map(\.path) + zip.map(\.path),
            replications: replications, resolvedText: text)
        plan.procedure = procedure
        plan.timeseriesStep = step
        plan.classes = classes
        if case .select(let rule) = procedure { _ = try rule.costs(of: points) }
        if checkResolved {
            do {
                let resolved = try ScenarioDocument.parse(
                    yaml: text, origin: "scenario.resolved.yaml", baseDirectory: document.baseDirectory)
                _ = try Self.plan(resolved, checkResolved: false)
            } catch let error as InputError {
                throw InputError(
                    "\(sweepNode.location): sweep: the sweep's own resolved file (scenario.resolved.yaml in its folder) would be refused when read back: \(error.message); set that key explicitly in the sweep section"
                )
            }
        }
        return plan
    }

    /// Checks a `sweep` section's shape and size (not the values of its points) and returns
    /// its replications and axes; `kscsim run` and `describe` check it this way too.
    /// - Throws: `InputError` naming the line and key, also when the plan would exceed
    ///   `Limits.maximumPlanRuns` runs.
    static func section(_ node: ConfigNode, base: Scenario, baseDirectory: String?) throws -> (
        Int, [RawAxis], [RawAxis], MappingReader
    ) {
        let spec = try MappingReader(
            node, path: "sweep", allowed: ["replications", "vary", "zip", "precision", "select", "timeseries"],
            baseDirectory: baseDirectory)
        let replications = try spec.integer("replications", default: base.replications, minimum: 1, maximum: 1_000_000)
        let vary = try axes(spec, "vary")
        let zip = try axes(spec, "zip")
        if let first = zip.first, let bad = zip.first(where: { $0.values.count != first.values.count }) {
            throw InputError(
                "\(bad.location): sweep.zip.\(bad.path): \(bad.values.count) values, but sweep.zip.\(first.path) has \(first.values.count); zip lists move together and must have the same length"
            )
        }
        guard !vary.isEmpty || !zip.isEmpty else {
            throw spec.error("vary", "a sweep needs at least one key in vary or zip")
        }
        if let axis = vary.first(where: { $0.path == labelKey }) {
            throw InputError(
                "\(axis.location): sweep.vary.label: label names the points of zip rows; put it under zip, beside the keys it names"
            )
        }
        if let axis = zip.first(where: { $0.path == labelKey }) {
            if zip.count == 1 {
                throw InputError("\(axis.location): sweep.zip.label: label names zip rows; zip needs a key to vary too")
            }
            var seen = Set<String>()
            for value in axis.values {
                guard let text = value.scalarText, !text.isEmpty, seen.insert(text).inserted else {
                    throw InputError(
                        "\(value.location): sweep.zip.label: each point needs its own label, a non-empty text (got \(value.yaml.flow))"
                    )
                }
            }
        }
        var runs = replications
        for factor in vary.map(\.values.count) + [zip.first?.values.count ?? 1] {
            let (product, overflow) = runs.multipliedReportingOverflow(by: factor)
            guard !overflow, product <= Limits.maximumPlanRuns else {
                throw InputError(
                    "\(node.location): sweep: the plan has more than \(Limits.maximumPlanRuns) runs (points x replications); split it into several sweeps"
                )
            }
            runs = product
        }
        _ = try SweepProcedure.read(spec, points: 1, limit: replications, metrics: MetricSet(base))
        return (replications, vary, zip, spec)
    }

    /// The `timeseries` step of a sweep section, checked against the sample limit.
    static func timeseriesStep(_ spec: MappingReader, horizon: Double) throws -> Double? {
        guard spec.has("timeseries") else { return nil }
        let step = try spec.duration("timeseries", default: 0, minimum: Limits.minimumPeriod)
        if horizon / step > Double(Limits.maximumSamples) {
            throw spec.error(
                "timeseries",
                "\(Int((horizon / step).rounded())) samples over the horizon; at most \(Limits.maximumSamples) (use a longer step)"
            )
        }
        return step
    }

    /// Checks the `sweep` section of a document, if any, without expanding its points.
    /// - Throws: `InputError` for a malformed section.
    public static func validateSection(of document: ScenarioDocument, base: Scenario) throws {
        guard case .mapping(let entries, _) = document.root,
            let node = entries.first(where: { $0.key == "sweep" })?.value
        else { return }
        _ = try section(node, base: base, baseDirectory: document.baseDirectory)
        // Every value a sweep would refuse later, refused now (procedure defaults included).
        _ = try plan(document)
    }

    /// Refuses a per-class metric whose class some point does not have (its value there would
    /// be unknown, and a procedure cannot decide on it).
    static func checkClasses(named metrics: [String], at points: [Scenario], origin: SourceLocation?) throws {
        for name in metrics {
            guard let deviceClass = ClassFigures.split(name)?.deviceClass else { continue }
            if let p = points.firstIndex(where: { !$0.classes.contains { $0.name == deviceClass } }) {
                throw InputError(
                    "\(origin.map { "\($0): sweep: " } ?? "--metric: ")\"\(name)\" names the class \"\(deviceClass)\", which point \(p) does not have (its classes: \(points[p].classes.map(\.name).joined(separator: ", "))); name a class every point has"
                )
            }
        }
    }

    /// The zip key that names each row's point (e.g. `label: [direct, "one gateway"]`).
    public static let labelKey = "label"

    struct RawAxis {
        let path: String
        let values: [ConfigNode]
        let location: SourceLocation
    }

    static func axes(_ spec: MappingReader, _ key: String) throws -> [RawAxis] {
        guard let node = spec.node(key) else { return [] }
        guard case .mapping(let entries, _) = node else {
            throw spec.error(
                key,
                "expected a mapping of key paths to lists of values, e.g. {\"classes.remote.wakeReachable\": [0, 0.5, 1]}"
            )
        }
        return try entries.map { entry in
            guard case .sequence(let values, _) = entry.value else {
                throw InputError(
                    "\(entry.value.location): sweep.\(key).\(entry.key): expected a list of values, e.g. [0, 0.5, 1]")
            }
            guard !values.isEmpty else {
                throw InputError("\(entry.value.location): sweep.\(key).\(entry.key): the list of values is empty")
            }
            let segments = entry.key.split(separator: ".", omittingEmptySubsequences: false)
            guard !segments.contains(where: \.isEmpty), entry.key != "sweep", !entry.key.hasPrefix("sweep.") else {
                throw InputError(
                    "\(entry.keyLocation): sweep.\(key): \"\(entry.key)\" is not a key path of the scenario")
            }
            return RawAxis(path: entry.key, values: values, location: entry.value.location)
        }
    }
}
