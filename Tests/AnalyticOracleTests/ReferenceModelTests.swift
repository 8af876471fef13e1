import Testing
import HighPrecision
@testable import AnalyticOracle

/// The reference model against values worked out by hand.
@Suite struct ReferenceModelTests {
    @Test func squareWithDeadFeatureByHand() throws {
        let model = BifurcationPoint<Double>.square.model(r: 0, theta: 0)
        // x̂ = ReLU(WᵀW x): one-hot inputs of the square reconstruct exactly (loss 0),
        // the dead feature's one-hot input reconstructs nothing (loss 1),
        // 10100 reconstructs x̂_0 = ReLU(1 − 1) = 0 (loss 2), 11000 exactly (loss 0),
        // 11100: x̂_1 = 1, x̂_0 = x̂_2 = ReLU(1 + 0 − 1) = 0 (loss 2).
        let expected: [String: Double] = ["00000": 0, "10000": 0, "01000": 0, "00100": 0, "00010": 0,
                                          "00001": 1, "10100": 2, "11000": 0, "11100": 2, "11110": 4, "10001": 1]
        for (name, loss) in expected { #expect(model.loss(try InputType(name: name)) == loss, "\(name)") }
    }

    @Test func dotAndNormAtAKnownPoint() throws {
        // W_4 = (3, 4): |W_4| = 5, dot(0,4) = 3/5, dot(1,4) = 4/5; ℓ_{10000} = 3² = 9 (x̂_4 = 3).
        let model = ReferenceModel<Double>(parameters: [1, 0, 0, 1, -1, 0, 0, -1, 3, 4])
        #expect(model.value(of: .norm(4)) == 5)
        #expect(model.value(of: .dot(0, 4)) == 0.6)
        #expect(model.value(of: .dot(1, 4)) == 0.8)
        #expect(model.value(of: .pos(4, .y)) == 4)
        #expect(model.loss(try InputType(name: "10000")) == 9)
        // 00001: x̂ = ReLU(G e_4) = (3, 4, 0, 0, 25): (1 − 25)² + 9 + 16.
        #expect(model.loss(try InputType(name: "00001")) == 576 + 25)
        #expect(model.parameters == [1, 0, 0, 1, -1, 0, 0, -1, 3, 4])
    }
}
