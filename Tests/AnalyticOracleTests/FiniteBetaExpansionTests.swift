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
