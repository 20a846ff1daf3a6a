import Testing

@testable import KSCGSL
@testable import KSCRandom
@testable import KSCSupport

@Suite("StreamSet and RandomStream")
struct StreamSetTests {
    func draws(_ stream: RandomStream, _ n: Int = 100) -> [Double] {
        (0..<n).map { _ in stream.uniform() }
    }

    @Test("same seed and name give identical draws")
    func sameSeedSameDraws() throws {
        let a = try StreamSet(seed: 42).stream("remote.syncJitter")
        let b = try StreamSet(seed: 42).stream("remote.syncJitter")
        #expect(draws(a) == draws(b))
    }

    @Test("different names and seeds give different draws")
    func differentStreams() throws {
        let base = draws(try StreamSet(seed: 42).stream("remote.syncJitter"))
        #expect(base != draws(try StreamSet(seed: 42).stream("remote.rtt")))
        #expect(base != draws(try StreamSet(seed: 43).stream("remote.syncJitter")))
    }

    @Test("creating a new stream leaves the draws of the others unchanged")
    func newStreamIsIndependent() throws {
        let set = StreamSet(seed: 7)
        let before = try set.stream("office.availability")
        let first = draws(before, 10)
        _ = try set.stream("office.newPurpose").uniform()
        let second = draws(before, 10)
        let fresh = try set.stream("office.availability")
        #expect(draws(fresh, 20) == first + second)
    }

    @Test("the seed rule is the documented one")
    func documentedSeedRule() {
        // FNV-1a 64 of the empty string is the offset basis.
        #expect(StreamSet.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StreamSet.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        // SplitMix64 of 0 (first output of a SplitMix64 generator seeded with 0).
        #expect(StreamSet.splitmix64(0) == 0xe220_a839_7b1d_cdaf)
        #expect(StreamSet(seed: 5).seed(for: "x") == StreamSet.splitmix64(5 ^ StreamSet.fnv1a64("x")))
    }

    @Test("generators are found by GSL name; unknown names are rejected with the list")
    func generators() throws {
        #expect(RandomGenerator.allNames.contains("mt19937"))
        let ranlux = try RandomGenerator(named: "ranlxd2")
        let stream = try RandomStream(generator: ranlux, seed: 1)
        #expect(stream.uniform() != (try RandomStream(seed: 1)).uniform())
        let error = #expect(throws: InputError.self) { try RandomGenerator(named: "mersenne") }
        #expect(error?.message.hasPrefix("unknown random generator \"mersenne\"; allowed: ") == true)
        #expect(error?.message.contains("mt19937") == true)
    }

    @Test("integer and bernoulli draws stay in range")
    func ranges() throws {
        let s = try RandomStream(seed: 3)
        for _ in 0..<10_000 {
            let k = s.integer(below: 7)
            #expect(k >= 0 && k < 7)
        }
        #expect(!s.bernoulli(0) && s.bernoulli(1))
    }
}
