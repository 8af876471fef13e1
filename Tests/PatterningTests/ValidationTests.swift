import Patterning
import TMSEngine
import Testing

/// Bad input gets a typed error whose description names the bad value.
@Suite("Validation")
struct ValidationTests {
    let chi = try! DenseMatrix([[1, 0, 2], [0, 1, 1]])

    @Test("Non-finite χ and dμ")
    func nonFinite() throws {
        #expect(throws: PatterningError.nonFinite(name: "matrix", index: 1, value: .infinity)) {
            try DenseMatrix([[1, .infinity]])
        }
        #expect(throws: PatterningError.self) { try PatterningStep(susceptibility: chi, targetChange: [1, .nan]) }
        do {
            _ = try PatterningStep(susceptibility: chi, targetChange: [.nan, 0])
            Issue.record("expected a throw")
        } catch let error as PatterningError {
            #expect(error.description.contains("nan"))
            #expect(error.description.contains("dμ"))
        }
    }

    @Test("Dimension mismatches")
    func dimensions() throws {
        #expect(throws: PatterningError.dimensionMismatch(name: "target change dμ", expected: 2, actual: 3)) {
            try PatterningStep(susceptibility: chi, targetChange: [1, 2, 3])
        }
        #expect(throws: PatterningError.dimensionMismatch(name: "reweighting dh", expected: 2, actual: 3)) {
            try WeightRule.exponential.weights(baseline: [1, 1], direction: [0, 0, 0], scale: 1)
        }
        #expect(throws: PatterningError.self) { try DenseMatrix([[1, 2], [3]]) }
        #expect(throws: PatterningError.invalidShape(name: "matrix", rows: 0, columns: 0)) { try DenseMatrix([]) }
        #expect(throws: PatterningError.indexOutOfRange(name: "row", index: 5, count: 2)) { try chi.selecting(rows: [5]) }
    }

    @Test("Ridge, scale and floor out of range")
    func parameters() throws {
        #expect(throws: PatterningError.negativeRidge(-1)) { try PatterningStep(susceptibility: chi, targetChange: [1, 1], ridge: -1) }
        #expect(throws: PatterningError.self) { try PatterningStep(susceptibility: chi, targetChange: [1, 1], ridge: .nan) }
        #expect(throws: PatterningError.nonFiniteScale(.infinity)) {
            try WeightRule.additive().weights(baseline: [1, 1], direction: [1, -1], scale: .infinity)
        }
        #expect(throws: PatterningError.nonPositiveFloor(0)) {
            try WeightRule.additive(floor: 0).weights(baseline: [1, 1], direction: [1, -1], scale: 1)
        }
        #expect(throws: PatterningError.invalidBaselineWeight(index: 1, value: -1)) {
            try WeightRule.exponential.weights(baseline: [1, -1], direction: [1, -1], scale: 1)
        }
        #expect(throws: PatterningError.invalidBaselineWeight(index: -1, value: 0)) {
            try WeightRule.exponential.weights(baseline: [0, 0], direction: [1, -1], scale: 1)
        }
        #expect(PatterningError.negativeRidge(-1).description.contains("-1"))
        #expect(PatterningError.nonPositiveFloor(0).description.contains("0"))
    }

    @Test("Rank-deficient χ with α = 0 names the failing pivot")
    func singularGram() throws {
        let singular = try DenseMatrix([[1, 2], [2, 4]])
        #expect(throws: PatterningError.self) { try PatterningStep(susceptibility: singular, targetChange: [1, 0], ridge: 0) }
        // With a ridge the same problem is solvable.
        _ = try PatterningStep(susceptibility: singular, targetChange: [1, 0])
    }

    @Test("Experiments and the plant reject bad settings")
    func experimentSettings() throws {
        var plant = try TMSPlant(parameters: Array(repeating: 0.1, count: 10), learningRate: 0.1, sampler: SamplerSettings(stepSize: 1e-6, nBeta: 1))
        #expect(throws: PatterningError.invalidParameter(name: "epochs", value: -1, allowed: "≥ 0")) {
            try plant.train(weights: Array(repeating: 1, count: 32), epochs: -1)
        }
        #expect(throws: PatterningError.self) { try TMSPlant(parameters: [1, 2], learningRate: 0.1, sampler: SamplerSettings(stepSize: 1e-6, nBeta: 1)) }
        #expect(throws: PatterningError.self) { try TMSPlant(parameters: Array(repeating: 0, count: 10), learningRate: 0, sampler: SamplerSettings(stepSize: 1e-6, nBeta: 1)) }
        var e = BifurcationExperiment(gap: 0, seed: 0)
        e.sparsity = 1
        #expect(throws: PatterningError.invalidParameter(name: "sparsity", value: 1, allowed: "0 < S < 1")) { try e.run() }
        e.sparsity = 0.95
        e.initialRadius = .nan
        #expect(throws: PatterningError.self) { try e.run() }
    }
}
