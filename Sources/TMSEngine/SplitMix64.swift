/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit counter passed through a
/// bijective mixing function. Used only to derive seeds, never for draws.
///
/// `next()` returns `mix(state += 0x9E3779B97F4A7C15)` with the finaliser of
/// Vigna's reference implementation. See [EngineRandomStreams.md](../../Derivations/EngineRandomStreams.md).
public struct SplitMix64: Sendable {
    public var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    /// The mixing function `z ↦ z'`: a bijection of `UInt64`.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
}
