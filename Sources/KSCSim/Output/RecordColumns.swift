extension SummaryRecord: CSVRow {
    public static let columns = [
        "scenario", "replication", "seed", "devices", "horizon_s", "tasks_launched", "deliveries", "undelivered",
        "latency_mean_s", "latency_p50_s", "latency_p90_s", "latency_p95_s", "latency_p99_s", "latency_max_s",
        "within_60s", "within_300s", "within_900s", "within_3600s", "via_push", "via_wake", "via_sync", "via_startup",
        "perm_attempts", "perm_refused", "perm_blocking", "perm_in_use_mean", "perm_in_use_max", "syncs",
        "sync_wait_mean_s", "sync_wait_p99_s", "queue_length_max", "server_utilization", "connections_refused", "wake_sent", "wake_lost",
        "wake_to_offline", "status_stale_mean_s", "events",
    ]

    public var csvValues: [CSVValue] {
        [.text(scenario), .int(replication), .uint(seed), .int(devices), .number(horizonSeconds), .int(tasksLaunched),
         .int(deliveries), .int(undelivered), .number(latencyMean), .number(latencyP50), .number(latencyP90),
         .number(latencyP95), .number(latencyP99), .number(latencyMax), .number(within60), .number(within300),
         .number(within900), .number(within3600), .int(viaPush), .int(viaWake), .int(viaSync), .int(viaStartup),
         .int(permAttempts), .int(permRefused), .number(permBlocking), .number(permInUseMean), .number(permInUseMax),
         .int(syncs), .number(syncWaitMean), .number(syncWaitP99), .int(queueLengthMax), .number(serverUtilization), .int(connectionsRefused),
         .int(wakeSent), .int(wakeLost), .int(wakeToOffline), .number(statusStaleMean), .uint(events)]
    }

    /// The numeric metrics (every column but scenario, replication and seed), for aggregation.
    public var metrics: [(name: String, value: Double)] {
        zip(SummaryRecord.columns, csvValues).compactMap { name, value in
            switch (name, value) {
            case ("replication", _), ("seed", _): return nil
            case (_, .int(let i)): return (name, Double(i))
            case (_, .uint(let u)): return (name, Double(u))
            case (_, .number(let x)): return (name, x)
            default: return nil
            }
        }
    }
}

extension LatencyRecord: CSVRow {
    public static let columns = ["scenario", "replication", "class", "path", "count", "mean_s", "p50_s", "p90_s", "p95_s", "p99_s", "max_s"]
    public var csvValues: [CSVValue] {
        [.text(scenario), .int(replication), .text(deviceClass), .text(path), .int(count), .number(mean), .number(p50),
         .number(p90), .number(p95), .number(p99), .number(max)]
    }
}

extension DeliveryRecord: CSVRow {
    public static let columns = ["replication", "task", "device", "class", "path", "launched_s", "delivered_s", "latency_s"]
    public var csvValues: [CSVValue] {
        [.int(replication), .text(task), .int(device), .text(deviceClass), .text(path.description), .number(launched),
         .number(delivered), .number(latency)]
    }
}

extension TimeseriesRecord: CSVRow {
    public static let columns = ["replication", "time_s", "online", "perm_in_use", "queue_length", "busy_workers", "undelivered"]
    public var csvValues: [CSVValue] {
        [.int(replication), .number(time), .int(online), .int(permInUse), .int(queueLength), .int(busyWorkers), .int(undelivered)]
    }
}

/// `aggregate.csv`: one row per point, and for each numeric summary metric its mean,
/// standard deviation and 95 % Student-t half-width over the point's replications.
public enum AggregateTable {
    /// The summary columns that are aggregated (all but scenario, replication and seed).
    public static let metrics = SummaryRecord.columns.filter { !["scenario", "replication", "seed"].contains($0) }

    /// The whole table.
    /// - Parameters:
    ///   - varied: names of the varied columns (empty for a single point).
    ///   - points: each point's number, varied values, and per replication its metric
    ///     values in the order of `metrics`.
    public static func text(format: CSVFormat, varied: [String], points: [(point: Int, labels: [String], runs: [[Double]])]) -> String {
        var out = format.header(["point"] + varied + ["replications"] + metrics.flatMap { ["\($0)_mean", "\($0)_sd", "\($0)_ci95"] })
        for p in points {
            var line: [CSVValue] = [.int(p.point)] + p.labels.map { .text($0) } + [.int(p.runs.count)]
            for m in metrics.indices {
                let stats = AggregateStatistics(p.runs.map { $0[m] })
                line += [.number(stats.mean), .number(stats.sd), .number(stats.ci95)]
            }
            out += format.line(line)
        }
        return out
    }
}

extension SummaryRecord {
    /// Values of `AggregateTable.metrics`, in order.
    public var metricValues: [Double] {
        zip(SummaryRecord.columns, csvValues).compactMap { name, value in
            guard AggregateTable.metrics.contains(name) else { return nil }
            switch value {
            case .int(let i): return Double(i)
            case .uint(let u): return Double(u)
            case .number(let x): return x
            case .text: return .nan
            }
        }
    }
}
