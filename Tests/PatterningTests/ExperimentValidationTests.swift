import D5Taxonomy
import Patterning
import Testing
import TMSEngine

/// The experiments check every setting before any work (`validate()`, also the first step of `run()`).
@Suite struct ExperimentValidationTests {
    @Test func badBifurcationSettingsAreRefusedBeforeRunning() {
        func refused(_ change: (inout BifurcationExperiment) -> Void) -> Bool {
            var e = BifurcationExperiment(gap: 1, seed: 0)
            change(&e)
            do { try e.validate(); return false } catch { return true }
        }
        #expect(!refused { _ in })
        #expect(refused { $0.gap = 4 })
        #expect(refused { $0.from = 5 })
        #expect(refused { $0.sparsity = 1 })
        #expect(refused { $0.learningRate = -1 })
        #expect(refused { $0.learningRate = .nan })
        #expect(refused { $0.controlledEpochs = -1 })
        #expect(refused { $0.releaseEpochs = PatterningExperimentLimits.maximumEpochs })
        #expect(refused { $0.controlledEpochs = Int.max; $0.releaseEpochs = Int.max })
        #expect(refused { $0.scale = .maxChange(-1) })
        #expect(refused { $0.arrivalTolerance = -0.1 })
        #expect(refused { $0.schedule = .periodic(every: 0) })
        #expect(refused { $0.schedule = .adaptive(PlateauTest(minimumInterval: 20, maximumInterval: 10)) })
        #expect(refused { $0.sampler.draws = 0 })
        #expect(refused { $0.sampler.burnIn = Int.max })
    }

    @Test func badRewriteSettingsAreRefusedBeforeRunning() {
        var e = RewriteExperiment(target: .identity, seed: 0)
        #expect(throws: Never.self) { try e.validate() }
        e.pretrainingEpochs = -1
        #expect(throws: PatterningError.self) { try e.run() }
        e.pretrainingEpochs = 2000
        e.initialPerturbation = .infinity
        #expect(throws: PatterningError.self) { try e.validate() }
    }
}
