import TMSEngine
import Testing

/// Bad data and shapes are rejected with typed errors that name the bad value.
@Suite struct PotentialValidationTests {
    @Test func negativeWeight() {
        var h = TMSModel.oneHotWeights()
        h[3] = -0.5
        #expect(throws: PotentialError.invalidWeight(index: 3, value: -0.5)) { try TMSModel(weights: h) }
        #expect(PotentialError.invalidWeight(index: 3, value: -0.5).description.contains("-0.5"))
    }

    @Test func nonFiniteWeight() {
        var h = TMSModel.oneHotWeights()
        h[7] = .nan
        #expect(throws: PotentialError.self) { try TMSModel(weights: h) }
        h[7] = .infinity
        #expect(throws: PotentialError.invalidWeight(index: 7, value: .infinity)) { try TMSModel(weights: h) }
    }

    @Test func allZeroWeights() {
        #expect(throws: PotentialError.allWeightsZero) { try TMSModel(weights: Array(repeating: 0, count: 32)) }
        #expect(throws: PotentialError.allWeightsZero) {
            try QuadraticPotential(centers: [[0]], matrices: [[[1]]], weights: [0])
        }
    }

    @Test func wrongWeightCount() {
        #expect(throws: PotentialError.weightCountMismatch(expected: 32, actual: 5)) { try TMSModel(weights: [1, 1, 1, 1, 1]) }
    }

    @Test(arguments: [-0.1, 1.0, 1.5, Double.nan])
    func badSparsity(_ s: Double) {
        #expect(throws: PotentialError.self) { try TMSModel(sparsity: s) }
    }

    @Test func badImportance() {
        #expect(throws: PotentialError.invalidImportance(index: 2, value: 0)) {
            try TMSModel(importances: [1, 1, 0, 1, 1], weights: TMSModel.oneHotWeights())
        }
    }

    @Test func asymmetricMatrix() {
        #expect(throws: PotentialError.self) {
            try QuadraticPotential(centers: [[0, 0]], matrices: [[[1, 0.5], [0.4, 1]]])
        }
    }

    @Test func naturalWeightsHaveMeanOne() throws {
        // Σ_x q(x) = 1 exactly in exact arithmetic; here to rounding.
        for s in [0.0, 0.5, 0.9, 0.99] {
            let h = try TMSModel.naturalWeights(sparsity: s)
            #expect(abs(h.reduce(0, +) / 32 - 1) < 1e-14)
        }
        #expect(TMSModel.typeIndex(named: "10000") == 1)
        #expect(TMSModel.typeIndex(named: "00001") == 16)
        #expect(TMSModel.typeName(16) == "00001")
    }
}
