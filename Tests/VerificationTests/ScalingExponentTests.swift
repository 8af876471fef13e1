import AnalyticOracle
import Foundation
import PropertyBased
import Testing
import TestSupport
import TMSEngine
import Verification

/// The β-scaling exponents of χ at the frozen square, recovered from MALA estimates
/// at four β by a weighted fit of `log|χ|` on `log β` (``PowerLawFit``): 1/2 for the dot
/// rows, 1/4 for the position rows (BifurcationSusceptibilities.md), within 5 SE of the slope.
@Suite struct ScalingExponentTests {
    /// Fixed lowest β of the ladder β, 4β, 16β, 64β (and seed); more in the long tier.
    static let bases: [(Double, UInt64)] = [(3.0, 0x5CA1)] + (Support.longTests ? [(2.0, 0x5CA2), (5.0, 0x5CA3), (8.0, 0x5CA4)] : [])

    @Test(.tags(.statistical), arguments: Self.bases.indices)
    func exponentsFromEstimates(caseIndex: Int) throws {
        do {
            let (base, seed) = Self.bases[caseIndex]
            let betas = [1.0, 4, 16, 64].map { base * $0 }
            // (label, row, input column, expected exponent)
            let rows = FrozenSquare.rows
            let dot04 = rows.firstIndex(of: .dot(0, 4))!, dot14 = rows.firstIndex(of: .dot(1, 4))!
            let posX = rows.firstIndex(of: .pos(4, .x))!, posY = rows.firstIndex(of: .pos(4, .y))!
            let cases: [(String, Int, Int, Double)] = [
                ("dot(0,4), 10000", dot04, 1, 0.5), ("dot(1,4), 01000", dot14, 2, 0.5),
                ("pos(4,x), 10000", posX, 1, 0.25), ("pos(4,y), 01000", posY, 2, 0.25),
            ]
            var values = [[Double]](repeating: [], count: cases.count)
            var errors = [[Double]](repeating: [], count: cases.count)
            for (i, beta) in betas.enumerated() {
                let square = try FrozenSquare(beta: beta)
                let settings = SamplerSettings(
                    method: .mala, stepSize: 0.1 / beta.squareRoot(), nBeta: 32 * beta, chains: 4, burnIn: 1_000,
                    draws: Support.longTests ? 40_000 : 8_000, seed: seed &+ UInt64(i))
                let chi = try square.run(settings).susceptibility()
                for (c, item) in cases.enumerated() {
                    values[c].append(chi[row: item.1, column: item.2])
                    errors[c].append(chi.standardError(row: item.1, column: item.2))
                }
            }
            for (c, item) in cases.enumerated() {
                let fit = try PowerLawFit(betas: betas, values: values[c], standardErrors: errors[c])
                print("β-scaling of χ[\(item.0)] over β = \(betas): exponent \(fit.exponent) ± \(fit.standardError) (expected \(item.3))")
                #expect((fit.exponent - item.3).magnitude <= Support.bands * fit.standardError,
                        "χ[\(item.0)]: fitted exponent \(fit.exponent) ± \(fit.standardError), expected \(item.3)")
            }
        }
    }

    /// The fit against weighted least squares solved another way: the uncentred 2×2 normal equations
    /// by Cramer's rule, weights `w_i = y_i²/s_i²` (the delta method's `1/σ_i²` for `log|y_i|`);
    /// the exponent's standard error is `√(Σw/det)`. Noisy data, so the weights matter.
    @Test func fitIsWeightedLeastSquares() async throws {
        await propertyCheck(count: 300, input: Gen.double(in: -0.5...0.5).array(of: 5...5), Gen.double(in: 0.01...0.5).array(of: 5...5)) { noise, relativeErrors in
            let betas = [0.5, 2, 9, 40, 300.0]
            let values = zip(betas, noise).map { -2 * Foundation.pow($0, 0.37) * Foundation.exp($1) }
            let errors = zip(values, relativeErrors).map { $0.magnitude * $1 }
            let fit = try PowerLawFit(betas: betas, values: values, standardErrors: errors)
            var s = (w: 0.0, wx: 0.0, wy: 0.0, wxx: 0.0, wxy: 0.0)
            for i in betas.indices {
                let w = 1 / (relativeErrors[i] * relativeErrors[i]), x = Foundation.log(betas[i]), y = Foundation.log(values[i].magnitude)
                s = (s.w + w, s.wx + w * x, s.wy + w * y, s.wxx + w * x * x, s.wxy + w * x * y)
            }
            let det = s.w * s.wxx - s.wx * s.wx
            let slope = (s.w * s.wxy - s.wx * s.wy) / det
            // Cancellation in det and the numerator: ≤ 10⁴ u relative for these ranges.
            #expect((fit.exponent - slope).magnitude <= 1e-10 * (1 + slope.magnitude), "exponent \(fit.exponent) vs normal equations \(slope)")
            #expect((fit.standardError - (s.w / det).squareRoot()).magnitude <= 1e-10 * fit.standardError, "SE \(fit.standardError) vs \((s.w / det).squareRoot())")
        }
    }

    /// The fit itself: exact power laws `C β^p` are recovered to rounding, whatever the weights.
    @Test func fitRecoversExactPowerLaws() async throws {
        await propertyCheck(
            count: 300, input: Gen.double(in: -2...2), Gen.double(in: -3...3), Gen.double(in: 0.01...1).array(of: 5...5)
        ) { p, logC, relativeErrors in
            let betas = [0.5, 2, 9, 40, 300.0]
            let values = betas.map { -Foundation.exp(logC) * Foundation.pow($0, p) }
            let fit = try PowerLawFit(betas: betas, values: values, standardErrors: zip(values, relativeErrors).map { $0.magnitude * $1 })
            #expect((fit.exponent - p).magnitude <= 1e-12 * max(1, p.magnitude), "exponent \(fit.exponent) vs \(p)")
            #expect((fit.logPrefactor - logC).magnitude <= 1e-11, "log C \(fit.logPrefactor) vs \(logC)")
        }
    }
}
