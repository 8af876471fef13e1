/// Errors thrown by the patterning step, the weight rules, the mode
/// structure and the patterning loop.
///
/// Every case names the offending value, so that bad input gets a clear
/// message instead of a crash or a silent NaN.
public enum PatterningError: Error, Equatable, Sendable {
    /// A matrix or vector entry that must be finite is NaN or infinite.
    case nonFinite(name: String, index: Int, value: Double)
    /// Two sizes that must agree differ.
    case dimensionMismatch(name: String, expected: Int, actual: Int)
    /// A matrix shape with a zero or negative dimension, or ragged rows.
    case invalidShape(name: String, rows: Int, columns: Int)
    /// The ridge parameter α of the Gram solve is negative (or NaN).
    case negativeRidge(Double)
    /// The perturbation scale `s` of a weight rule is not finite.
    case nonFiniteScale(Double)
    /// The floor ε of the additive weight rule is not positive (or NaN).
    case nonPositiveFloor(Double)
    /// A baseline weight is negative or not finite (`index ≥ 0`), or all
    /// baseline weights are zero (`index == -1`).
    case invalidBaselineWeight(index: Int, value: Double)
    /// The matrix handed to the Cholesky factorization is not positive
    /// definite: the pivot at `index` is `value ≤ 0`.
    case notPositiveDefinite(index: Int, value: Double)
    /// An index (row of χ, observable, input type) is out of range.
    case indexOutOfRange(name: String, index: Int, count: Int)
    /// A parameter outside its documented range (name, value, allowed range).
    case invalidParameter(name: String, value: Double, allowed: String)
    /// A string that does not name a known observable, rule or schedule.
    case unknownName(kind: String, name: String)
}

extension PatterningError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .nonFinite(name, index, value):
            return "\(name)[\(index)] = \(value) is not finite"
        case let .dimensionMismatch(name, expected, actual):
            return "\(name) has size \(actual), expected \(expected)"
        case let .invalidShape(name, rows, columns):
            return "\(name) has invalid shape \(rows)×\(columns)"
        case let .negativeRidge(value):
            return "ridge α = \(value) must be ≥ 0"
        case let .nonFiniteScale(value):
            return "perturbation scale s = \(value) must be finite"
        case let .nonPositiveFloor(value):
            return "weight floor ε = \(value) must be > 0"
        case let .invalidBaselineWeight(index, value):
            return index < 0
                ? "baseline weights must not all be zero"
                : "baseline weight h₀[\(index)] = \(value) must be finite and ≥ 0"
        case let .notPositiveDefinite(index, value):
            return "matrix is not positive definite: Cholesky pivot \(index) = \(value) ≤ 0 (use a ridge α > 0)"
        case let .indexOutOfRange(name, index, count):
            return "\(name) index \(index) is out of range 0..<\(count)"
        case let .invalidParameter(name, value, allowed):
            return "\(name) = \(value) is invalid (allowed: \(allowed))"
        case let .unknownName(kind, name):
            return "unknown \(kind) '\(name)'"
        }
    }
}

extension PatterningError {
    /// Throws `.nonFinite` for the first non-finite entry of `values`.
    static func checkFinite(_ values: [Double], name: String) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw PatterningError.nonFinite(name: name, index: index, value: values[index])
        }
    }
}
