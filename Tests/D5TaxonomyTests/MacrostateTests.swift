import HighPrecision
import Testing
@testable import D5Taxonomy

/// The closed forms of `Pentagon+Optimum.swift` and the target macrostates,
/// each against an independent route: MPFR's `cos`, a direct evaluation of the
/// model `x̂ = ReLU(WᵀWx)`, a rationalized closed form, and Double vs BigFloat.
@Suite("Target macrostates")
struct MacrostateTests {
    static let precisions = [256, 1024]

    /// `2^e` at the working precision.
    static func power(_ e: Int) -> BigFloat { BigFloat(1).scaled(byPowerOfTwo: e) }

    /// Closed form: `√5` rounded (½ ulp ≤ 2^(1−p)), `± 1` rounded (≤ 2^(1−p)),
    /// `/4` exact, so ≤ 2^(−p). MPFR route: `π`, `·2k`, `/5` each rounded at
    /// relative 2^(−p) on an argument ≤ 8π/5 < 8 (≤ 3·8·2^(−p) < 2^(5−p)
    /// absolute, and cos is 1-Lipschitz), plus `cos` rounded (≤ 2^(−p)). Sum
    /// < 2^(6−p).
    @Test("cos(2πk/5) closed form vs MPFR cos", arguments: precisions)
    func cosineClosedForm(precision: Int) {
        BigFloat.withWorkingPrecision(precision) {
            for k in -7...7 {
                let closed: BigFloat = Pentagon.cosine(ofSteps: k)
                let direct = BigFloat.cos(BigFloat.pi * BigFloat(2 * k) / BigFloat(5))
                #expect((closed - direct).magnitude <= Self.power(6 - precision), "k = \(k)")
            }
        }
    }

    /// 1/(1 + 2c²) with c from MPFR's cos, against the rationalized
    /// `(7 + √5)/11` (from `(1 + 2c²) = (7 − √5)/4`, multiply by the conjugate).
    /// A handful of roundings of relative size 2^(−p) on O(1) values: 2^(4−p).
    @Test("|W|² = 1/(1 + 2cos²(2π/5)) = (7 + √5)/11", arguments: precisions)
    func squaredNormClosedForms(precision: Int) {
        BigFloat.withWorkingPrecision(precision) {
            let generic: BigFloat = Pentagon.optimalSquaredNorm()
            let c = BigFloat.cos(BigFloat.pi * BigFloat(2) / BigFloat(5))
            let viaCos = BigFloat(1) / (BigFloat(1) + BigFloat(2) * c * c)
            let rationalized = (BigFloat(7) + BigFloat.sqrt(BigFloat(5))) / BigFloat(11)
            #expect((generic - rationalized).magnitude <= Self.power(4 - precision))
            #expect((viaCos - rationalized).magnitude <= Self.power(8 - precision))
            let norm: BigFloat = Pentagon.optimalNorm()
            #expect((norm * norm - rationalized).magnitude <= Self.power(4 - precision))
        }
    }

    /// The total one-hot loss `Σ_i ℓ_{e_i}(W)`, `ℓ_x = Σ_j (x_j − x̂_j)²`,
    /// `x̂ = ReLU(WᵀWx)`, for the regular pentagon with `|W_i|² = u` and
    /// feature `i` at angle `2πi/5` (built with MPFR's cos and sin).
    static func oneHotLoss(_ w: [[BigFloat]]) -> BigFloat {
        var total = BigFloat(0)
        for i in 0..<5 {
            for j in 0..<5 {
                let dot = w[j][0] * w[i][0] + w[j][1] * w[i][1]
                let residual = BigFloat(i == j ? 1 : 0) - BigFloat.relu(dot)
                total += residual * residual
            }
        }
        return total
    }

    static func pentagon(squaredNorm u: BigFloat) -> [[BigFloat]] {
        let a = BigFloat.sqrt(u)
        return (0..<5).map { i in
            let angle = BigFloat.pi * BigFloat(2 * i) / BigFloat(5)
            return [a * BigFloat.cos(angle), a * BigFloat.sin(angle)]
        }
    }

