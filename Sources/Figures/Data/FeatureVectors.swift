import AnalyticOracle

/// The five feature vectors `W_0 … W_4` of a 2×5 weight matrix, read from the
/// parameter vector in the layout of
/// [Conventions §1](../../../Derivations/Conventions.md) (`w[2i] = W_{i,x}`,
/// `w[2i+1] = W_{i,y}`).
public struct FeatureVectors: Sendable, Equatable, Codable {
    /// The parameter vector (10 entries).
    public let parameters: [Double]

    /// - Throws: ``FigureError`` unless `parameters` has 10 finite entries.
    public init(parameters: [Double]) throws(FigureError) {
        try Check.count(parameters, 10, "parameter vector")
        try Check.finite(parameters, "parameter vector entry")
        self.parameters = parameters
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parameters: try decoder.singleValueContainer().decode([Double].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(parameters)
    }

    /// `W_i = (w[2i], w[2i+1])`.
    public subscript(feature i: Int) -> (x: Double, y: Double) { (parameters[2 * i], parameters[2 * i + 1]) }

    /// `|W_i|`.
    public func norm(_ i: Int) -> Double {
        let v = self[feature: i]
        return (v.x * v.x + v.y * v.y).squareRoot()
    }

    /// The largest `|W_i|`.
    public var maxNorm: Double { (0..<5).map(norm).max() ?? 0 }

    /// The ideal k-gon of the essay's first figure (k = 2…5): features
    /// `0…k−1` at angles `2πi/k` with the one-hot optimal norm (1 for k ≤ 4,
    /// where non-neighbours are killed by the ReLU; `√(1/(1 + 2cos²(2π/5)))`
    /// for the pentagon, see `Pentagon.optimalNorm()`), the other
    /// features dead at the origin.
    public static func idealPolygon(_ k: Int) throws(FigureError) -> FeatureVectors {
        guard (2...5).contains(k) else { throw .outOfRange(what: "polygon size", value: Double(k), allowed: "2...5") }
        let radius: Double = k == 5 ? Pentagon.optimalNorm() : 1
        var w = [Double](repeating: 0, count: 10)
        for i in 0..<k {
            let angle = 2 * Double.pi * Double(i) / Double(k)
            w[2 * i] = radius * cos(angle)
            w[2 * i + 1] = radius * sin(angle)
        }
        return try FeatureVectors(parameters: w)
    }
}

import D5Taxonomy
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
