import AnalyticOracle
import Testing
import TMSEngine

/// Why the Hessian is blind ([HessianBlindness.md](../../Derivations/HessianBlindness.md)):
/// at the frozen square the influence-function baseline carries no signal at
/// all, while the closed-form χ has the anti-diagonal ±α that tells the gaps
/// apart. (That χ^IF equals χ in the Gaussian family is checked in
/// `TMSEngineTests/InfluenceFunctionTests`.)
@Suite("Hessian blindness at the 4→5 bifurcation")
struct HessianBlindnessTests {
    static let model = try! TMSModel(weights: TMSModel.oneHotWeights())
    static let square = NamedConfiguration.squareDead.parameters

    @Test(arguments: [1e-3, 0.1, 10.0])
    func influenceFunctionHasNoSignal(ridge: Double) throws {
        let influence = try InfluenceFunction(
            potential: Self.model, at: Self.square, mask: try .features([4]), observables: .oracle, ridge: ridge)
        // The W_4 block of H vanishes: the total loss is 1 + |W_4|⁴. Its central
        // difference (∇E = 4|W_4|² W_4) is 4δ² = 4·10⁻¹⁰ at δ = 10⁻⁵, the truncation error of a zero.
        #expect(influence.hessian.allSatisfy { abs($0) <= 1e-9 })
        // Every per-sample gradient in W_4 is exactly zero (hand-written: 2 ReLU(W_4·v) v = 0 at W_4 = 0).
        #expect(influence.sampleGradients.allSatisfy { $0.allSatisfy { $0 == 0 } })
        // So every entry of χ^IF is zero, for every input and every ridge.
        #expect(influence.values.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    /// The anti-diagonal ±α, from the quadrature of the posterior (not the closed form) against
    /// α(50) = 2√50/(3π^{3/2}) = 0.846581812456546… (mpmath); tolerance 10⁻¹¹ (Double quadrature).
    @Test func susceptibilitiesDoSeeTheGaps() throws {
        let chi = PosteriorQuadrature(beta: 50.0, digits: 15).expectations()
        let alpha = 0.846581812456546
        let e0 = try InputType(name: "10000"), e1 = try InputType(name: "01000")
        // Upweighting feature 0 pushes W_4 away from W_0 and towards W_2 …
        #expect(abs(try chi.chi(.dot(0, 4), e0) + alpha) <= 1e-11)
        #expect(abs(try chi.chi(.dot(2, 4), e0) - alpha) <= 1e-11)
        // … and feature 1 acts on the perpendicular pair: the four gaps are told apart.
        #expect(abs(try chi.chi(.dot(1, 4), e1) + alpha) <= 1e-11)
        #expect(abs(try chi.chi(.dot(1, 4), e0)) <= 1e-11)
        #expect(try chi.chi(.pos(4, .x), e0) < -0.1 && chi.chi(.pos(4, .y), e1) < -0.1)
    }
}
