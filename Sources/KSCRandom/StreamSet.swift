import CGSL
import KSCGSL
import KSCSupport

/// The random streams of one run: one independent stream per purpose, derived from
/// the run's seed and the stream's name.
///
/// Seed rule (stable; changing it changes every result):
/// `streamSeed = splitmix64(runSeed XOR fnv1a64(utf8(name)))`, then `gsl_rng_set`
/// with it (MT19937 keeps the low 32 bits). A stream's draws depend on its name and
/// the run seed only, so adding a stream never changes the draws of another.
public struct StreamSet {
    /// The run's seed.
    public let seed: UInt64
    /// The generator type of every stream.
    public let generator: RandomGenerator

    public init(seed: UInt64, generator: RandomGenerator = .mt19937) {
        self.seed = seed
        self.generator = generator
    }

    /// The seed of the stream called `name`.
    public func seed(for name: String) -> UInt64 {
        StreamSet.splitmix64(seed ^ StreamSet.fnv1a64(name))
    }

    /// A fresh stream called `name` (two calls with one name give equal draws).
    /// - Throws: `GSLError` when GSL cannot allocate the generator.
    public func stream(_ name: String) throws -> RandomStream {
        try RandomStream(generator: generator, seed: seed(for: name))
    }

    /// 64-bit FNV-1a hash of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// SplitMix64's output function (Steele, Lea and Flood, 2014).
    public static func splitmix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
