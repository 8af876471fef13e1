import Testing
import PropertyBased
import HighPrecision
@testable import AnalyticOracle

/// The landscape formulas of QuarticCancellation.md against the reference
/// model evaluated in BigFloat at random (r, θ).
///
/// Tolerance: at 256 bits each side takes fewer than 100 correctly rounded
/// operations on values of size ≤ 30 (r ≤ 2), so both are within
/// 100 · 30 · 2^−256 < 2^−243 of the exact value; we allow 2^−240.
@Suite struct LandscapeTests {
    static let bits = 256
    static let tolerance = -240

    @Test
    func squareLossFormulasMatchTheModel() async {
        await propertyCheck(count: 20, input: Gen.double(in: 0...2), Gen.double(in: -4...4)) { r, theta in
            BigFloat.withWorkingPrecision(Self.bits) {
                let (r, theta) = (BigFloat(r), BigFloat(theta))
                let point = BifurcationPoint<BigFloat>.square
                let model = point.model(r: r, theta: theta)
                for x in InputType.oracleInputs {
                    let formula = try! point.loss(x, r: r, theta: theta)
                    #expect(Support.close(formula, model.loss(x), within: Support.twoToThe(Self.tolerance)), "\(x)")
                }
                // H(r, θ) = 1 + r⁴: no r² term in any direction.
                let total = model.losses(InputType.oneHot).reduce(BigFloat(0), +)
                #expect(Support.close(total, point.totalLoss(r: r), within: Support.twoToThe(Self.tolerance)))
            }
        }
    }

    @Test
    func kGonLandscapesMatchTheModel() async {
        await propertyCheck(count: 20, input: Gen.int(in: 2...4), Gen.double(in: 0...2), Gen.double(in: -4...4)) { k, r, theta in
            BigFloat.withWorkingPrecision(Self.bits) {
                let (r, theta) = (BigFloat(r), BigFloat(theta))
                let model = try! DeadFeatureLandscape.model(k: k, r: r, theta: theta)
                let losses = model.losses(InputType.oneHot)
                let formula = try! DeadFeatureLandscape.oneHotLosses(k: k, r: r, theta: theta)
                for i in 0..<5 {
                    #expect(Support.close(formula[i], losses[i], within: Support.twoToThe(Self.tolerance)), "k=\(k) feature \(i)")
                }
                let h = try! DeadFeatureLandscape.totalLoss(k: k, r: r, theta: theta)
                #expect(Support.close(h, losses.reduce(BigFloat(0), +), within: Support.twoToThe(Self.tolerance)), "k=\(k)")
            }
        }
    }

    /// g_2 = cos²θ, g_3 ∈ [1/2, 1] with its minimum 1/2 at the gap midpoints,
    /// g_4 ≡ 1: checked against elementary trigonometry, not the frame sum.
    @Test
    func frameSums() async throws {
        await propertyCheck(count: 20, input: Gen.double(in: -4...4)) { theta in
            BigFloat.withWorkingPrecision(Self.bits) {
                let t = BigFloat(theta), eps = Support.twoToThe(Self.tolerance)
                let c = BigFloat.cos(t)
                #expect(Support.close(try! DeadFeatureLandscape.frameSum(k: 2, theta: t), c * c, within: eps))
                #expect(Support.close(try! DeadFeatureLandscape.frameSum(k: 4, theta: t), 1, within: eps))
                // k = 3, the piecewise form of QuarticCancellation.md: on the 60° arc
                // centred on vertex i, cos²(θ − θ_i); on the arc centred on the gap
                // midpoint θ_i + π/3, 1 − ½ cos(2θ − 2θ_i − 2π/3).
                let sextant = Int((theta / (Double.pi / 3) + 0.5).rounded(.down))  // arc centred on sextant·60°
                let vertex = Int((Double(sextant) / 2).rounded(.down))  // the vertex at or before the arc
                let i = BigFloat(vertex) * 2 * BigFloat.pi / 3
                let g3: BigFloat = sextant % 2 == 0
                    ? BigFloat.cos(t - i) * BigFloat.cos(t - i)
                    : 1 - BigFloat.cos(2 * t - 2 * i - 2 * BigFloat.pi / 3) / 2
                #expect(Support.close(try! DeadFeatureLandscape.frameSum(k: 3, theta: t), g3, within: eps), "θ = \(theta)")
            }
        }
        try BigFloat.withWorkingPrecision(Self.bits) {
            let eps = Support.twoToThe(Self.tolerance)
            for k in 2...3 {
                let expected: BigFloat = k == 2 ? -2 : -1  // −2(1 − g) at g = 0 (k = 2) and g = 1/2 (k = 3)
                for (p, q) in try DeadFeatureLandscape.steepestDirections(k: k) {
                    let theta = BigFloat.pi * BigFloat.ratio(p, q)
                    #expect(Support.close(try DeadFeatureLandscape.quadraticCoefficient(k: k, theta: theta), expected, within: eps))
                }
            }
            // At a vertex the coefficient vanishes: the polygon's own directions are quartic.
            #expect(try DeadFeatureLandscape.quadraticCoefficient(k: 3, theta: BigFloat(0)).isZero)
        }
    }

    /// The steepest directions are the minima of the quadratic coefficient over θ
    /// (checked on a grid of 720 angles, evaluating the model's one-hot loss at small r).
    @Test func steepestDirectionsAreTheMinimaOfTheModel() throws {
        for k in 2...3 {
            let r = 1e-3
            var best = (theta: 0.0, coefficient: Double.infinity)
            for n in 0..<720 {
                let theta = Double(n) * .pi / 360
                let model = try DeadFeatureLandscape.model(k: k, r: r, theta: theta)
                let h = model.losses(InputType.oneHot).reduce(0, +)
                let coefficient = (h - Double(5 - k) - r * r * r * r) / (r * r)
                if coefficient < best.coefficient - 1e-9 { best = (theta, coefficient) }
            }
            let directions = try DeadFeatureLandscape.steepestDirections(k: k).map { Double($0.numerator) / Double($0.denominator) * .pi }
            let distance = directions.map { abs(remainder(best.theta - $0, 2 * .pi)) }.min()!
            #expect(distance < 1e-9, "k=\(k): minimum at \(best.theta)")
        }
    }
}

import Foundation
