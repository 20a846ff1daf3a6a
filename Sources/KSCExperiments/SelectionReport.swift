import Foundation
import KSCModel
import KSCStatistics
import KSCSupport

/// `selection.csv` and `selection.md`: what a `select` procedure decided about each candidate
/// (the points of the sweep), and the answer with its guarantee in plain words.
public struct SelectionReport {
    let plan: SweepPlan
    let rule: SelectionRule
    let outcome: SequentialSelection.Outcome
    /// Per candidate: the round in which its last decision was taken (0: none).
    let rounds: [Int]
    /// Per candidate: replications 1 … used of each metric.
    let data: [[[Double]]]
    let costs: [Double]?

    init(plan: SweepPlan, rule: SelectionRule, outcome: SequentialSelection.Outcome, directory: SweepDirectory) throws {
        self.plan = plan
        self.rule = rule
        self.outcome = outcome
        var history: [[Int]] = []
        while let targets = try directory.roundTargets(history.count + 1, plan: plan) { history.append(targets) }
        rounds = plan.points.indices.map { p in
            let at = Swift.max(
                outcome.selectionDecidedAt[p], outcome.feasibilityDecidedAt[p],
                outcome.status[p] == .undecided ? outcome.used[p] : 0)
            guard at > 0 else { return 0 }
            return (history.firstIndex { $0[p] >= at } ?? history.count - 1) + 1
        }
        data = directory.observations(outcome.used, plan: plan)
        costs = try rule.costs(of: plan.points).map { list in list.map { rule.minimize ? $0 : -$0 } }
    }

    /// The decision replication of candidate `p` (its last decision).
    func decidedAt(_ p: Int) -> Int {
        Swift.max(outcome.selectionDecidedAt[p], outcome.feasibilityDecidedAt[p])
    }

    /// The columns of selection.csv (`K`: one set per constraint; the varied keys come after `point`).
    static let columnDocs: [(name: String, unit: String, doc: String)] = [
        ("point", "number", "the candidate: a point of the sweep, then its varied values as in sweep.csv"),
        (
            "status", "text",
            "chosen, feasible (feasible, not chosen: a cost objective), eliminated (feasible, beaten), infeasible, or undecided (cut by the replication limit)"
        ),
        (
            "decided_at_replication", "number",
            "replication at which the procedure took its last decision on the candidate"
        ),
        ("decided_in_round", "number", "round in which that replication was run"),
        ("replications", "count", "replications of the candidate the procedure used"),
        ("cost", "cost", "with a cost objective: the cost from the scenario keys (as written, before the direction)"),
        ("objective_mean", "metric's", "with a metric objective: its mean over the replications used"),
        ("objective_low", "metric's", "lower end of its Student-t interval at the stated confidence"),
        ("objective_high", "metric's", "upper end of that interval"),
        (
            "constraint_K_mean", "metric's",
            "constraint K's metric (K = 1, 2, … in the order given): mean over the replications used"
        ),
        ("constraint_K_low", "metric's", "lower end of its Student-t interval at the stated confidence"),
        ("constraint_K_high", "metric's", "upper end of that interval"),
    ]

    /// The reference table of selection.csv's columns.
    public static var markdownTable: String { markdownColumnTable(columnDocs) }

    /// Columns: point, varied values, status, decisions, then the figures (from `columnDocs`).
    var header: [String] {
        var names: [String] = []
        for (name, _, _) in SelectionReport.columnDocs {
            switch name {
            case "point": names += ["point"] + VariedColumns(keys: plan.columns, labels: plan.pointLabels).names
            case "cost": if case .cost = rule.goal { names.append(name) }
            case _ where name.hasPrefix("objective_"): if case .metric = rule.goal { names.append(name) }
            case _ where name.contains("_K_"):
                if name.hasSuffix("_mean") {
                    for k in rule.constraints.indices {
                        names += ["mean", "low", "high"].map { "constraint_\(k + 1)_\($0)" }
                    }
                }
            default: names.append(name)
            }
        }
        return names
    }

    /// The interval of metric `m` over candidate `p`'s replications.
    func interval(_ p: Int, _ m: Int) -> ConfidenceInterval {
        ConfidenceInterval(data[p].map { $0[m] }, level: rule.confidence)
    }

    func table(format: CSVFormat) -> String {
        let varied = VariedColumns(keys: plan.columns, labels: plan.pointLabels)
        var out = format.header(header)
        for p in plan.points.indices {
            var line: [FieldValue] =
                [.int(p)] + varied.fields(plan.pointLabels[p])
                + [.text(outcome.status[p].rawValue), .int(decidedAt(p)), .int(rounds[p]), .int(outcome.used[p])]
            switch rule.goal {
            case .cost: line.append(.number(costs?[p] ?? .nan))
            case .metric(_, let m, _):
                let ci = interval(p, m)
                line += [.number(ci.mean), .number(ci.lower), .number(ci.upper)]
            }
            for c in rule.constraints {
                let ci = interval(p, c.constraint.metric)
                line += [.number(ci.mean), .number(ci.lower), .number(ci.upper)]
            }
            out += format.line(line)
        }
        return out
    }

