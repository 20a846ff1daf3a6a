import CGSL
import KSCGSL

/// Closed-form results of queueing theory that the model must reproduce.
public enum QueueingTheory {
    /// Erlang B: the blocking probability of c servers with offered load `a` erlangs
    /// (M/G/c/c; insensitive to the holding-time distribution).
    public static func erlangB(servers c: Int, load a: Double) -> Double {
        precondition(c >= 0 && a >= 0)
        var b = 1.0
        if c > 0 {
            for k in 1...c { b = a * b / (Double(k) + a * b) }
        }
        return b
    }

    /// Erlang C: the probability that an arrival waits in an M/M/c queue with offered
    /// load `a` = lambda / mu erlangs (< c).
    public static func erlangC(servers c: Int, load a: Double) -> Double {
        precondition(c >= 1 && a < Double(c), "Erlang C needs load < servers")
        let b = erlangB(servers: c, load: a)
        return Double(c) * b / (Double(c) - a * (1 - b))
    }

    /// Mean wait in queue (before service) of an M/M/c queue.
    /// - Parameters: arrivalRate lambda and serviceRate mu per server (per second).
    public static func mmcMeanWait(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double) -> Double {
        let a = lambda / mu
        return erlangC(servers: c, load: a) / (Double(c) * mu - lambda)
    }
}

extension QueueingTheory {
    /// The M/M/c/K queue (c servers, room for K customers in all, K >= c) from its
    /// birth-death chain: the share of arrivals refused (the chain is full) and the mean
    /// wait before service of the admitted ones.
    /// - Parameters: offered load `a` = lambda / mu erlangs (any a > 0: the chain is finite).
    public static func mmcK(servers c: Int, capacity k: Int, load a: Double) -> (
        refused: Double, meanWaitTimesMu: Double
    ) {
        precondition(c >= 1 && k >= c && a > 0)
        // Unnormalised p_n, built by ratios to avoid overflowing factorials.
        var p = [1.0]
        for n in stride(from: 1, through: k, by: 1) { p.append(p[n - 1] * a / Double(Swift.min(n, c))) }
        let total = p.reduce(0, +)
        let refused = p[k] / total
        var queued = 0.0
        for n in stride(from: c + 1, through: k, by: 1) { queued += Double(n - c) * p[n] / total }
        // Little's law over admitted arrivals: Wq = Lq / (lambda (1 - refused)); times mu.
        return (refused, queued / (a * (1 - refused)))
    }
}
