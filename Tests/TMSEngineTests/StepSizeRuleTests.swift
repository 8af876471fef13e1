import TMSEngine
import Testing

/// `tms sample`'s default step ([EngineSampler.md](../../Derivations/EngineSampler.md), "Default step").
@Suite struct StepSizeRuleTests {
    /// The power-iteration curvature against the closed-form largest eigenvalue of a quadratic
    /// potential's Hessian `(1/N) Σ h_x A_x` (exact: finite differences of a linear gradient are
    /// exact up to rounding, and 100 iterations converge as `(λ₂/λ₁)^{200}`), on all coordinates and
    /// on a mask; and the rule `ε = min(c/√β, a/K_max)` switching between its two branches.
    @Test func curvatureAndRuleMatchClosedForms() throws {
        // A = [[2, 0.6], [0.6, 1]] weighted 1.5 and [[1, −0.2], [−0.2, 3]] weighted 0.5, N = 2:
        // (1/2)(1.5 A₀ + 0.5 A₁) = [[1.75, 0.4], [0.4, 1.5]], eigenvalues 1.625 ± √(0.125² + 0.4²).
        let potential = try QuadraticPotential(
            centers: [[0.5, -0.3], [-0.4, 0.8]], matrices: [[[2, 0.6], [0.6, 1]], [[1, -0.2], [-0.2, 3]]], weights: [1.5, 0.5])
        let lambda = 1.625 + (0.125 * 0.125 + 0.4 * 0.4).squareRoot()
        let nBeta = 40.0, gamma = 3.0
        let k = StepSizeRule.largestCurvature(potential: potential, center: [0.2, 0.1], nBeta: nBeta, localization: gamma)
        #expect(abs(k - (nBeta * lambda + gamma)) <= 1e-6 * k, "K_max \(k), exact \(nBeta * lambda + gamma)")
        let masked = StepSizeRule.largestCurvature(
            potential: potential, center: [0.2, 0.1], mask: try ParameterMask(dimension: 2, free: [1]), nBeta: nBeta, localization: gamma)
        #expect(abs(masked - (nBeta * 1.5 + gamma)) <= 1e-6 * masked, "the free block [1.5] only: \(masked)")

        let beta = nBeta / 2
        let stiff = StepSizeRule.sgld.stepSize(potential: potential, center: [0.2, 0.1], nBeta: nBeta, localization: gamma)
        #expect(abs(stiff - 0.1 / k) <= 1e-12 * stiff, "a/K_max = \(0.1 / k) < c/√β = \(0.01 / beta.squareRoot())")
        let soft = StepSizeRule(scale: 1e-4, stiffness: 0.1).stepSize(potential: potential, center: [0.2, 0.1], nBeta: nBeta, localization: gamma)
        #expect(abs(soft - 1e-4 / beta.squareRoot()) <= 1e-15, "c/√β wins when it is the smaller")
        #expect(StepSizeRule.default(for: .mala) == .mala && StepSizeRule.default(for: .sgld) == .sgld)
    }
}
