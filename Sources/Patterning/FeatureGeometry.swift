import Foundation

/// The planar geometry of the feature vectors `W_i ∈ ℝ²` of a parameter
/// vector (layout of [Conventions.md §1](../../Derivations/Conventions.md)):
/// angles, norms, cyclic order and the regular-polygon test used to score
/// bifurcation and rewriting runs.
public struct FeatureGeometry: Equatable, Sendable {
    /// `|W_i|`.
    public let norms: [Double]
    /// The angle of `W_i` in `[0, 2π)`.
    public let angles: [Double]

    /// - Throws: `PatterningError.invalidShape` for an odd or zero length,
    ///   `.nonFinite` for a NaN/∞ coordinate.
    public init(parameters w: [Double]) throws {
        guard w.count % 2 == 0, !w.isEmpty else {
            throw PatterningError.invalidShape(name: "parameters w (two coordinates per feature)", rows: w.count, columns: 1)
        }
        try PatterningError.checkFinite(w, name: "parameters w")
        let n = w.count / 2
        norms = (0..<n).map { hypot(w[2 * $0], w[2 * $0 + 1]) }
        angles = (0..<n).map { i in
            let a = atan2(w[2 * i + 1], w[2 * i])
            return a < 0 ? a + 2 * .pi : a
        }
    }

    public var featureCount: Int { norms.count }

    /// The features sorted counter-clockwise by angle, starting at feature 0.
    public var cyclicOrder: [Int] {
        let sorted = (0..<featureCount).sorted { ($0 == 0 ? -1 : relativeAngle($0)) < ($1 == 0 ? -1 : relativeAngle($1)) }
        return sorted
    }

    /// The two angular neighbours of feature `i` (clockwise, counter-clockwise).
    /// `i` must be a feature index (`0..<featureCount`).
    public func neighbours(of i: Int) -> (Int, Int) {
        let order = cyclicOrder
        let k = order.firstIndex(of: i)!
        return (order[(k + featureCount - 1) % featureCount], order[(k + 1) % featureCount])
    }

    /// The angular gaps between cyclically consecutive features, in `cyclicOrder`.
    public var angularGaps: [Double] {
        let order = cyclicOrder
        return order.indices.map { k in
            let d = angles[order[(k + 1) % featureCount]] - angles[order[k]]
            return featureCount == 1 ? 2 * .pi : (d <= 0 ? d + 2 * .pi : d)
        }
    }

    /// `cos ∠(W_i, W_j)` for `i < j` lexicographic (the order of the `dot` rows).
    public var cosines: [Double] {
        var c: [Double] = []
        for i in 0..<featureCount { for j in (i + 1)..<max(i + 1, featureCount) { c.append(cos(angles[j] - angles[i])) } }
        return c
    }

    /// Whether every feature is live (`|W_i| ≥ minimumNorm`) and every angular
    /// gap is within `angleTolerance` (radians) of `2π/n`.
    public func isRegularPolygon(minimumNorm: Double = 0.5, angleTolerance: Double = 10 * .pi / 180) -> Bool {
        let ideal = 2 * Double.pi / Double(featureCount)
        return norms.allSatisfy { $0 >= minimumNorm } && angularGaps.allSatisfy { abs($0 - ideal) <= angleTolerance }
    }

    private func relativeAngle(_ i: Int) -> Double {
        let d = angles[i] - angles[0]
        return d < 0 ? d + 2 * .pi : d
    }
}
