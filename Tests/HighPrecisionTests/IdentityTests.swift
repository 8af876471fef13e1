import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// Classical identities as oracles at random precisions p ∈ 53…4096.
///
/// Each side is evaluated with correctly rounded operations, so each rounding
/// contributes a relative error of at most u = 2^{−p}; the factor `c` in
/// `|lhs − rhs| ≤ c·u·|rhs|` adds these, weighted by the condition number of
/// what follows, as derived in each test. A missing or wrong rounding (or a
/// wrong precision) shows up as an error of many units, not of a few.
@Suite("Identities in BigFloat")
struct IdentityTests {
    @Test("Γ(x + 1) = x·Γ(x)")
    func gammaRecurrence() async {
        await propertyCheck(count: 30, input: Gen.real()) { r in
            let x = r.value(in: 0.25...10), p = x.precision
            // x + 1 < 11 is exact at p + 8 bits (x ≥ 1/4 has ulp ≥ 2^{−p−2}).
            let xPlusOne = BigFloat.add(x.rounded(toPrecision: p + 8), BigFloat(1, precision: 2), rounding: .nearest)
            let lhs = BigFloat.gamma(xPlusOne).rounded(toPrecision: p)  // 2^{−8} + 1
            let rhs = x * BigFloat.gamma(x)                             // 1 + 1
            // c = 3 + 2^{−8} + O(u) ≤ 4.
            #expect(Tolerance.agree(lhs, rhs, factor: 4, bits: p), "x = \(x.decimal(significantDigits: 12)) at \(p) bits: c = \(Tolerance.errorFactor(lhs, rhs, bits: p))")
        }
    }

    @Test("Γ(1/2)² = π")
    func gammaHalfSquaredIsPi() async {
        await propertyCheck(count: 40, input: Gen<Int>.precision()) { p in
            let half = BigFloat(1, precision: p).scaled(byPowerOfTwo: -1)
            let lhs = BigFloat.square(BigFloat.gamma(half))  // Γ: 1, doubled by squaring: 2; product: 1
            let rhs = BigFloat.pi(precision: p)               // 1
            // c = 4 + O(u) ≤ 5.
            #expect(Tolerance.agree(lhs, rhs, factor: 5, bits: p), "at \(p) bits: c = \(Tolerance.errorFactor(lhs, rhs, bits: p))")
        }
    }

    @Test("reflection: Γ(x)·Γ(1 − x) = π / sin(πx)")
    func gammaReflection() async {
        await propertyCheck(count: 30, input: Gen.real()) { r in
            let x = r.value(in: 0.125...0.875), p = x.precision, q = p + 8
            // 1 − x is exact at p + 8 bits (x ≥ 1/8 has ulp ≥ 2^{−p−3}).
            let oneMinusX = BigFloat.subtract(BigFloat(1, precision: 2), x.rounded(toPrecision: q), rounding: .nearest)
            // Γ(x): 1; Γ(1 − x) and the product at p + 8 bits: 2^{−7}.
            let lhs = BigFloat.gamma(x) * BigFloat.gamma(oneMinusX)
            // πx at p + 8 bits: 2·2^{−8}, amplified by |θ cot θ| ≤ 6.7 on [π/8, 7π/8];
            // sin: 2^{−8}; π in the numerator: 1; quotient: 2^{−8}.
            let piQ = BigFloat.pi(precision: q)
            let rhs = BigFloat.pi(precision: p) / BigFloat.sin(piQ * x.rounded(toPrecision: q))
            // c = 1 + 2^{−7} + 13.4·2^{−8} + 2^{−7} + 1 + O(u) ≈ 2.07 ≤ 3.
            #expect(Tolerance.agree(lhs, rhs, factor: 3, bits: p), "x = \(x.decimal(significantDigits: 12)) at \(p) bits: c = \(Tolerance.errorFactor(lhs, rhs, bits: p))")
        }
    }

