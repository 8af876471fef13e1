import HighPrecision
import Testing
@testable import AnalyticOracle

/// The data specifications of Conventions §2: the text users type, the weights
/// it means, and the errors for bad values.
@Suite struct TrainingDataTests {
    /// The Bernoulli weights in MPFR, against the product written out by hand for
    /// three types (route B: `32 p^k S^{5−k}` with `p = 1/20` as an exact ratio).
    @Test func bernoulliWeightsAreTheNaturalWeights() throws {
        try BigFloat.withWorkingPrecision(200) {
            let data = try TrainingData<BigFloat>(try DataSpecification(parsing: "bernoulli:0.95"), decimal: { try BigFloat(decimal: $0) })
            let p = BigFloat(1) / BigFloat(20), s = BigFloat(19) / BigFloat(20)
            for (t, k) in [(0, 0), (1, 1), (3, 2), (31, 5)] {
                let expected = BigFloat(32) * BigFloat.pow(p, k) * BigFloat.pow(s, 5 - k)
                #expect(Support.close(data.weights[t], expected, within: Support.twoToThe(-190)))
            }
            // The weights have mean 1 over the 32 types.
            #expect(Support.close(data.totalWeight, BigFloat(32), within: Support.twoToThe(-190)))
        }
    }

    @Test func namesRoundTrip() throws {
        for text in ["one-hot", "bernoulli:0.95", "bernoulli:0.9:1,1,1,1,2"] {
            #expect(try DataSpecification(parsing: text).name == text)
        }
        let explicit = (0..<32).map { $0 == 16 ? "2" : "0.5" }
        let spec = try DataSpecification(parsing: "weights:" + explicit.joined(separator: ","))
        #expect(try TrainingData<Double>(spec, decimal: { Double($0)! }).weights[16] == 2)
        #expect(DataSpecification.oneHot.isOneHot)
    }

    @Test func badSpecificationsNameTheValue() {
        let cases: [(String, String)] = [
            ("bernoulli:1", "0 ≤ S < 1"), ("bernoulli:-0.1", "0 ≤ S < 1"), ("bernoulli:nan", "\"nan\""),
            ("bernoulli:0.9:1,1,1,1", "5 importances"), ("bernoulli:0.9:1,1,1,1,0", "I4 must be > 0"),
            ("uniform", "not a data specification"), ("one-hot:2", "not a data specification"),
            ("weights:1,2", "got 2"), ("weights:" + Array(repeating: "0", count: 32).joined(separator: ","), "every weight is zero"),
            ("weights:" + (["-1"] + Array(repeating: "1", count: 31)).joined(separator: ","), "h[0] (input 00000) must be ≥ 0"),
            ("weights:" + (["1e400"] + Array(repeating: "1", count: 31)).joined(separator: ","), "\"1e400\""),
        ]
        for (text, fragment) in cases {
            do {
                _ = try DataSpecification(parsing: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(fragment), "\(text): \(error.description)")
            }
        }
    }

    @Test func feature4MustBeConfined() throws {
        let noF4 = (0..<32).map { $0 & 16 == 0 ? "1" : "0" }
        #expect(!(try DataSpecification.weights(noF4)).confinesFeature4)
        #expect(try DataSpecification(parsing: "bernoulli:0.99").confinesFeature4)
    }
}