    /// The point's varied values in words: `key = value, …`.
    func describe(_ p: Int) -> String {
        zip(plan.columns, plan.pointLabels[p]).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    var markdown: String {
        let level = "\((rule.confidence * 100).shortText) %"
        var lines = ["# Selection: \(plan.points[0].name)", ""]
        let goal = rule.minimize ? "minimise" : "maximise"
        if let chosen = outcome.chosen {
            lines.append("**Chosen: point \(chosen)** (\(describe(chosen))).")
        } else if outcome.status.allSatisfy({ $0 == .infeasible }) {
            lines.append(
                "**No candidate is feasible**: every one of the \(plan.points.count) points breaks a constraint.")
        } else {
            let undecided = outcome.status.filter { $0 == .undecided }.count
            lines.append(
                "**No candidate was chosen**: \(undecided) of the \(plan.points.count) points are undecided at the replication limit\(undecided < plan.points.count ? ", the others infeasible" : ""); raise --max-replications or widen a tolerance."
            )
        }
        lines.append("")
        lines.append(
            "- Objective: \(goal) `\(rule.goalText)`\(costs != nil ? " (a cost computed from scenario keys; ties go to the lower point number)" : "")."
        )
        for c in rule.constraints { lines.append("- Constraint: `\(c.text)` (the mean over replications).") }
        let counts = Dictionary(grouping: outcome.status, by: \.self).mapValues(\.count)
        let summary = [SequentialSelection.Status.chosen, .feasible, .eliminated, .infeasible, .undecided]
            .compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        lines.append(
            "- Candidates: \(plan.points.count) (\(summary)); replications used: \(outcome.used.reduce(0, +)) in all, between \(outcome.used.min() ?? 0) and \(outcome.used.max() ?? 0) per candidate (limit \(rule.limit))."
        )
        lines += saturationLines
        lines.append("")
        lines.append("## The guarantee")
        lines.append("")
        if outcome.guaranteed {
            var text = "With probability at least \(level), every feasibility decision above is right"
            if case .metric(_, _, let delta) = rule.goal {
                text += " and the chosen candidate is the best feasible one, or within \(delta.shortText) of it"
            } else {
                text += ", so the chosen candidate is the cheapest feasible one"
            }
            lines.append(text + ".")
            lines.append("")
            lines.append(
                "This holds when each constraint's true mean is not within its tolerance of the threshold (a candidate within it may be declared either way), and when replications are independent and about normal (means over many devices are). Common random numbers are used: replication r of every candidate has the same seed."
            )
        } else {
            lines.append(
                "**The guarantee does not hold**: \(outcome.status.filter { $0 == .undecided }.count) candidates were not decided within the limit of \(rule.limit) replications. Rerun with a larger `replications` (the limit) or a wider tolerance; the runs done so far are kept."
            )
        }
        lines.append("")
        lines.append("## The procedure")
        lines.append("")
        let alpha = 1 - rule.confidence
        if costs != nil {
            lines.append(
                "Feasibility: Batur & Kim (2010), procedure F_B, error \(String(format: "%.3g", alpha)) split by Bonferroni over candidates and constraints. The cost is known exactly, so taking the cheapest feasible candidate adds no error. First stage \(rule.firstStage) replications; the rule is checked after every replication, so the rounds (of \(rule.roundSize)) never change a decision."
            )
        } else {
            let delta: Double = { if case .metric(_, _, let d) = rule.goal { return d } else { return 0 } }()
            lines.append(
                "Feasibility: Batur & Kim (2010), procedure F_B, error \(String(format: "%.3g", rule.constraints.isEmpty ? 0 : alpha / 2)) split by Bonferroni over candidates and constraints. Selection among the feasible: Kim & Nelson (2001), procedure KN on paired differences (common random numbers), indifference zone \(delta.shortText), error \(String(format: "%.3g", rule.constraints.isEmpty ? alpha : alpha / 2)). The two phases as in Andradóttir & Kim (2010). First stage \(rule.firstStage) replications; the rule is checked after every replication, so the rounds (of \(rule.roundSize)) never change a decision."
            )
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// One line per candidate that was saturated in a replication it used, beside its verdict:
    /// its figures (and so its verdict) describe an overloaded server.
    var saturationLines: [String] {
        guard let flag = plan.metrics.names.firstIndex(of: "saturated"),
            let share = plan.metrics.names.firstIndex(of: "time_saturated_share")
        else { return [] }
        let constrained = rule.constraints.contains { $0.text.hasPrefix("time_saturated_share") }
        let hint = constrained ? "" : " (add the constraint `time_saturated_share <= 0.01` to exclude it)"
        return plan.points.indices.compactMap { p in
            let runs = data[p]
            let saturated = runs.filter { $0[flag] == 1 }.count
            guard saturated > 0 else { return nil }
            let mean = runs.map { $0[share] }.filter(\.isFinite).reduce(0, +) / Double(Swift.max(1, runs.count))
            return
                "- **Point \(p) (\(outcome.status[p].rawValue)) was saturated** in \(saturated) of \(runs.count) replications: on average \(String(format: "%.1f%%", mean * 100)) of its time at or above 95% utilization (saturationLimit \(String(format: "%g%%", plan.points[p].saturationLimit * 100))); its figures describe an overloaded server\(hint)."
        }
    }
}
