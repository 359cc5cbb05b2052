/// A small, fast, seedable pseudo-random generator (Marsaglia's xorshift with a
/// multiplicative output step, "xorshift64*"). The same seed gives the same sequence on
/// every run and platform, so noise in tests is reproducible. Not for anything secret.
struct XorshiftGenerator: RandomNumberGenerator, Sendable {
    /// Used for seed 0: an all-zero state would stay zero for ever.
    static let replacementSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? Self.replacementSeed : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A value spread evenly over -1 ..< 1 (its RMS is 1/√3), from the top 53 bits.
    mutating func nextSignedUnit() -> Double {
        Double(next() >> 11) * 0x1p-52 - 1
    }
}
