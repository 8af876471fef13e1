import Foundation
import Patterning
import TMSEngine
import Testing

/// The plant and the controlled 4 → 5 bifurcation on the TMS engine.
/// Runs use fixed seeds (deterministic); each takes well under a second in debug.
@Suite("4 → 5 bifurcation on the engine")
struct BifurcationExperimentTests {
    @Test("One epoch of the plant's gradient descent equals w − η·∇L with ∇L from central differences of L")
    func plantTrainingStep() throws {
        let w = [0.9, 0.1, -0.05, 1.1, -1, 0.02, 0.03, -0.95, 0.2, 0.3]
        let h = try TMSModel.naturalWeights(sparsity: 0.9)
        let model = try TMSModel(weights: h)
        let eta = 0.01
        var plant = try TMSPlant(parameters: w, learningRate: eta, sampler: SamplerSettings(stepSize: 1e-6, nBeta: 100))
        _ = try plant.train(weights: h, epochs: 1)
        // Central differences: truncation ≈ δ²|L'''| ≲ 1e-10, rounding ≈ ε|L|/δ ≈ 1e-11.
        let delta = 1e-5
        for i in 0..<10 {
            var plus = w, minus = w
            plus[i] += delta
            minus[i] -= delta
            let lp = plus.withUnsafeBufferPointer { model.loss(at: $0) }
            let lm = minus.withUnsafeBufferPointer { model.loss(at: $0) }
            #expect(abs(plant.parameters[i] - (w[i] - eta * (lp - lm) / (2 * delta))) <= eta * 1e-8)
        }
    }

    @Test("Without patterning the new feature grows into the gap its initial direction points into")
    func unpatternedGapFollowsInitialAngle() throws {
        for seed: UInt64 in 0..<4 {
            var e = BifurcationExperiment(gap: 0, seed: seed)
            e.schedule = nil
            e.controlledEpochs = 0
            e.releaseEpochs = 1500
            let w = e.initialParameters()
            var angle = atan2(w[9], w[8])
            if angle < 0 { angle += 2 * .pi }
            let quadrant = Int(angle / (.pi / 2))  // gap g spans angles (g·90°, (g+1)·90°)
            let outcome = try e.run()
            #expect(outcome.chosenGap == quadrant)
            #expect(outcome.isRegularPentagon)  // S = 0.95: the square always completes to a regular pentagon
            #expect(outcome.run.records.isEmpty)
        }
    }

    @Test("A single patterning step steers the new feature into a gap its initial direction does not point into",
          arguments: [0, 1, 2, 3])
    func singleStepChoosesGap(gap: Int) throws {
        // For each gap, a seed whose unpatterned run picks a different gap.
        var seed: UInt64 = 0
        while true {
            let w = BifurcationExperiment(gap: gap, seed: seed).initialParameters()
            var angle = atan2(w[9], w[8])
            if angle < 0 { angle += 2 * .pi }
            if Int(angle / (.pi / 2)) != gap { break }
            seed += 1
        }
        var e = BifurcationExperiment(gap: gap, seed: seed)
        e.sampler.draws = 500
        let outcome = try e.run()
        #expect(outcome.success, "gap \(gap), seed \(seed): chose \(String(describing: outcome.chosenGap))")
        #expect(outcome.run.estimationEpochs == [0])
        let record = try #require(outcome.run.records.first)
        #expect(abs(record.weights.reduce(0, +) / 32 - 1) <= 1e-12)
        // Final cosines against the target pentagon (tolerance: the 10° regularity band).
        for (got, want) in zip(outcome.finalCosines, outcome.targetCosines) { #expect(abs(got - want) <= 0.35) }
    }

    @Test("Runs are bit-identical for the same seed, whatever the sampler's thread count")
    func deterministic() throws {
        var serial = BifurcationExperiment(gap: 2, seed: 11)
        serial.sampler.draws = 200
        serial.controlledEpochs = 40
        serial.releaseEpochs = 10
        serial.schedule = .periodic(every: 20)
        var parallel = serial
        serial.sampler.maxConcurrency = 1
        parallel.sampler.maxConcurrency = 2
        let a = try serial.run(), b = try parallel.run()
        #expect(a.finalParameters == b.finalParameters)
        #expect(a.run == b.run)
        #expect(a.run.estimationEpochs == [0, 20])
    }

    @Test("Target rows and goals: dot(a,4), dot(b,4) → cos 72°, dot(a,b) → cos 144°")
    func targets() throws {
        var e = BifurcationExperiment(gap: 3, seed: 0)
        e.targetSet = .neighboursAndPair
        let t = try e.target()
        // gap 3 lies between features 3 and 0: rows dot(3,4) = 9, dot(0,4) = 3, dot(0,3) = 2.
        #expect(t.rows == [9, 3, 2])
        let c72 = cos(2 * Double.pi / 5), c144 = cos(4 * Double.pi / 5)
        for (got, want) in zip(t.goals, [c72, c72, c144]) { #expect(abs(got - want) <= 1e-15) }
        #expect(throws: PatterningError.self) { try BifurcationExperiment(gap: 4, seed: 0).run() }
    }
}
