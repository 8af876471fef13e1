import Foundation
import HighPrecision
import Testing
import TestSupport
@testable import AnalyticOracle

/// The finite-β expansion with localization ([Audit.md §6](../../Derivations/Audit.md)):
/// at γ = 0 against the oracle's next order, computed by a different route
/// (`c = ∂m₁/∂h_x` from minima re-solved at `h ± εe_x`, `LaplaceExpansion`);
/// the orbit's tilt against a quadrature of the rotation integral; the
/// Laplace count with γ against the spectrum.
@Suite("Finite-β expansion with localization")
struct FiniteBetaExpansionTests {
    static let bits = 192

    struct Case {
        let point: CriticalPoint
        let loss: PiecewiseLoss<BigFloat>
        let expansion: FiniteBetaExpansion<BigFloat>
    }

    static func lowestMinimum(_ name: String) throws -> Case {
        let data = try DataSpecification(parsing: name)
        let analysis = try CriticalPointOracle(data: data, polygon: try PolygonConfiguration(k: 5), precision: bits).analyse()
        let point = try #require(analysis.minima.first)
        return try BigFloat.withWorkingPrecision(bits) {
            let loss = PiecewiseLoss(try TrainingData<BigFloat>(data, decimal: { try BigFloat(decimal: $0) }))
            let expansion = FiniteBetaExpansion(
                loss: loss, point: point.coordinates, pattern: point.pattern, free: point.polygon.liveCoordinates,
                differenceStep: BigFloat(1).scaled(byPowerOfTwo: -bits / 5))
            return Case(point: point, loss: loss, expansion: expansion)
        }
    }