    @Test("sin²x + cos²x = 1")
    func pythagoreanIdentity() async {
        await propertyCheck(count: 60, input: Gen.real()) { r in
            let x = r.value(in: -100...100), p = x.precision
            let s = BigFloat.sin(x), c = BigFloat.cos(x)
            // sin, cos: 1 each, doubled by squaring; squares: 1 each; weights sin², cos²
            // sum to 1, so the sum carries 3; the addition: 1. c = 4 + O(u) ≤ 5.
            let lhs = s * s + c * c
            #expect(Tolerance.agree(lhs, BigFloat(1, precision: p), factor: 5, bits: p), "at \(p) bits: c = \(Tolerance.errorFactor(lhs, BigFloat(1, precision: p), bits: p))")
        }
    }

    @Test("exp(log x) = x")
    func expOfLog() async {
        await propertyCheck(count: 60, input: Gen.real(), Gen.int(in: -30...30)) { r, k in
            let x = r.value(in: 0.5...1).scaled(byPowerOfTwo: k), p = x.precision
            let lhs = BigFloat.exp(BigFloat.log(x))
            // log x rounded: absolute error u·|log x|, which exp turns into a relative
            // error u·|log x|; exp itself: 1. c = 1 + |log x| + O(u), plus 1 for O(u).
            let c = 2 + abs(BigFloat.log(x).doubleValue)
            #expect(Tolerance.agree(lhs, x, factor: c, bits: p), "x = \(x.decimal(significantDigits: 12)) at \(p) bits: c = \(Tolerance.errorFactor(lhs, x, bits: p))")
        }
    }

    @Test("real powers: x^y = exp(y·log x) and x^(1/2) = √x")
    func realPowers() async {
        await propertyCheck(count: 40, input: Gen.real(), Gen.double(in: -4...4)) { r, yDouble in
            let x = r.value(in: 0.1...10), p = x.precision, y = BigFloat(yDouble, precision: p)
            let lhs = BigFloat.pow(x, y)  // 1
            // Reference at 2p bits: error 2^{−p}·(small), below the budget's slack.
            let rhs = BigFloat.exp(y.rounded(toPrecision: 2 * p) * BigFloat.log(x.rounded(toPrecision: 2 * p)))
            #expect(Tolerance.agree(lhs, rhs, factor: 2, bits: p))
            let half = BigFloat(1, precision: 2).scaled(byPowerOfTwo: -1)
            // Both are the correct rounding of the same real number.
            #expect(BigFloat.pow(x, half) == BigFloat.sqrt(x))
        }
    }

    @Test("logGamma(x) = log(Γ(x)), and atan2(sin θ, cos θ) = θ")
    func logGammaAndAtan2() async {
        await propertyCheck(count: 30, input: Gen.real()) { r in
            let x = r.value(in: 0.5...20), p = x.precision
            let lhs = BigFloat.logGamma(x)
            let rhs = BigFloat.log(BigFloat.gamma(x))
            // log Γ vanishes at 1 and 2, so compare absolutely. lhs: u·|log Γ|; rhs: Γ's
            // relative error u becomes an absolute u after log, and log adds u·|log Γ|.
            // |lhs − rhs| ≤ u + 2u·|log Γ| + O(u²) ≤ 3u·max(1, |log Γ|).
            let scale = BigFloat.max(rhs.magnitude, BigFloat(1, precision: 2))
            #expect(Tolerance.distance(lhs, rhs) <= Tolerance.bound(factor: 3, bits: p, of: scale))
            // θ ∈ (−π, π]: atan2(sin θ, cos θ) = θ with error from sin, cos (≤ |sin θ cos θ|·2u
            // ≤ u absolute) and atan2 itself (u·|θ|). Absolute bound: (1 + π)·u < 5u.
            let theta = r.value(in: -3.1...3.1)
            let back = BigFloat.atan2(y: BigFloat.sin(theta), x: BigFloat.cos(theta))
            #expect(Tolerance.distance(back, theta) <= Tolerance.bound(factor: 5, bits: p, of: BigFloat(1, precision: 2)))
        }
    }
}
