import D5Taxonomy
import Foundation
import Patterning
import Testing

/// README's patterning tables in full (or, for the periodic controller, on the first seeds), enabled
/// with `TMS_LONG_TESTS=1` (minutes in debug). Fixed seeds: the counts are exact, not bounds.
@Suite("Long patterning runs", .enabled(if: ProcessInfo.processInfo.environment["TMS_LONG_TESTS"] == "1"))
struct LongPatterningTests {
    @Test("Single-step bifurcation at S = 0.95: 18 or 19 of seeds 0..<20 per gap succeed (README: 94%)",
          arguments: [0, 1, 2, 3])
    func bifurcationSweep(gap: Int) throws {
        var successes = 0
        for seed: UInt64 in 0..<20 {
            successes += try BifurcationExperiment(gap: gap, seed: seed).run().success ? 1 : 0
        }
        #expect(successes >= 18, "gap \(gap): \(successes)/20")
    }

    @Test("4 → 5, adaptive controller: 20/20 per gap at S = 0.95 and 0.9", arguments: [0.95, 0.9])
    func adaptiveBifurcationTable(sparsity: Double) throws {
        for gap in 0..<4 {
            let successes = try (0..<20).filter { try PatterningClaims.adaptiveFourToFive(gap: gap, seed: UInt64($0), sparsity: sparsity).run().success }.count
            #expect(successes == 20, "S = \(sparsity), gap \(gap): \(successes)/20")
        }
    }

    @Test("4 → 5, periodic controller (every 10 epochs): seeds 0..<3 per gap at S = 0.95 and 0.9 (README: 20/20)", arguments: [0.95, 0.9])
    func periodicBifurcation(sparsity: Double) throws {
        for gap in 0..<4 {
            for seed: UInt64 in 0..<3 {
                let outcome = try PatterningClaims.periodicFourToFive(gap: gap, seed: seed, sparsity: sparsity).run()
                #expect(outcome.success, "S = \(sparsity), gap \(gap), seed \(seed)")
            }
        }
    }

    @Test("3 → 4, single step: 40/40 per gap at S = 0.95 and 0.9 (240/240)", arguments: [0.95, 0.9])
    func triangleTable(sparsity: Double) throws {
        for gap in 0..<3 {
            let successes = try (0..<40).filter { try PatterningClaims.singleThreeToFour(gap: gap, seed: UInt64($0), sparsity: sparsity).run().success }.count
            #expect(successes == 40, "S = \(sparsity), gap \(gap): \(successes)/40")
        }
    }

    @Test("Rewriting a trained pentagon: the 2-break (f3 f4) is reached by the periodic controller")
    func rewriteTwoBreak() throws {
        let target = try FeaturePermutation(cycles: "(f3 f4)").arrangement
        let outcome = try RewriteExperiment(target: target, seed: 0).run()
        #expect(outcome.success)
        #expect(outcome.reached.targetCosines() as [Double] == target.targetCosines() as [Double])
    }

    @Test("Rewriting, adaptive controller: 20/20 per break class", arguments: PatterningClaims.rewriteTargets)
    func rewriteAdaptive(cycles: String) throws {
        let successes = try (0..<20).filter { try PatterningClaims.adaptiveRewrite(cycles: cycles, seed: UInt64($0)).run().success }.count
        #expect(successes == 20, "\(cycles): \(successes)/20")
    }
}
