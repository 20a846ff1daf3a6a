import CGSL
import Foundation
import KSCGSL

extension Distribution {
    /// The median of a draw: half the draws are at most this. A distribution can have a large
    /// mean while almost every draw is 0 (a gamma of vanishing shape, a lognormal of huge sd);
    /// its median says so.
    /// - Complexity: O(1), except `empirical`: O(n log n).
    public var median: Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let a, let b):
            return (a + b) / 2
        case .exponential(let mean):
            return mean * M_LN2
        case .lognormal(let mean, _, let mu, let sigma):
            return sigma == 0 ? mean : exp(mu)
        case .gamma(let shape, let mean):
            GSL.initialize()
            return gsl_cdf_gamma_Pinv(0.5, shape, mean / shape)
        case .weibull(let k, let lambda):
            return lambda * pow(M_LN2, 1 / k)
        case .pareto(let a, let min):
            return min * pow(2, 1 / a)
        case .normal(let mu, let sd):
            // Truncated at 0: the median of the part above 0.
            guard sd > 0 else { return mu }
            GSL.initialize()
            let below = gsl_cdf_ugaussian_P(-mu / sd)
            return mu + sd * gsl_cdf_ugaussian_Pinv(below + (1 - below) / 2)
        case .empirical(let sample):
            let sorted = sample.values.sorted()
            return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
        }
    }
}
