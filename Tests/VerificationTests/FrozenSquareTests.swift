import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// The engine's estimators at the frozen square (only `W_4` sampled, one-hot data,
/// γ = 0) against the analytic oracle ([Audit.md](../../Derivations/Audit.md) §2):
/// χ for all 17 rows × 17 inputs in both conventions, `E[r^k]`, and the LLC 1/2.
@Suite struct FrozenSquareTests {
    static let draws = Support.longTests ? 200_000 : 40_000

    static func settings(_ method: SamplerSettings.Method, beta: Double, scale: Double, seed: UInt64) -> SamplerSettings {
        SamplerSettings(
            method: method, stepSize: scale / beta.squareRoot(), nBeta: 32 * beta, chains: 4,
            burnIn: 2_000, draws: draws, seed: seed)
    }

    /// MALA samples the posterior exactly, so every entry must be within 5 SE of the oracle.
    /// The case is scale invariant (with ε = c/√β the chain of `β^{1/4} W_4` does not depend on β),
    /// so one β (the essay's 50) and one long run at a fixed seed are all there is to test; the
    /// spread of the estimates' z-scores over 200 seeds is `StandardErrorsAgainstTruthTests`'.
    @Test(.tags(.statistical)) func malaMatchesOracle() throws {
        let beta = 50.0
        let square = try FrozenSquare(beta: beta)
        let run = try square.run(Self.settings(.mala, beta: beta, scale: 0.1, seed: 0xF5_0050))
        let entries = try square.entries(of: run, caseLabel: "mala β=\(beta) seed 0xF50050", batchSize: Audit.defaultBatchSize(draws: Self.draws))
        let worst = Support.expectAgreement(entries)
        let acceptance = run.acceptanceRates.reduce(0, +) / Double(run.acceptanceRates.count)
        print("frozen square MALA β=\(beta): \(entries.count) entries, max|z| = \(worst), acceptance \(acceptance)")
    }
}