    /// The derivation's reduction `Σ_i ℓ_{e_i} = 5[(1 − u)² + 2u²c²]` (the
    /// non-adjacent dot products are killed by the ReLU), then: this quadratic
    /// in `u` is stationary at `u*` (the symmetric difference `E(u*+δ) − E(u*−δ)
    /// = 2δE'(u*)` vanishes) with curvature `E(u*±δ) − E(u*) = 5(1 + 2c²)δ² > 0`.
    /// Tolerances: ~100 roundings of O(1) values at 256 bits, 2^(−240).
    @Test("the one-hot loss of the regular pentagon is minimised at |W|² = 1/(1 + 2c²)")
    func normDerivationAgainstModel() {
        BigFloat.withWorkingPrecision(256) {
            let tolerance = Self.power(-240)
            let c: BigFloat = Pentagon.cosine(ofSteps: 1)
            for u in [BigFloat(1) / BigFloat(3), BigFloat(1), BigFloat(7) / BigFloat(5)] {
                let reduced = BigFloat(5) * ((BigFloat(1) - u) * (BigFloat(1) - u) + BigFloat(2) * u * u * c * c)
                #expect((Self.oneHotLoss(Self.pentagon(squaredNorm: u)) - reduced).magnitude <= tolerance)
            }
            let star: BigFloat = Pentagon.optimalSquaredNorm()
            let delta = BigFloat(1) / BigFloat(8)
            let at = Self.oneHotLoss(Self.pentagon(squaredNorm: star))
            let above = Self.oneHotLoss(Self.pentagon(squaredNorm: star + delta))
            let below = Self.oneHotLoss(Self.pentagon(squaredNorm: star - delta))
            #expect((above - below).magnitude <= tolerance)
            let curvature = BigFloat(5) * (BigFloat(1) + BigFloat(2) * c * c) * delta * delta
            #expect((above - at - curvature).magnitude <= tolerance)
            // The minimum value 5·2c²/(1 + 2c²) = 5(4 − √5)/11.
            let minimum = BigFloat(5) * (BigFloat(4) - BigFloat.sqrt(BigFloat(5))) / BigFloat(11)
            #expect((at - minimum).magnitude <= tolerance)
        }
    }

    /// Beyond the radial direction: the whole gradient of the one-hot loss in
    /// the 10 coordinates of W vanishes at the regular pentagon with the optimal
    /// norm (central differences, step δ = 2^(−40): Taylor remainder
    /// ≤ δ²·max|∂³E|/6 ≲ 2^(−70) for this quartic with O(1) coefficients,
    /// rounding ≲ 2^(−256)/δ), while at |W|² = 1/2 it does not.
    @Test("the regular pentagon with the optimal norm is a critical point of the full loss")
    func fullGradientVanishes() {
        BigFloat.withWorkingPrecision(256) {
            let delta = Self.power(-40)
            func gradient(_ w: [[BigFloat]]) -> [BigFloat] {
                (0..<10).map { k in
                    var plus = w, minus = w
                    plus[k / 2][k % 2] = w[k / 2][k % 2] + delta
                    minus[k / 2][k % 2] = w[k / 2][k % 2] - delta
                    return (Self.oneHotLoss(plus) - Self.oneHotLoss(minus)) / (BigFloat(2) * delta)
                }
            }
            let optimal = gradient(Self.pentagon(squaredNorm: Pentagon.optimalSquaredNorm()))
            #expect(optimal.allSatisfy { $0.magnitude <= Self.power(-60) })
            let shrunk = gradient(Self.pentagon(squaredNorm: BigFloat(1) / BigFloat(2)))
            #expect(shrunk.contains { $0.magnitude > BigFloat(1) / BigFloat(10) })
        }
    }

    /// Double against BigFloat at 256 bits: each Double closed form takes at
    /// most five roundings of relative size 2^(−53) on values of magnitude ≤ 2,
    /// so it is within 2^(−50) of the exact value.
    @Test("Double and BigFloat evaluate the same closed forms")
    func doubleVersusBigFloat() {
        for a in Arrangement.all.prefix(24) + [Arrangement.all[119]] {
            let fast: [Double] = a.targetMacrostate()
            let exact: [BigFloat] = BigFloat.withWorkingPrecision(256) { a.targetMacrostate() }
            #expect(fast.count == 15 && exact.count == 15)
            for (x, y) in zip(fast, exact) {
                #expect((BigFloat(x) - y).magnitude <= Self.power(-50))
            }
        }
    }

