import AnalyticOracle
import Foundation
import PropertyBased
import Testing
import TestSupport
import TMSEngine
import Verification

/// The LLC estimator `λ̂ = nβ (E[L] − L(w*))` on the normal-crossing potentials
/// `K(w) = Π_j w_j^{2k_j}` (Watanabe: `λ = min_j 1/(2k_j)` at the origin).
///
/// In one coordinate the posterior `∝ e^{−βw^{2k}}` gives `β E[K] = 1/(2k)` exactly for
/// every β (substitute `t = βw^{2k}`), so MALA must match it within 5 SE. In two
/// coordinates the density `∝ e^{−βK − γ|w|²/2}` is compared with an independent 2-D
/// Gauss–Legendre quadrature of the same finite-β, finite-γ integral (which tends to
/// `min_j 1/(2k_j)` only logarithmically slowly, so the limit itself is printed, not asserted).
@Suite struct NormalCrossingTests {
    static func settings(beta: Double, stepSize: Double, localization: Double, seed: UInt64) -> SamplerSettings {
        SamplerSettings(
            method: .mala, stepSize: stepSize, nBeta: beta, localization: localization, chains: 4, burnIn: 1_000,
            draws: Support.longTests ? 100_000 : 20_000, seed: seed)
    }

    /// Fixed (k, β) cases, seeds from their index; more in the long tier.
    static let oneCoordinate: [(Int, Double)] = [(1, 3), (2, 40), (4, 700)]
        + (Support.longTests ? [(1, 900), (2, 1.5), (3, 10), (3, 300), (4, 2), (1, 30), (2, 250), (3, 60), (4, 80)] : [])

    @Test(.tags(.statistical), arguments: Self.oneCoordinate.indices)
    func oneCoordinateLLCIsOneOverTwoK(caseIndex: Int) throws {
        do {
            let (k, beta) = Self.oneCoordinate[caseIndex]
            let potential = try NormalCrossingPotential(exponents: [k])
            // Posterior width s = β^{−1/(2k)}; step ε = 0.1 s² keeps MALA's acceptance high.
            let width = Foundation.pow(beta, -1 / (2 * Double(k)))
            let run = try LangevinSampler(potential: potential, center: [0], settings: Self.settings(
                beta: beta, stepSize: 0.1 * width * width, localization: 0, seed: 0x1C00 + UInt64(caseIndex))).run()
            let llc = try run.localLearningCoefficient(batchSize: run.drawCount / 20)
            Support.expectAgreement([AuditEntry(caseLabel: "k=\(k) β=\(beta)", quantity: "llc", estimate: llc.value,
                                                standardError: llc.standardError, oracle: 1 / (2 * Double(k)))])
        }
    }

    /// `β E[K]` under `e^{−βK − γ|w|²/2}` on ℝ² by Gauss–Legendre: the integrand is even in both
    /// coordinates; for each outer node `y` the inner integral runs over `|x| ≤ min(8/√γ, 6 s(y))`
    /// with `s(y) = (β y^{2k_1})^{−1/(2k_0)}` (beyond it the integrand is below `e^{−36}`), and the outer
    /// panels are graded geometrically towards `y = 0`, where the inner width grows.
    static func quadratureLLC(k0: Int, k1: Int, beta: Double, gamma: Double) -> Double {
        let rule = GaussLegendre<Double>(count: 24, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16))
        let outer = 8 / gamma.squareRoot()
        var edges = [0.0]
        var edge = outer * 1e-6
        while edge < outer { edges.append(edge); edge *= 1.6 }
        edges.append(outer)
        var numerator = 0.0, denominator = 0.0
        for p in 0..<(edges.count - 1) {
            for (y, wy) in rule.mapped(to: edges[p], edges[p + 1]) {
                let ky = Foundation.pow(y, 2 * Double(k1))
                let width = min(outer, 6 * Foundation.pow(beta * ky, -1 / (2 * Double(k0))))
                for q in 0..<4 {
                    for (x, wx) in rule.mapped(to: width * Double(q) / 4, width * Double(q + 1) / 4) {
                        let k = Foundation.pow(x, 2 * Double(k0)) * ky
                        let density = Foundation.exp(-beta * k - gamma * (x * x + y * y) / 2) * wx * wy
                        numerator += beta * k * density
                        denominator += density
                    }
                }
            }
        }
        return numerator / denominator
    }

    /// Fixed (k₀, k₁, β) cases, seeds from their index; more in the long tier.
    static let twoCoordinates: [(Int, Int, Double)] = [(1, 2, 25), (2, 2, 200)]
        + (Support.longTests ? [(1, 1, 12), (2, 1, 60), (1, 2, 280), (2, 2, 15), (1, 1, 150), (2, 1, 30)] : [])

    @Test(.tags(.statistical), arguments: Self.twoCoordinates.indices)
    func twoCoordinateLLCMatchesQuadrature(caseIndex: Int) throws {
        do {
            let (k0, k1, beta) = Self.twoCoordinates[caseIndex]
            let gamma = 1.0
            let potential = try NormalCrossingPotential(exponents: [k0, k1])
            let run = try LangevinSampler(potential: potential, center: [0, 0], settings: Self.settings(
                beta: beta, stepSize: 0.02 / Foundation.pow(beta, 1 / Double(max(k0, k1))), localization: gamma,
                seed: 0x2C00 + UInt64(caseIndex))).run()
            let llc = try run.localLearningCoefficient(batchSize: run.drawCount / 20)
            let exact = Self.quadratureLLC(k0: k0, k1: k1, beta: beta, gamma: gamma)
            Support.expectAgreement([AuditEntry(caseLabel: "k=(\(k0),\(k1)) β=\(beta) γ=1", quantity: "llc", estimate: llc.value,
                                                standardError: llc.standardError, oracle: exact)])
            print("normal crossing k=(\(k0),\(k1)) β=\(beta) γ=1: λ̂ = \(llc.value) ± \(llc.standardError), quadrature \(exact), limit min 1/(2k_j) = \(1 / (2 * Double(max(k0, k1))))")
        }
    }
}
