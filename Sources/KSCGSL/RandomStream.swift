import CGSL
import KSCSupport

/// A GSL random number generator type, such as `mt19937` (the default) or `ranlxd2`.
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    /// GSL's name of the generator.
    public let name: String

    /// The Mersenne Twister MT19937, kscsim's default generator.
    public static let mt19937 = RandomGenerator(uncheckedName: "mt19937")

    private init(uncheckedName: String) { name = uncheckedName }

    /// The GSL generator called `name`.
    /// - Throws: `InputError` listing GSL's generator names when there is none by that name.
    public init(named name: String) throws {
        guard RandomGenerator.gslType(named: name) != nil else {
            throw InputError(
                "unknown random generator \"\(name)\"; allowed: \(RandomGenerator.allNames.joined(separator: ", "))")
        }
        self.name = name
    }

    public var description: String { name }

    /// Every generator name GSL knows.
    public static var allNames: [String] {
        var names: [String] = []
        var cursor = gsl_rng_types_setup()
        while let type = cursor?.pointee {
            names.append(String(cString: type.pointee.name))
            cursor = cursor?.advanced(by: 1)
        }
        return names
    }

    public static func gslType(named name: String) -> UnsafePointer<gsl_rng_type>? {
        if name == "mt19937" { return kscsim_rng_mt19937() }
        var cursor = gsl_rng_types_setup()
        while let type = cursor?.pointee {
            if String(cString: type.pointee.name) == name { return type }
            cursor = cursor?.advanced(by: 1)
        }
        return nil
    }
}

/// One independent stream of random numbers: owns a `gsl_rng` and frees it.
///
/// Not thread-safe: a stream belongs to one run on one thread.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The seed given to `gsl_rng_set`.
    public let seed: UInt64
    /// The generator type.
    public let generator: RandomGenerator

    /// A stream of `generator` seeded with `seed`.
    /// - Throws: `GSLError` when GSL cannot allocate the generator.
    public init(generator: RandomGenerator = .mt19937, seed: UInt64) throws {
        GSL.initialize()
        guard let type = RandomGenerator.gslType(named: generator.name),
            let rng = gsl_rng_alloc(type)
        else {
            throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_rng_alloc(\(generator.name))")
        }
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
        self.rng = rng
        self.seed = seed
        self.generator = generator
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// A uniform draw in [0, 1).
    @inlinable
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform integer in 0..<n (n >= 1).
    @inlinable
    public func integer(below n: Int) -> Int {
        assert(n >= 1)
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// True with probability `p`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool {
        p >= 1 || (p > 0 && gsl_rng_uniform(rng) < p)
    }

    /// The raw generator, for `gsl_ran_*` calls (the distributions).
    @inlinable public var pointer: UnsafeMutablePointer<gsl_rng> { rng }
}
