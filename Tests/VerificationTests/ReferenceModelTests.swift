import AnalyticOracle
import HighPrecision
import PropertyBased
import Testing
import TMSEngine

/// The engine's Double kernel (subset sums, reverse sweep, vectorised 5×2 path)
/// against the literal model `x̂ = ReLU(WᵀWx)` evaluated in MPFR
/// (``ReferenceModel`` over ``BigFloat`` at 128 bits).
///
/// Tolerance: every Double quantity is a sum of products whose rounding error is at
/// most `k·u` times the sum of the absolute values of its terms (Higham 2002, §3.1),
/// with `u = 2⁻⁵³` and `k` the longest chain of roundings (≤ 40 here: 5 Gram
/// products, ≤ 5 subset additions, the residual, the square, 5 + 32 weighted sums).
/// We allow `k = 64` against ``Scale`` (that absolute-value sum); the 128-bit
/// reference contributes `2⁻¹²⁸` relative, and its central difference (step `2⁻⁴⁰`)
/// `O(2⁻⁸⁰)`.
@Suite struct ReferenceModelTests {
    static let bits = 128
    static let factor = 64 * Double.ulpOfOne / 2

    static let parameters = Gen.double(in: -1.5...1.5).array(of: 10...10)
    static let importances = Gen.double(in: 0.2...3).array(of: 5...5)
    static let weights = Gen.double(in: 0...2).array(of: 32...32)

    /// The absolute-value sums bounding the rounding error (see the suite's discussion).
    struct Scale {
        /// Per type: `Σ_j I_j (1 + z̄_{x,j})²` with `z̄_{x,j} = Σ_{i∈x} |W_j||W_i|`.
        var losses: [Double]
        /// For the gradient: `(1/32) Σ_x h_x Σ_j 2 I_j (1 + z̄_{x,j}) · 6 max_i |W_i|`.
        var gradient: Double

        init(_ w: [Double], importances: [Double], weights: [Double]) {
            let norms = (0..<5).map { (i: Int) -> Double in
                let x: Double = w[2 * i], y: Double = w[2 * i + 1]
                return (x * x + y * y).squareRoot()
            }
            let largest = norms.max()!
            losses = []
            gradient = 0
            for t in 0..<32 {
                var l = 0.0, g = 0.0
                for j in 0..<5 {
                    var z = 0.0
                    for i in 0..<5 where t & (1 << i) != 0 { z += norms[j] * norms[i] }
                    l += importances[j] * (1 + z) * (1 + z)
                    g += 2 * importances[j] * (1 + z) * 6 * largest
                }
                losses.append(l)
                gradient += weights[t] * g / 32
            }
        }
    }

    static func reference(_ w: [Double], _ importances: [Double]) -> ReferenceModel<BigFloat> {
        BigFloat.withWorkingPrecision(bits) {
            ReferenceModel(parameters: w.map { BigFloat($0) }, importances: importances.map { BigFloat($0) })
        }
    }

    /// `L(w; h) = (1/32) Σ_x h_x ℓ_x` in MPFR.
    static func referenceLoss(_ w: [BigFloat], _ importances: [Double], _ weights: [Double]) -> BigFloat {
        BigFloat.withWorkingPrecision(bits) {
            let model = ReferenceModel(parameters: w, importances: importances.map { BigFloat($0) })
            return model.totalLoss(weights: InputType.all.map { ($0, BigFloat(weights[$0.index])) }) / BigFloat(32)
        }
    }

    @Test func perSampleLossesMatchMPFR() async throws {
        await propertyCheck(count: 1_000, input: Self.parameters, Self.importances) { w, importances in
            let engine = try TMSModel(importances: importances, weights: TMSModel.oneHotWeights()).perSampleLosses(w)
            let exact = BigFloat.withWorkingPrecision(Self.bits) { Self.reference(w, importances).losses(InputType.all) }
            let scale = Scale(w, importances: importances, weights: TMSModel.oneHotWeights())
            for t in 0..<32 {
                let error = (BigFloat(engine[t], precision: Self.bits) - exact[t]).magnitude.doubleValue
                #expect(error <= Self.factor * scale.losses[t], "ℓ_\(TMSModel.typeName(t)): engine \(engine[t]) vs MPFR \(exact[t].doubleValue)")
            }
        }
    }

    @Test func weightedLossMatchesMPFR() async throws {
        await propertyCheck(count: 500, input: Self.parameters, Self.importances, Self.weights) { w, importances, h in
            guard h.contains(where: { $0 > 0 }) else { return }
            let engine = try TMSModel(importances: importances, weights: h).loss(w)
            let exact = Self.referenceLoss(w.map { BigFloat($0, precision: Self.bits) }, importances, h)
            let scale = Scale(w, importances: importances, weights: h)
            let bound = Self.factor * zip(h, scale.losses).reduce(0) { $0 + $1.0 * $1.1 } / 32
            #expect((BigFloat(engine, precision: Self.bits) - exact).magnitude.doubleValue <= bound,
                    "L(w; h): engine \(engine) vs MPFR \(exact.doubleValue)")
        }
    }

    /// `∇L` against an MPFR central difference of the reference loss.
    @Test func gradientMatchesMPFRCentralDifference() async throws {
        await propertyCheck(count: 60, input: Self.parameters, Self.importances, Self.weights) { w, importances, h in
            guard h.contains(where: { $0 > 0 }) else { return }
            let (_, gradient) = try TMSModel(importances: importances, weights: h).lossAndGradient(w)
            let scale = Scale(w, importances: importances, weights: h)
            let step = BigFloat(1, precision: Self.bits).scaled(byPowerOfTwo: -40)
            for i in 0..<10 {
                let exact: BigFloat = BigFloat.withWorkingPrecision(Self.bits) {
                    var plus = w.map { BigFloat($0) }, minus = plus
                    plus[i] = plus[i] + step
                    minus[i] = minus[i] - step
                    return (Self.referenceLoss(plus, importances, h) - Self.referenceLoss(minus, importances, h)) / (step + step)
                }
                let error = (BigFloat(gradient[i], precision: Self.bits) - exact).magnitude.doubleValue
                #expect(error <= Self.factor * scale.gradient, "∂L/∂w[\(i)]: engine \(gradient[i]) vs MPFR \(exact.doubleValue)")
            }
        }
    }
}
