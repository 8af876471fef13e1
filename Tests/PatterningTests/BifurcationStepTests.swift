import AnalyticOracle
import Patterning
import Testing

/// The patterning step on the closed-form χ at the 4 → 5 bifurcation
/// against the hand derivation of Derivations/PatterningStep.md.
@Suite("Patterning step at the 4 → 5 bifurcation")
struct BifurcationStepTests {
    static let gaps = [(0, 1), (1, 2), (2, 3), (3, 0)]

    @Test("The χ used here is the anti-diagonal ∓α pattern of the derivation: the closed form against the posterior's quadrature and α(50) = 0.846581812456546…")
    func oraclePattern() throws {
        let (chi, alpha) = try bifurcationSusceptibility(beta: 50)
        // α from its decimal expansion 2√50/(3π^{3/2}) = 0.846581812456546… (mpmath).
        #expect(abs(alpha - 0.846581812456546) < 1e-14)
        // The pattern from the independent route (2-D quadrature, Double, good to 10⁻¹¹).
        let quadrature = PosteriorQuadrature(beta: 50.0, digits: 15).expectations()
        let pattern: [[Double]] = [[-1, 0, 1, 0, 0], [0, -1, 0, 1, 0], [1, 0, -1, 0, 0], [0, 1, 0, -1, 0]]
        for k in 0..<4 {
            for (x, input) in InputType.oneHot.enumerated() {
                #expect(abs(try quadrature.chi(.dot(k, 4), input) - 0.846581812456546 * pattern[k][x]) <= 1e-11, "quadrature χ[dot(\(k),4), \(input)]")
                #expect(abs(chi[k, x] - (try quadrature.chi(.dot(k, 4), input))) <= 1e-11, "closed form vs quadrature χ[dot(\(k),4), \(input)]")
            }
        }
    }

    @Test("Mode structure: gains (2α, 2α, 0, 0), rank 2, infinite condition number", arguments: [1.0, 50, 400])
    func modes(beta: Double) throws {
        let (chi, alpha) = try bifurcationSusceptibility(beta: beta)
        let modes = try ModeStructure(susceptibility: chi)
        let expected = [2 * alpha, 2 * alpha, 0, 0]
        for (got, want) in zip(modes.principalGains, expected) { #expect(abs(got - want) <= 64 * eps * alpha) }
        #expect(modes.rank() == 2)
        #expect(modes.conditionNumber == .infinity || modes.conditionNumber > 1e12)
    }

    @Test("Gap (a, b): dh = αδ/(4α² + λ)·(e_ā + e_b̄ − e_a − e_b), δμ_pred = s·(4α²/(4α² + λ))·(δ/2)·(e_a + e_b − e_ā − e_b̄)",
          arguments: [0, 1, 2, 3])
    func gapReweighting(gap: Int) throws {
        let (a, b) = Self.gaps[gap]
        let (chi, alpha) = try bifurcationSusceptibility(beta: 50)
        let delta = 0.3
        let ridge = PatterningStep.defaultRidge
        var dmu = [0.0, 0, 0, 0]
        dmu[a] = delta
        dmu[b] = delta
        let step = try PatterningStep(susceptibility: chi, targetChange: dmu, ridge: ridge)
        let kappa = alpha * delta / (4 * alpha * alpha + ridge)
        var expected = [0.0, 0, 0, 0, 0]
        expected[a] = -kappa
        expected[b] = -kappa
        expected[(a + 2) % 4] = kappa
        expected[(b + 2) % 4] = kappa
        // κ(G + λI) = (4α² + λ)/λ ≈ 2.9e3 at β = 50: error ≤ 64·5·ε·κ·|dh|.
        let tol = 64 * 5 * eps * (4 * alpha * alpha + ridge) / ridge * kappa
        for x in 0..<5 { #expect(abs(step.reweighting[x] - expected[x]) <= tol) }

        // Σ dh = 0, so with one-hot baseline weights the additive rule is h₀ + s·dh exactly.
        let h0 = [1.0, 1, 1, 1, 1]
        let s = 0.5
        let h = try step.weights(baseline: h0, rule: .additive(), scale: s)
        let predicted = try step.predictedChange(baseline: h0, weights: h)
        let gain = 4 * alpha * alpha / (4 * alpha * alpha + ridge)
        var want = [0.0, 0, 0, 0]
        want[a] = s * gain * delta / 2
        want[b] = s * gain * delta / 2
        want[(a + 2) % 4] = -s * gain * delta / 2
        want[(b + 2) % 4] = -s * gain * delta / 2
        for k in 0..<4 { #expect(abs(predicted[k] - want[k]) <= 8 * tol * alpha + 64 * eps) }
    }

    @Test("Steering only dot(a,4), dot(b,4): dh = αδ/(2α² + λ)·(e_ā + e_b̄ − e_a − e_b)", arguments: [0, 1, 2, 3])
    func twoRowReweighting(gap: Int) throws {
        let (a, b) = Self.gaps[gap]
        let (full, alpha) = try bifurcationSusceptibility(beta: 50)
        let chi = try full.selecting(rows: [a, b])
        let delta = -0.2, ridge = 1e-2
        let step = try PatterningStep(susceptibility: chi, targetChange: [delta, delta], ridge: ridge)
        let kappa = alpha * delta / (2 * alpha * alpha + ridge)
        var expected = [0.0, 0, 0, 0, 0]
        expected[a] = -kappa
        expected[b] = -kappa
        expected[(a + 2) % 4] = kappa
        expected[(b + 2) % 4] = kappa
        let tol = 64 * 5 * eps * (2 * alpha * alpha + ridge) / ridge * abs(kappa)
        for x in 0..<5 { #expect(abs(step.reweighting[x] - expected[x]) <= tol) }
    }
}
