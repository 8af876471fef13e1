import HighPrecision

extension Pentagon {
    /// `cos(2πk/5)` in closed form, for any integer `k` (only `gap(k, 0)` matters):
    ///
    /// | `gap(k, 0)` | value |
    /// |---|---|
    /// | 0 | `1` |
    /// | 1 | `cos(2π/5) = (√5 − 1)/4 ≈ 0.309017` |
    /// | 2 | `cos(4π/5) = −(√5 + 1)/4 ≈ −0.809017` |
    ///
    /// These are the two cosines between distinct vertices of a regular
    /// pentagon. Written over `RealNumber` so the same formula evaluates in
    /// `Double` and in `BigFloat` (one rounding for `√5`, one for the `±1`,
    /// the division by 4 is exact in binary).
    @inlinable
    public static func cosine<T: RealNumber>(ofSteps k: Int) -> T {
        switch gap(k, 0) {
        case 0: return T(1)
        case 1: return (T.sqrt(T(5)) - T(1)) / T(4)
        default: return -(T.sqrt(T(5)) + T(1)) / T(4)
        }
    }

    /// The squared feature norm `a² = |W_i|²` of the regular-pentagon optimum
    /// under one-hot data:
    ///
    ///     a² = 1 / (1 + 2c²),   c = cos(2π/5)      (= (7 + √5)/11 ≈ 0.839643)
    ///
    /// With every `|W_i| = a` and neighbouring cosine `c > 0`, the one-hot input
    /// `e_i` reconstructs `x̂_i = a²`, `x̂_{i±1} = a²c` and `x̂_{i±2} =
    /// ReLU(a² cos(4π/5)) = 0`, so `ℓ_{e_i} = (1 − a²)² + 2(a²c)²`, a quadratic
    /// in `a²` minimised at the value above. Derivation:
    /// [D5Taxonomy.md §5](../../Derivations/D5Taxonomy.md).
    @inlinable
    public static func optimalSquaredNorm<T: RealNumber>() -> T {
        let c: T = cosine(ofSteps: 1)
        return T(1) / (T(1) + T(2) * c * c)
    }

    /// `|W_i| = √(1/(1 + 2c²)) ≈ 0.916320`, the norm of every feature of the
    /// regular-pentagon optimum under one-hot data (see ``optimalSquaredNorm()``).
    @inlinable
    public static func optimalNorm<T: RealNumber>() -> T {
        T.sqrt(optimalSquaredNorm())
    }
}
