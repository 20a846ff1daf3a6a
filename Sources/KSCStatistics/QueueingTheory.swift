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
