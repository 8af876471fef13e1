import AnalyticOracle
import Foundation
import PropertyBased
import Testing
import TMSEngine
import Verification

/// The engine's estimators at the frozen square (only `W_4` sampled, one-hot data,
/// γ = 0) against the analytic oracle ([Audit.md](../../Derivations/Audit.md) §2):
/// χ for all 17 rows × 17 inputs in both conventions, `E[r^k]`, and the LLC 1/2.
@Suite struct FrozenSquareTests {
    static let draws = Support.longTests ? 100_000 : 20_000

    static func settings(_ method: SamplerSettings.Method, beta: Double, scale: Double, seed: UInt64) -> SamplerSettings {
        SamplerSettings(
            method: method, stepSize: scale / beta.squareRoot(), nBeta: 32 * beta, chains: 4,
            burnIn: 2_000, draws: draws, seed: seed)
    }

    /// MALA samples the posterior exactly, so every entry must be within 5 SE of the oracle.
    @Test func malaMatchesOracle() async throws {
        await propertyCheck(count: Support.longTests ? 8 : 2, input: Gen.double(in: 0...1)) { u in
            let beta = Support.logUniform(u, 5, 500)
            let square = try FrozenSquare(beta: beta)
            let run = try square.run(Self.settings(.mala, beta: beta, scale: 0.1, seed: Support.seed(u)))
            let entries = try square.entries(of: run, caseLabel: "mala β=\(beta)", batchSize: Audit.defaultBatchSize(draws: Self.draws))
            let worst = Support.expectAgreement(entries)
            let acceptance = run.acceptanceRates.reduce(0, +) / Double(run.acceptanceRates.count)
            print("frozen square MALA β=\(beta): \(entries.count) entries, max|z| = \(worst), acceptance \(acceptance)")
        }
    }
}

/// SGLD at the frozen square: its `O(ε)` bias is removed by Richardson extrapolation
/// in ε (`2·e(ε/2) − e(ε)`), and the extrapolated estimates must meet the oracle
/// within 5 SE. The measured bias of the plain runs is printed (Audit.md §2).
@Suite struct FrozenSquareSGLDTests {
    @Test func richardsonExtrapolationMatchesOracle() async throws {
        await propertyCheck(count: Support.longTests ? 6 : 1, input: Gen.double(in: 0...1)) { u in
            let beta = Support.logUniform(u, 5, 500)
            let square = try FrozenSquare(beta: beta)
            let seed = Support.seed(u)
            let coarse = try square.entries(
                of: try square.run(FrozenSquareTests.settings(.sgld, beta: beta, scale: 0.04, seed: seed)), caseLabel: "sgld c=0.04", batchSize: Audit.defaultBatchSize(draws: FrozenSquareTests.draws))
            let fine = try square.entries(
                of: try square.run(FrozenSquareTests.settings(.sgld, beta: beta, scale: 0.02, seed: seed &+ 1)), caseLabel: "sgld c=0.02", batchSize: Audit.defaultBatchSize(draws: FrozenSquareTests.draws))
            let extrapolated = zip(coarse, fine).map { c, f in
                AuditEntry(
                    caseLabel: "sgld Richardson β=\(beta)", quantity: c.quantity, estimate: 2 * f.estimate - c.estimate,
                    standardError: ((4 * (f.standardError ?? 0) * (f.standardError ?? 0)) + (c.standardError ?? 0) * (c.standardError ?? 0)).squareRoot(),
                    oracle: c.oracle)
            }
            let worst = Support.expectAgreement(extrapolated)
            let llc = (coarse.last!, fine.last!)
            let r4 = (coarse.first { $0.quantity == "E[r^4]" }!, fine.first { $0.quantity == "E[r^4]" }!)
            print("""
                frozen square SGLD β=\(beta): Richardson max|z| = \(worst); \
                LLC bias \(llc.0.bias) ± \(llc.0.standardError!) at c=0.04, \(llc.1.bias) ± \(llc.1.standardError!) at c=0.02; \
                E[r^4] relative bias \(r4.0.bias / r4.0.oracle) at c=0.04, \(r4.1.bias / r4.1.oracle) at c=0.02
                """)
        }
    }
}
