import D5Taxonomy
import Foundation
import Patterning
import Testing

/// Long runs, enabled with `TMS_LONG_TESTS=1` (minutes in debug).
@Suite("Long patterning runs", .enabled(if: ProcessInfo.processInfo.environment["TMS_LONG_TESTS"] == "1"))
struct LongPatterningTests {
    @Test("Single-step bifurcation at S = 0.95: at least 17 of 20 seeds per gap succeed (measured 18–19)",
          arguments: [0, 1, 2, 3])
    func bifurcationSweep(gap: Int) throws {
        var successes = 0
        for seed: UInt64 in 0..<20 {
            successes += try BifurcationExperiment(gap: gap, seed: seed).run().success ? 1 : 0
        }
        #expect(successes >= 17)
    }

    @Test("Rewriting a trained pentagon: the 2-break (f3 f4) is reached by the periodic controller")
    func rewriteTwoBreak() throws {
        let target = try FeaturePermutation(cycles: "(f3 f4)").arrangement
        let outcome = try RewriteExperiment(target: target, seed: 0).run()
        #expect(outcome.success)
        #expect(outcome.reached.targetCosines() as [Double] == target.targetCosines() as [Double])
    }

    @Test("Rewriting, event-triggered controller: at least 9 of 10 seeds per break class (measured 20/20 on seeds 0..<20)",
          arguments: ["(f3 f4)", "(f1 f2 f3)", "(f1 f3 f4 f2)"])
    func rewriteAdaptive(cycles: String) throws {
        let target = try FeaturePermutation(cycles: cycles).arrangement
        var successes = 0
        for seed: UInt64 in 0..<10 {
            successes += try RewriteExperiment(target: target, seed: seed).adaptive().run().success ? 1 : 0
        }
        #expect(successes >= 9)
    }
}
