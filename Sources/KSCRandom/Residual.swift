import CGSL
import Foundation
import KSCGSL

/// Draws for starting renewal processes in equilibrium: a process observed at a random
/// moment long after it started sees its current interval length-biased (an interval
/// of length x is met with probability proportional to x), and the time to its next
/// event uniform over that interval: the equilibrium residual, of mean E[X²] / (2 E[X]).
extension Distribution {
    /// A draw from the length-biased law of this distribution (density x f(x) / E[X]).
    /// Exact for every family; requires a finite mean (a Pareto with shape > 1).
    /// - Complexity: O(1), except `empirical`: O(log n).
    public func lengthBiasedSample(_ stream: RandomStream) -> Double {
        let r = stream.pointer
        switch self {
        case .constant(let value):
            return value
        case .uniform(let a, let b):
            // Density proportional to x on [a, b]: invert the CDF (x² - a²) / (b² - a²).
            return a == b ? a : (a * a + gsl_rng_uniform(r) * (b * b - a * a)).squareRoot()
        case .exponential(let mean):
            return gsl_ran_gamma(r, 2, mean)
        case .lognormal(let mean, _, let mu, let sigma):
            return sigma == 0 ? mean : gsl_ran_lognormal(r, mu + sigma * sigma, sigma)
        case .gamma(let shape, let mean):
            return gsl_ran_gamma(r, shape + 1, mean / shape)
        case .weibull(let k, let lambda):
            // (X / lambda)^k is Exp(1); weighting by x gives Gamma(1 + 1/k, 1) for it.
            return lambda * pow(gsl_ran_gamma(r, 1 + 1 / k, 1), 1 / k)
        case .pareto(let a, let min):
            precondition(a > 1, "length-biased Pareto needs shape > 1 (a finite mean)")
            return gsl_ran_pareto(r, a - 1, min)
        case .normal(let mu, let sd):
            return sd == 0 ? mu : Distribution.lengthBiasedTruncatedNormal(mu: mu, sd: sd, r)
        case .empirical(let sample):
            return sample.lengthBiasedValue(gsl_rng_uniform(r))
        }
    }

    /// Length-biased normal truncated at 0 (mu >= 0), by rejection: the proposal
    /// (a + |x - mu|) phi((x - mu)/sd) on x >= 0, with a = mu + sd, bounds x phi((x - mu)/sd)
    /// since x <= a + |x - mu|; it is a mixture of the truncated normal and of the two
    /// sides of |z| phi(z), each sampled exactly.
    static func lengthBiasedTruncatedNormal(mu: Double, sd: Double, _ r: UnsafeMutablePointer<gsl_rng>) -> Double {
        let a = mu + sd
        let h = mu / sd
        let phi0 = gsl_ran_ugaussian_pdf(0)
        let phiH = gsl_ran_ugaussian_pdf(h)
        // Masses of the three parts (in units of sd; common factors dropped).
        let normalPart = a / sd * gsl_cdf_ugaussian_P(h)  // a phi on x >= 0
        let rightPart = phi0  // |z| phi(z), z > 0
        let leftPart = phi0 - phiH  // |z| phi(z), -h < z < 0
        let total = normalPart + rightPart + leftPart
        while true {
            let pick = gsl_rng_uniform(r) * total
            let x: Double
            if pick < normalPart {
                x = mu + gsl_ran_gaussian_tail(r, -h, 1) * sd
            } else if pick < normalPart + rightPart {
                x = mu + sd * (-2 * log(gsl_rng_uniform_pos(r))).squareRoot()
            } else {
                // |z| phi(z) on (0, h), mirrored: P(|z| <= t) proportional to 1 - exp(-t²/2).
                let u = gsl_rng_uniform(r) * (1 - exp(-h * h / 2))
                x = mu - sd * (-2 * log1p(-u)).squareRoot()
            }
            if gsl_rng_uniform(r) * (a + abs(x - mu)) <= x { return x }
        }
    }

    /// The equilibrium residual of a renewal process whose intervals are X + Y (this
    /// distribution plus `jitter`): U x L with L length-biased. The length-biased law of
    /// a sum is a mixture: with probability E[X] / E[X + Y], X length-biased plus Y;
    /// otherwise X plus Y length-biased.
    /// - Parameters: `x`, `y`: streams of X and Y; `u`: the stream of the mixture choice and of U.
    public func equilibriumResidual(plus jitter: Distribution, x: RandomStream, y: RandomStream, u: RandomStream)
        -> Double
    {
        let mx = mean
        let my = jitter.mean
        guard mx + my > 0 else { return 0 }
        let length =
            u.uniform() * (mx + my) < mx
            ? lengthBiasedSample(x) + jitter.sample(y)
            : sample(x) + jitter.lengthBiasedSample(y)
        return u.uniform() * length
    }
}

extension EmpiricalSample {
    /// The value whose share of the total lies at `u` in [0, 1): a draw weighted by size.
    func lengthBiasedValue(_ u: Double) -> Double {
        let target = u * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return values[lo]
    }
}
