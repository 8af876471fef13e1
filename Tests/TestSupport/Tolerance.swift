import HighPrecision

/// Tolerances derived from a working precision, for tests that compare two
/// routes to the same number.
///
/// A correctly rounded operation at `p` bits has relative error at most
/// `u = 2^{−p}` (half an ulp, and an ulp is at most `2^{1−p}·|x|`). A chain of
/// `k` such roundings with condition numbers κᵢ has relative error at most
/// `Σ κᵢ·u + O(u²)`; tests state that sum as the factor `c` in
/// `|a − b| ≤ c · 2^{−p} · |b|`.
public enum Tolerance {
    /// The unit roundoff `2^{−bits}` as a `BigFloat` (exact).
    public static func unitRoundoff(bits: Int) -> BigFloat {
        BigFloat(1, precision: 2).scaled(byPowerOfTwo: -bits)
    }

    /// The unit roundoff of `Double`, `2^{−53}`.
    public static let doubleUnitRoundoff: Double = Double.ulpOfOne / 2

    /// Whether `|a − b| ≤ c · 2^{−bits} · |b|`, decided rigorously: the left side
    /// is rounded up and the right side down, so a `true` answer is never an
    /// artefact of the comparison itself.
    public static func agree(_ a: BigFloat, _ b: BigFloat, factor c: Double, bits: Int) -> Bool {
        guard a.isFinite, b.isFinite else { return false }
        return !(bound(factor: c, bits: bits, of: b) < distance(a, b))
    }

    /// An upper bound of `|a − b|` (the difference rounded up).
    public static func distance(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        a < b ? BigFloat.subtract(b, a, rounding: .up) : BigFloat.subtract(a, b, rounding: .up)
    }

    /// A lower bound of `c · 2^{−bits} · |b|` (rounded down; the power of two is exact).
    public static func bound(factor c: Double, bits: Int, of b: BigFloat) -> BigFloat {
        BigFloat.multiply(BigFloat(c, precision: 53), b.magnitude, rounding: .down).scaled(byPowerOfTwo: -bits)
    }

    /// `|a − b| / (2^{−bits}·|b|)`, the `c` that ``agree(_:_:factor:bits:)``
    /// would need, rounded up (for failure messages).
    public static func errorFactor(_ a: BigFloat, _ b: BigFloat, bits: Int) -> Double {
        BigFloat.divide(distance(a, b), b.magnitude, rounding: .up).scaled(byPowerOfTwo: bits).double(rounding: .up)
    }

    /// The number of significant decimal digits that makes a `bits`-bit value
    /// survive a decimal round trip: `1 + ⌈bits · log₁₀ 2⌉` (MPFR's `mpfr_get_str`
    /// rule; Matula 1968).
    public static func roundTripDigits(bits: Int) -> Int {
        // The Double product rounds up to the exact ⌈bits·log₁₀2⌉ for every bits in
        // 1…2^24 (checked exhaustively against 50-digit integer arithmetic).
        1 + Int((Double(bits) * 0.301029995663981195).rounded(.up))
    }
}