    /// The cosines from the closed form against the cosines of an explicit
    /// pentagon: place feature `i` at angle `2π·positions[i]/5` with MPFR's
    /// cos/sin and take the normalised dot products in observable order.
    @Test("target cosines equal the cosines of the explicitly placed pentagon, for all 120 arrangements")
    func cosinesFromGeometry() {
        BigFloat.withWorkingPrecision(256) {
            let unit = (0..<5).map { p -> (BigFloat, BigFloat) in
                let angle = BigFloat.pi * BigFloat(2 * p) / BigFloat(5)
                return (BigFloat.cos(angle), BigFloat.sin(angle))
            }
            for a in Arrangement.all {
                let w = a.positions.map { unit[$0] }
                let geometric = Pentagon.pairs.map { i, j in w[i].0 * w[j].0 + w[i].1 * w[j].1 }
                let closed: [BigFloat] = a.targetCosines()
                #expect(zip(geometric, closed).allSatisfy { ($0 - $1).magnitude <= Self.power(-248) })
                let norms: [BigFloat] = a.targetNorms()
                #expect(norms.count == 5)
            }
        }
    }

    /// The macrostate evaluated in `BigInterval` (outward rounding) encloses
    /// the MPFR-`cos` route computed at 1024 bits (itself within 2^(−1015) of
    /// the exact value), and its certified 40-digit strings are the digits
    /// mpmath prints at 80 digits (`nstr(cos(2*pi/5), 40)` etc., a reference
    /// computed outside this package).
    @Test("interval enclosure and certified 40 digits")
    func certifiedDigits() throws {
        let a = try FeaturePermutation(cycles: "(f1 f3 f4 f2)").arrangement
        let direct: [BigFloat] = BigFloat.withWorkingPrecision(1024) {
            Pentagon.pairs.map { i, j in
                BigFloat.cos(BigFloat.pi * BigFloat(2 * (a.positions[i] - a.positions[j])) / BigFloat(5))
            }
        }
        let enclosures: [BigInterval] = BigFloat.withWorkingPrecision(256) { a.targetMacrostate() }
        let slack = BigFloat(1, precision: 1024).scaled(byPowerOfTwo: -1010)
        for (x, box) in zip(direct, enclosures.prefix(10)) {
            // Endpoints widened by the slack at 1024 bits (exact: 1024 bits hold both).
            let (lower, upper) = (box.lower.rounded(toPrecision: 1024), box.upper.rounded(toPrecision: 1024))
            #expect(lower - slack <= x && x <= upper + slack)
            #expect(box.width <= Self.power(-240))
        }
        let strings = try Certified.decimals(digits: 40) { a.targetMacrostate() as [BigInterval] }
        let near = "0.3090169943749474241022934171828190588602"
        let far = "-0.8090169943749474241022934171828190588602"
        let norm = "0.9163201096827853589735289249634008294334"
        // The 5-break pentagram: every original neighbour pair is far, every other pair near.
        let expected = Pentagon.pairs.map { i, j in Pentagon.gap(i, j) == 1 ? far : near }
        #expect(Array(strings.prefix(10)) == expected)
        #expect(Array(strings.suffix(5)) == Array(repeating: norm, count: 5))
    }

    @Test("the identity target: adjacent features at cos(2π/5), the rest at cos(4π/5)")
    func identityMacrostate() {
        let mu: [Double] = Taxonomy.classes[0].macrostate()
        let (near, far) = (Double.cos(2 * Double.pi / 5), Double.cos(4 * Double.pi / 5))
        // Pairs (0,1) (0,2) (0,3) (0,4) (1,2) (1,3) (1,4) (2,3) (2,4) (3,4).
        let expected = [near, far, far, near, near, far, far, near, far, near]
        for (x, y) in zip(mu.prefix(10), expected) { #expect(abs(x - y) <= 4 * Double.ulpOfOne) }
        for n in mu.suffix(5) { #expect(abs(n - 0.91632010968278535897) <= 4 * Double.ulpOfOne) }
    }
}
