import KSCGSL
import KSCRandom
import KSCSupport

extension TaskSpec {
    /// One element of `tasks`.
    public static let schema = SectionSchema<TaskSpec>(
        [
            KeySpec(
                "name", unit: "text", doc: "unique", shownDefault: "`taskN`",
                read: { r, s in
                    s.name = try r.string("name", default: s.name)
                }, write: { [YAMLEntry("name", .string($0.name))] }),
            KeySpec(
                "at", unit: "durations", doc: "launch at the listed times (only launches before the horizon happen)",
                shownDefault: "one of at, every, rate",
                read: { r, s in
                    guard let items = try r.list("at") else { return }
                    guard items.count <= Limits.maximumLaunches else {
                        throw r.error("at", "\(items.count) launch times; at most \(Limits.maximumLaunches)")
                    }
                    s.schedule = .at(
                        try items.map { item -> Double in
                            guard let text = item.scalarText, let t = try? DurationText.seconds(text), t >= 0,
                                t <= Scenario.maximumHorizon
                            else {
                                throw InputError(
                                    "\(item.location): \(r.qualified("at")): \"\(item.scalarText ?? "?")\" must be a time from 0 to 36500d (\(DurationText.allowed))"
                                )
                            }
                            return t
                        }.sorted())
                },
                write: { s in
                    guard case .at(let times) = s.schedule else { return [] }
                    return [YAMLEntry("at", .flowList(times.map { .plain(DurationText.format($0)) }))]
                }),
            KeySpec(
                "every", unit: "duration", doc: "launch every period from `start`",
                shownDefault: "one of at, every, rate",
                read: { r, s in
                    guard r.has("every") else { return }
                    let period = try r.duration("every", default: 3600, positive: true)
                    if let problem = Limits.periodProblem(period) {
                        throw r.error(
                            "every",
                            "\(DurationText.format(period)) \(problem.replacingOccurrences(of: "must have a finite mean of", with: "must be"))"
                        )
                    }
                    s.schedule = .every(period: period, start: try r.duration("start", default: 0))
                },
                write: { s in
                    guard case .every(let period, _) = s.schedule else { return [] }
                    return [YAMLEntry("every", .plain(DurationText.format(period)))]
                }),
            KeySpec(
                "start", unit: "duration", doc: "first launch, with `every`", shownDefault: "`0s`",
                read: { r, _ in
                    if r.has("start") && !r.has("every") { throw r.error("start", "start goes with every") }
                },
                write: { s in
                    guard case .every(_, let start) = s.schedule else { return [] }
                    return [YAMLEntry("start", .plain(DurationText.format(start)))]
                }),
            KeySpec(
                "rate", unit: "launches per time", doc: "Poisson launches (`2/h`, `1/d`, or a plain number per second)",
                shownDefault: "one of at, every, rate",
                read: { r, s in
                    guard let text = try r.text("rate") else { return }
                    s.schedule = .poisson(rate: try TaskSpec.rate(text, reader: r))
                },
                write: { s in
                    guard case .poisson(let rate) = s.schedule else { return [] }
                    return [YAMLEntry("rate", .plain("\((rate * 3600).shortText)/h"))]
                }),
            KeySpec(
                "targets", unit: "`all` or class names", doc: "targeted classes",
                read: { r, s in
                    if let text = r.node("targets")?.scalarText {
                        guard text == "all" else {
                            throw r.error("targets", "\"\(text)\" must be all or a list of class names")
                        }
                    } else {
                        s.targets = try r.stringList("targets") ?? []
                    }
                },
                write: {
                    [
                        YAMLEntry(
                            "targets", $0.targets.isEmpty ? .plain("all") : .flowList($0.targets.map { .string($0) }))
                    ]
                }),
            .duration(
                "randomizedDelay", \.randomizedDelay,
                doc:
                    "KSC's \"randomize the task start within an interval\": a device starts at max(delivery, launch + U(0, randomizedDelay))"
            ),
        ] + payloadKeys,
        finish: { r, _ in
            let given = ["at", "every", "rate"].filter(r.has)
            guard given.count == 1 else {
                throw InputError(
                    "\(r.location): \(r.path): give exactly one of at (list of times), every (period) or rate (launches per time, e.g. 2/h)\(given.isEmpty ? "" : "; got \(given.joined(separator: " and "))")"
                )
            }
        })

    /// `2/h`, `0.5/m`, `0.001` (per second) -> launches per second.
    static func rate(_ text: String, reader: MappingReader) throws -> Double {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingSpaces() }
        let per = parts.count == 2 ? (try? DurationText.seconds("1" + parts[1])) : 1
        guard let count = Double(parts[0]), count > 0, count.isFinite, let per, per > 0, (count / per).isFinite else {
            throw reader.error("rate", "\"\(text)\" must be launches per time > 0, e.g. 2/h, 1/d or 0.01 (per second)")
        }
        guard per / count >= Limits.minimumPeriod else {
            throw reader.error(
                "rate", "\"\(text)\" is more than 1000 launches per second (the mean gap must be at least 1ms)")
        }
        return count / per
    }
}

/// An element of a list addressed by name (`classes.NAME`, `tasks.NAME`).
