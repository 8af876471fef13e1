import Testing
import PropertyBased
import HighPrecision
@testable import AnalyticOracle

/// The anomalous β-scaling of χ at the quartic bifurcation, exactly:
/// χ(λβ)/χ(β) = λ^{1/2} (dot rows), λ^{1/4} (pos rows and the norm row on
/// inputs without feature 4), and the two-term law
/// χ_{norm(4),00001}(β) = A β^{1/4} − B β^{−1/4} (A, B fitted at two β values
/// predict a third). A regular quadratic minimum would give λ¹.
///
/// Tolerance: at 256 bits every χ is within ~2^−245 relative of its exact
/// value (fewer than 40 correctly rounded operations, Γ and pow included);
/// ratios and the fit lose at most a factor 100: 2^−230 relative.
@Suite struct ScalingTests {
    @Test
    func powerLaws() async {
        await propertyCheck(count: 10, input: Gen.double(in: -2...6), Gen.double(in: -3...3)) { betaExponent, lambdaExponent in
            BigFloat.withWorkingPrecision(256) {
                let beta = BigFloat.pow(10, BigFloat(betaExponent)), lambda = BigFloat.pow(10, BigFloat(lambdaExponent))
                let a = BifurcationSusceptibilities(beta: beta), b = BifurcationSusceptibilities(beta: lambda * beta)
                let eps = Support.twoToThe(-230)
                for row in Observable.oracleRows {
                    let exponent: BigFloat
                    switch row {
                    case .dot(_, 4): exponent = BigFloat.ratio(1, 2)
                    case .pos(4, _), .norm(4): exponent = BigFloat.ratio(1, 4)
                    default: continue
                    }
                    for x in InputType.withoutFeature4 {
                        let base = try! a.chi(row, x)
                        if base.isZero { #expect(try! b.chi(row, x).isZero); continue }
                        let ratio = try! b.chi(row, x) / base
                        #expect(Support.close(ratio, BigFloat.pow(lambda, exponent), within: ratio.magnitude * eps), "\(row) \(x)")
                    }
                }
            }
        }
    }

    @Test
    func ownNormTwoTermLaw() async {
        await propertyCheck(count: 10, input: Gen.double(in: -2...6), Gen.double(in: -2...6), Gen.double(in: -2...6)) { e1, e2, e3 in
            BigFloat.withWorkingPrecision(256) {
                guard abs(e1 - e2) > 0.1 else { return }
                let betas = [e1, e2, e3].map { BigFloat.pow(10, BigFloat($0)) }
                let chi = betas.map { BifurcationSusceptibilities(beta: $0).ownNormSusceptibility }
                let q = betas.map { BigFloat.pow($0, BigFloat.ratio(1, 4)) }
                // χ_i = A q_i − B / q_i: solve from (β1, β2), predict β3.
                let det = -q[0] / q[1] + q[1] / q[0]
                let a = (-chi[0] / q[1] + chi[1] / q[0]) / det
                let b = (q[0] * chi[1] - q[1] * chi[0]) / det
                let predicted = a * q[2] - b / q[2]
                let eps = Support.twoToThe(-220) * (a.magnitude * q[2] + b.magnitude / q[2])
                #expect(Support.close(predicted, chi[2], within: eps))
                // The coefficients are the derived constants.
                let expectedA = (BigFloat.gamma(BigFloat.ratio(5, 4)) / BigFloat.sqrt(BigFloat.pi) - BigFloat.gamma(BigFloat.ratio(3, 4)) / BigFloat.pi)
                #expect(Support.close(a, expectedA, within: Support.twoToThe(-200)))
            }
        }
    }
}

import Foundation
