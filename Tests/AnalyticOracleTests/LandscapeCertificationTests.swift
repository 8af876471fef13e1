import AnalyticOracle
import HighPrecision
import Testing

/// The square's landscape certifies at every θ: its quadratic coefficient is an exact zero
/// (g₄ ≡ 1), not an enclosure of 0 that no precision could certify. The certified total loss
/// is checked against the model `ReLU(WᵀWx)` evaluated in the same interval arithmetic.
@Suite struct LandscapeCertificationTests {
    @Test(arguments: ["1", "0.3", "-2.5", "1e3", "3.14159"])
    func squareCertifiesAtAnyAngle(theta: String) throws {
        let values = try Certified.decimals(digits: 25) {
            let (r, t) = (try BigInterval(decimal: "0.5"), try BigInterval(decimal: theta))
            let model = try DeadFeatureLandscape.model(k: 4, r: r, theta: t)
            return [
                try DeadFeatureLandscape.quadraticCoefficient(k: 4, theta: t),
                try DeadFeatureLandscape.totalLoss(k: 4, r: r, theta: t),
                model.losses(InputType.oneHot).reduce(BigInterval(0), +),
                try DeadFeatureLandscape.frameSum(k: 4, theta: t),
            ]
        }
        #expect(values[0] == "0")
        #expect(values[1] == "1.062500000000000000000000")  // 1 + r⁴ at r = 1/2
        #expect(values[1] == values[2])
        #expect(values[3] == "1.000000000000000000000000")
    }
}