    static let oneHotCase = try? lowestMinimum("one-hot")
    static let bernoulliCase = try? lowestMinimum("bernoulli:0.95")
    static var oneHot: Case { get throws { try #require(oneHotCase, "the one-hot minimum was not found") } }
    static var bernoulli: Case { get throws { try #require(bernoulliCase, "the S = 0.95 minimum was not found") } }

    @Test("γ = 0: λ̂ = 9/2 + a/β and χ = χ⁰ + c/β of the re-solved-minimum route", arguments: ["one-hot", "bernoulli:0.95"])
    func reducesToTheRegularLimit(name: String) throws {
        let c = try name == "one-hot" ? Self.oneHot : Self.bernoulli
        let inputs = [1, 2, 3, 12, 21]
        try BigFloat.withWorkingPrecision(Self.bits) {
            let reference = try FullModelReference.susceptibility(
                of: c.point, index: 0, loss: c.loss, bits: Self.bits, regime: "test", nextOrder: true, inputs: inputs)
            // Large enough that no kink of these inputs lies within 5 posterior standard deviations;
            // at γ = 0 every correction term is exactly proportional to 1/β.
            let beta = BigFloat(1_000_000)
            let e = try c.expansion.evaluate(beta: beta, localization: BigFloat(0))
            let a = reference.llcCorrection!
            let llcError = (beta * (e.llc - 9 / BigFloat(2)) - a).magnitude.doubleValue
            #expect(llcError < 1e-25, "\(name): β(λ̂ − 9/2) = \((beta * (e.llc - 9 / BigFloat(2))).doubleValue), a = \(a.doubleValue)")
            #expect((e.laplaceLLC - 9 / BigFloat(2)).magnitude.doubleValue < 1e-30)
            var worst = 0.0
            for (column, x) in inputs.enumerated() {
                for k in 0..<15 {
                    let chi0 = reference.jacobian[k][column], next = reference.nextOrder![k][column]!
                    let leading = e.leadingChi[k][x]
                    #expect((leading - chi0).magnitude.doubleValue < 1e-25)
                    let correction = beta * (e.chi[k][x]! - leading)
                    // c by central differences in h (step 2^{-64}): error O(2^{-128}) relative.
                    let error = (correction - next).magnitude.doubleValue
                    worst = max(worst, error)
                    #expect(error < 1e-15 * max(1, next.magnitude.doubleValue),
                            "\(name) \(Observable.structural[k].name) x = \(x): expansion \(correction.doubleValue), oracle c \(next.doubleValue)")
                    let mpNext = next + reference.meanCorrections![k] / c.loss.weights.reduce(BigFloat(0), +)
                    let mpCorrection = beta * (e.chiMeanPreserving[k][x]! - e.leadingChiMeanPreserving[k][x])
                    #expect((mpCorrection - mpNext).magnitude.doubleValue < 1e-15 * max(1, mpNext.magnitude.doubleValue))
                }
            }
            for k in 0..<15 {
                let m1 = reference.meanCorrections![k]
                #expect((beta * (e.means[k] - c.expansion.observableValues[k]) - m1).magnitude.doubleValue < 1e-25)
            }
            print("\(name): a = \(a.doubleValue), λ̂ error \(llcError); max |c − c_oracle| = \(worst)")
        }
    }
}

extension FiniteBetaExpansionTests {
    /// `G(κ) = log ∫₀^π e^{−κ(1 − cos ψ)} dψ` by the trapezoid rule, exponentially accurate for this
    /// periodic analytic integrand (the route that does not use Bessel functions).
    static func logOrbitIntegral(_ kappa: Double, nodes: Int = 40_000) -> Double {
        var sum = 0.0
        for i in 0...nodes {
            let psi = Double.pi * Double(i) / Double(nodes)
            sum += (i == 0 || i == nodes ? 0.5 : 1) * exp(-kappa * (1 - cos(psi)))
        }
        return log(sum * Double.pi / Double(nodes))
    }

    @Test("The orbit tilt s, s₂ (Bessel series and asymptotics) against finite differences of the quadrature of the rotation integral",
          arguments: [0.1, 1.0, 10.0, 150.0, 199.0, 201.0, 1_000.0, 10_000.0])
    func orbitTiltMatchesQuadrature(kappa: Double) {
        // log t(x) = log(1 + x) + G(κ(1 + x)) + const.
        func logT(_ x: Double) -> Double { log(1 + x) + Self.logOrbitIntegral(kappa * (1 + x)) }
        let tilt = OrbitTilt<Double>(kappa: kappa)
        let h1 = 1e-4, h2 = 1e-3
        let s = (logT(h1) - logT(-h1)) / (2 * h1)
        let s2 = (logT(h2) - 2 * logT(0) + logT(-h2)) / (h2 * h2)
        #expect(abs(tilt.s - s) < 1e-6, "κ = \(kappa): s = \(tilt.s), quadrature \(s)")
        #expect(abs(tilt.s2 - s2) < 1e-5, "κ = \(kappa): s₂ = \(tilt.s2), quadrature \(s2)")
        // A tilt that ignores the localization (the free orbit's s = 1, s₂ = −1) is far off from κ = 1 on.
        if kappa >= 1 { #expect(abs(s - 1) > 0.1) }
    }

    @Test("γ > 0: the Laplace term is ½Σ βμ_i/(βμ_i + γ) over the Jacobi spectrum, and the rest is O(1/β)")
    func laplaceCountWithLocalization() throws {
        let c = try Self.oneHot
        try BigFloat.withWorkingPrecision(Self.bits) {
            let eigenvalues = c.point.spectrum.eigenvalues.filter { $0 > c.point.zeroTolerance }
            #expect(eigenvalues.count == 9)
            for (beta, gamma) in [(BigFloat(100), BigFloat(100)), (BigFloat(1000), BigFloat(10))] {
                let e = try c.expansion.evaluate(beta: beta, localization: gamma)
                var count = BigFloat(0)
                for mu in eigenvalues { count = count + beta * mu / (beta * mu + gamma) }
                #expect((e.laplaceLLC - count / 2).magnitude.doubleValue < 1e-40, "β = \(beta.doubleValue), γ = \(gamma.doubleValue)")
                // The 1/β term: at γ → 0 it is a/β; with γ it stays of that order.
                let correction = (e.llc - e.laplaceLLC).doubleValue
                #expect(abs(correction) < 2 * 5.67 / beta.doubleValue, "correction \(correction)")
            }
        }
    }

    @Test("The Gaussian tail integrals J_n(k) of the kink allowance against quadrature", arguments: [0.5, 3.0, 4.5])
    func kinkTailIntegrals(k: Double) {
        let j = FiniteBetaExpansion<Double>.tail(k)
        // Midpoint rule on [k, k + 40], 400,000 nodes: error ≈ h²/24 ∫|f''| ≈ 10⁻¹⁰ relative; the closed
        // forms lose ≈ 10⁻¹⁶ × (their largest term)/J_n to cancellation (10⁻¹³ absolute at k = 4.5).
        var sums = [0.0, 0.0, 0.0, 0.0]
        let n = 400_000, width = 40.0 / Double(n)
        for i in 0..<n {
            let t = k + (Double(i) + 0.5) * width, d = t - k
            let w = exp(-t * t / 2) / (2 * Double.pi).squareRoot() * width
            sums[0] += d * w; sums[1] += d * d * w; sums[2] += d * d * d * w; sums[3] += d * d * d * d * w
        }
        for (computed, quadrature) in zip([j.j1, j.j2, j.j3, j.j4], sums) {
            #expect(abs(computed - quadrature) <= 1e-7 * quadrature + 1e-13, "k = \(k): \(computed) vs \(quadrature)")
        }
    }
}
