import Foundation
import Patterning
import Testing

/// README's patterning claims, asserted at reduced scale in the default tier on the first seeds of
/// the measured tables (fixed seeds, deterministic runs: every run must succeed, as every run of
/// the tables did). The full tables are `LongPatterningTests` (`TMS_LONG_TESTS=1`); the periodic
/// controller (≈ 10 s a run in debug) is there only.
@Suite("README's patterning claims at reduced scale")
struct PatterningClaimsTests {
    @Test("4 → 5, adaptive controller: seed 0 lands in every gap as a regular pentagon (README: 20/20 per gap)", arguments: [0.95, 0.9])
    func adaptiveBifurcationSucceeds(sparsity: Double) throws {
        for gap in 0..<4 {
            let outcome = try PatterningClaims.adaptiveFourToFive(gap: gap, seed: 0, sparsity: sparsity).run()
            #expect(outcome.success, "S = \(sparsity), gap \(gap), seed 0: chose \(String(describing: outcome.chosenGap)), regular \(outcome.isRegularPentagon)")
        }
    }

    @Test("3 → 4, single step: seeds 0 and 1 land in every gap as a regular square (README: 240/240)", arguments: [0.95, 0.9])
    func triangleSingleStepSucceeds(sparsity: Double) throws {
        for gap in 0..<3 {
            for seed: UInt64 in 0..<2 {
                let outcome = try PatterningClaims.singleThreeToFour(gap: gap, seed: seed, sparsity: sparsity).run()
                #expect(outcome.success, "S = \(sparsity), gap \(gap), seed \(seed): chose \(String(describing: outcome.chosenGap)), regular \(outcome.isRegularPentagon)")
            }
        }
    }

    @Test("Rewriting a trained pentagon, adaptive controller: seed 0 reaches the target and settles (README: 20/20)",
          arguments: PatterningClaims.rewriteTargets)
    func adaptiveRewriteSucceeds(cycles: String) throws {
        let outcome = try PatterningClaims.adaptiveRewrite(cycles: cycles, seed: 0).run()
        #expect(outcome.success, "\(cycles), seed 0: reached \(outcome.reached)")
    }
}
