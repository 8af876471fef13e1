/// Why a potential or data set could not be built.
public enum PotentialError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A weight `h_x` is negative, infinite or NaN.
    case invalidWeight(index: Int, value: Double)
    /// All weights are zero: `L(w; h) ≡ 0` and the density is improper.
    case allWeightsZero
    /// The weight vector has the wrong length.
    case weightCountMismatch(expected: Int, actual: Int)
    /// Sparsity outside `[0, 1)` or not finite.
    case invalidSparsity(Double)
    /// A feature importance that is not finite and positive.
    case invalidImportance(index: Int, value: Double)
    /// A shape parameter (feature count, dimension, exponent, matrix size) that is not allowed.
    case invalidShape(String)
    /// A matrix `A_x` that is not symmetric, or an entry that is not finite.
    case invalidMatrix(String)

    public var description: String {
        switch self {
        case let .invalidWeight(index, value):
            "weight h[\(index)] = \(value) is invalid: weights must be finite and non-negative"
        case .allWeightsZero:
            "all weights h are zero: at least one input type needs a positive weight"
        case let .weightCountMismatch(expected, actual):
            "weight vector has \(actual) entries, expected \(expected) (one per input type)"
        case let .invalidSparsity(value):
            "sparsity S = \(value) is invalid: it must satisfy 0 ≤ S < 1"
        case let .invalidImportance(index, value):
            "importance I[\(index)] = \(value) is invalid: importances must be finite and positive"
        case let .invalidShape(message):
            "invalid shape: \(message)"
        case let .invalidMatrix(message):
            "invalid matrix: \(message)"
        }
    }
}

/// Checks a weight vector: length `count`, entries finite and `≥ 0`, not all zero.
func validateWeights(_ weights: [Double], count: Int) throws(PotentialError) {
    guard weights.count == count else { throw .weightCountMismatch(expected: count, actual: weights.count) }
    for (index, value) in weights.enumerated() where !(value.isFinite && value >= 0) {
        throw .invalidWeight(index: index, value: value)
    }
    guard weights.contains(where: { $0 > 0 }) else { throw .allWeightsZero }
}
