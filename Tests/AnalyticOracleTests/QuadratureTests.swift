import Testing
import PropertyBased
import HighPrecision
@testable import AnalyticOracle

/// Closed forms against the independent route: two-dimensional Gauss–Legendre
/// quadrature of the covariance integrals, with the losses and observables
/// evaluated by the reference model at every node and the normalizers computed
/// by the quadrature itself (PosteriorQuadrature).
///
/// Tolerance: the quadrature is set up for 44 digits (≥ 5 digits of margin,
/// see PosteriorQuadrature) at 190 bits (57 digits), the closed forms are
/// correct to ~55 digits at 190 bits, so agreement to 40 digits relative to the
/// largest entry of the table is required.
@Suite struct QuadratureTests {
    static let bits = 190
    static let quadratureDigits = 44
    static let agreementDigits = 40

    /// Random β in [10⁻², 10⁶] (log-uniform); two per default run (each ≈ 10 s in
    /// debug), ten with TMS_LONG_TESTS=1.
    @Test
    func susceptibilitiesAgreeWithQuadrature() async {
        await propertyCheck(count: Support.longTests ? 10 : 2, input: Gen.double(in: -2...6)) { exponent in
            BigFloat.withWorkingPrecision(Self.bits) {
                let beta = BigFloat.pow(BigFloat(10), BigFloat(exponent))
                let closed = BifurcationSusceptibilities(beta: beta)
                let quadrature = PosteriorQuadrature(beta: beta, digits: Self.quadratureDigits).expectations()
                for meanPreserving in [false, true] {
                    let a = try! closed.matrix(inputs: InputType.oracleInputs, meanPreserving: meanPreserving)
                    let b = try! quadrature.matrix(inputs: InputType.oracleInputs, meanPreserving: meanPreserving)
                    let tolerance = Support.scale(a) * Support.tenToTheMinus(Self.agreementDigits)
                    #expect(!(tolerance < Support.maxDifference(a, b)),
                            "β = \(beta.decimal(significantDigits: 10)): max |Δχ| = \(Support.maxDifference(a, b).decimal(significantDigits: 3))")
                }
                // LLC = β(E[H] − H(0)) = 1/2 and E[H] = 1 + 1/(2β), by the model's losses.
                let posterior = QuarticPosterior(beta: beta)
                let eps = Support.tenToTheMinus(Self.agreementDigits)
                #expect(Support.close(quadrature.llc, posterior.llc, within: eps))
                #expect(Support.close(quadrature.llc, BigFloat.ratio(1, 2), within: eps))
                #expect(Support.close(quadrature.expectedTotalLoss, posterior.expectedTotalLoss, within: eps))
            }
        }
    }

    /// E[r^k] = Γ((k+2)/4)/Γ(1/2) β^{−k/4} against the radial rule, k = −1…8.
    @Test
    func radialMomentsAgreeWithQuadrature() async {
        await propertyCheck(count: 4, input: Gen.double(in: -2...6)) { exponent in
            BigFloat.withWorkingPrecision(Self.bits) {
                let beta = BigFloat.pow(BigFloat(10), BigFloat(exponent))
                let rule = PosteriorQuadrature(beta: beta, digits: Self.quadratureDigits, angularOrder: 1, radialOrder: 2 * Self.quadratureDigits + 20)
                let closed = QuarticPosterior(beta: beta)
                for k in 0...8 {
                    let a = closed.radialMoment(k), b = rule.radialMoment(k)
                    #expect(Support.close(a, b, within: a * Support.tenToTheMinus(Self.agreementDigits)), "k=\(k)")
                }
            }
        }
    }

    /// ∫_ℝ² e^{−β|w|⁴} dw = π^{3/2}/(2β^{1/2}) against Gauss–Legendre on [0, S] in r.
    @Test func planeNormalizerAgreesWithQuadrature() {
        BigFloat.withWorkingPrecision(Self.bits) {
            let beta = BigFloat.ratio(73, 10)
            let digits = Self.quadratureDigits
            let cutoff = BigFloat.sqrt(BigFloat.sqrt(BigFloat(digits) * BigFloat.log(10) + 30)) * BigFloat.pow(beta, BigFloat.ratio(-1, 4))
            let rule = GaussLegendre<BigFloat>(count: 2 * digits + 20, newtonSteps: GaussLegendre<BigFloat>.newtonSteps(forDigits: digits))
            let radial = rule.integrate(0, cutoff) { r in r * BigFloat.exp(-beta * r * r * r * r) }
            let numeric = 2 * BigFloat.pi * radial
            let closed = QuarticPosterior(beta: beta).planeNormalizer
            #expect(Support.close(numeric, closed, within: closed * Support.tenToTheMinus(Self.agreementDigits)))
        }
    }

    /// Gauss–Legendre itself: exact for x^{2n−1}, and ∫_0^π sin = 2.
    @Test func gaussLegendreIsExactOnPolynomials() {
        BigFloat.withWorkingPrecision(256) {
            let n = 12
            let rule = GaussLegendre<BigFloat>(count: n, newtonSteps: GaussLegendre<BigFloat>.newtonSteps(forDigits: 70))
            let eps = Support.twoToThe(-240)
            #expect(Support.close(rule.weights.reduce(BigFloat(0), +), 2, within: eps))
            #expect(Support.close(rule.integrate(0, 1) { BigFloat.pow($0, 2 * n - 2) }, BigFloat.ratio(1, 2 * n - 1), within: eps))
            let sine = GaussLegendre<BigFloat>(count: 40, newtonSteps: 10).integrate(0, BigFloat.pi) { BigFloat.sin($0) }
            #expect(Support.close(sine, 2, within: Support.tenToTheMinus(60)))
        }
    }
}
