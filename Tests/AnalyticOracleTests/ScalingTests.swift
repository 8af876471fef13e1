import Foundation
import Testing
import PropertyBased
import HighPrecision
@testable import AnalyticOracle

/// The anomalous β-scaling of χ at the quartic bifurcation, checked on the independent route:
/// the closed forms have their exponents built in, so the scaling is measured on the
/// two-dimensional quadrature of the posterior (``PosteriorQuadrature`` in Double, 15 digits,
/// the reference model at every node), which knows nothing of them:
/// χ(λβ)/χ(β) = λ^{1/2} (dot rows), λ^{1/4} (pos rows and the norm row on inputs without
/// feature 4), and the two-term law χ_{norm(4),00001}(β) = A β^{1/4} − B β^{−1/4} whose A is
/// the derived Γ(5/4)/√π − Γ(3/4)/π. A regular quadratic minimum would give λ¹.
///
/// Tolerance: each quadrature entry is good to 10⁻¹⁰ of its table's largest entry over
/// β ∈ [10⁻², 10⁶] (`FixtureQuadratureTests` checks that at every fixture β; ≈ 10⁻¹³ at moderate β),
/// so a ratio is good to 10⁻¹⁰ (scale/|χ(β)| + scale/|χ(λβ)|) relatively; entries below 10⁻³ of the
/// scale are zero by symmetry (checked to 10⁻¹⁰ of it). A wrong exponent is off by O(1).
@Suite struct ScalingTests {
    static func quadrature(_ beta: Double) -> PosteriorExpectations<Double> {
        PosteriorQuadrature(beta: beta, digits: 15).expectations()
    }

    @Test(.shrinking(false))
    func powerLawsOfTheQuadrature() async {
        // β and λβ both in [10⁻², 10⁶], the range the quadrature is checked over.
        await propertyCheck(count: 3, input: Gen.double(in: -2...6), Gen.double(in: -2...6)) { betaExponent, scaledExponent in
            let beta = Foundation.pow(10, betaExponent), lambda = Foundation.pow(10, scaledExponent - betaExponent)
            let a = Self.quadrature(beta), b = Self.quadrature(lambda * beta)
            let scaleA = try! a.matrix(inputs: InputType.withoutFeature4).joined().map(\.magnitude).max()!
            let scaleB = try! b.matrix(inputs: InputType.withoutFeature4).joined().map(\.magnitude).max()!
            for row in Observable.oracleRows {
                let exponent: Double
                switch row {
                case .dot(_, 4): exponent = 0.5
                case .pos(4, _), .norm(4): exponent = 0.25
                default: continue
                }
                for x in InputType.withoutFeature4 {
                    let base = try! a.chi(row, x), scaled = try! b.chi(row, x)
                    if base.magnitude < 1e-3 * scaleA {
                        #expect(base.magnitude <= 1e-10 * scaleA && scaled.magnitude <= 1e-10 * scaleB, "\(row) \(x): zero by symmetry, quadrature \(base), \(scaled)")
                        continue
                    }
                    let ratio = scaled / base, expected = Foundation.pow(lambda, exponent)
                    // Each entry is good to 10⁻¹⁰ of its table's scale (FixtureQuadratureTests' tolerance).
                    let tolerance = 1e-10 * (scaleA / base.magnitude + scaleB / scaled.magnitude) * expected
                    #expect((ratio - expected).magnitude <= tolerance, "\(row) \(x) at β = \(beta), λ = \(lambda): χ(λβ)/χ(β) = \(ratio), λ^\(exponent) = \(expected)")
                }
            }
        }
    }

    @Test(.shrinking(false))
    func ownNormTwoTermLawOfTheQuadrature() async {
        await propertyCheck(count: 2, input: Gen.double(in: -2...6), Gen.double(in: -2...6), Gen.double(in: -2...6)) { e1, e2, e3 in
            guard abs(e1 - e2) > 0.1 else { return }
            let betas = [e1, e2, e3].map { Foundation.pow(10, $0) }
            let x = try! InputType(name: "00001")
            let chi = betas.map { try! Self.quadrature($0).chi(.norm(4), x) }
            let q = betas.map { Foundation.pow($0, 0.25) }
            // χ_i = A q_i − B / q_i: solve from (β1, β2), predict β3.
            let det = -q[0] / q[1] + q[1] / q[0]
            let a = (-chi[0] / q[1] + chi[1] / q[0]) / det
            let b = (q[0] * chi[1] - q[1] * chi[0]) / det
            let predicted = a * q[2] - b / q[2]
            // Each χ_i is good to 10⁻¹³ of A q_i + B/q_i; the 2×2 solve amplifies by ≤ (q₁/q₂ + q₂/q₁)/|det| ≲ 10⁴.
            let scale = a.magnitude * q[2] + b.magnitude / q[2]
            #expect((predicted - chi[2]).magnitude <= 1e-8 * scale, "β = \(betas): predicted \(predicted), quadrature \(chi[2])")
            let derived = Foundation.tgamma(1.25) / Double.pi.squareRoot() - Foundation.tgamma(0.75) / Double.pi
            #expect((a - derived).magnitude <= 1e-8 * derived, "A from the quadrature \(a) vs Γ(5/4)/√π − Γ(3/4)/π = \(derived)")
        }
    }
}
