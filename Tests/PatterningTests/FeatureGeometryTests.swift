import Foundation
import Patterning
import PropertyBased
import Testing

/// Geometry of feature vectors against configurations built from known angles.
@Suite("Feature geometry")
struct FeatureGeometryTests {
    static func parameters(angles: [Double], norms: [Double]) -> [Double] {
        zip(angles, norms).flatMap { [$1 * cos($0), $1 * sin($0)] }
    }

    @Test("A rotated, relabelled regular pentagon is regular; its cosines are cos(2πk/5) by ring distance")
    func regularPentagon() async throws {
        await propertyCheck(input: Gen.double(in: 0...(2 * .pi)), Gen.double(in: 0.6...2), Gen.uint64()) { rotation, r, seed in
            var rng = SplitMix64(seed: seed)
            let positions = Array(0..<5).shuffled(using: &rng)  // feature i at ring position positions[i]
            let angles = positions.map { rotation + 2 * .pi * Double($0) / 5 }
            let g = try FeatureGeometry(parameters: Self.parameters(angles: angles, norms: Array(repeating: r, count: 5)))
            #expect(g.isRegularPolygon(angleTolerance: 1e-9))
            for a in g.angularGaps { #expect(abs(a - 2 * .pi / 5) <= 1e-12) }
            var k = 0
            for i in 0..<5 {
                for j in (i + 1)..<5 {
                    let steps = (positions[j] - positions[i] + 5) % 5
                    #expect(abs(g.cosines[k] - cos(2 * .pi * Double(steps) / 5)) <= 1e-12)
                    k += 1
                }
            }
            // Neighbours: the features at ring positions ±1.
            let (left, right) = g.neighbours(of: 4)
            let p = positions[4]
            #expect(Set([left, right]) == Set([positions.firstIndex(of: (p + 1) % 5)!, positions.firstIndex(of: (p + 4) % 5)!]))
        }
    }

    @Test("A square with a dead feature, or a pentagon with one feature 15° off, is not regular")
    func irregular() throws {
        let square = try FeatureGeometry(parameters: [1, 0, 0, 1, -1, 0, 0, -1, 1e-3, 1e-3])
        #expect(!square.isRegularPolygon())
        var angles = (0..<5).map { 2 * Double.pi * Double($0) / 5 }
        angles[2] += 15 * .pi / 180
        #expect(!(try FeatureGeometry(parameters: Self.parameters(angles: angles, norms: Array(repeating: 1, count: 5)))).isRegularPolygon())
        angles[2] -= 10 * .pi / 180  // 5° off: within the default 10° tolerance
        #expect(try FeatureGeometry(parameters: Self.parameters(angles: angles, norms: Array(repeating: 1, count: 5))).isRegularPolygon())
        #expect(throws: PatterningError.self) { try FeatureGeometry(parameters: [1, 0, .nan]) }
    }
}
