import HighPrecision

/// The learning coefficient of a local minimum, as a β → ∞ statement, with
/// what an estimator sees at finite β
/// ([LearningCoefficients.md](../../../Derivations/LearningCoefficients.md)).
///
/// `λ = (number of quadratic directions)/2 + (number of quartic dead features)/2`:
/// each nondegenerate (possibly piecewise) quadratic direction gives 1/2, the
/// rotation orbit 0, a dead feature whose loss is quartic `|W_d|⁴` (2
/// directions of weight 1 in a degree-4 form) 1/2.
public struct LearningCoefficient: Sendable, Equatable {
    /// Quadratic directions (nonzero eigenvalues of the live block plus 2 per
    /// dead feature with a positive piecewise-quadratic form).
    public let quadraticDirections: Int
    /// Dead features whose leading term is a positive quartic.
    public let quarticFeatures: Int
    /// Flat directions that contribute 0 (the rotation orbit).
    public let flatDirections: Int

    /// `λ = numerator / 2`.
    public var numerator: Int { quadraticDirections + quarticFeatures }
    public var value: Double { Double(numerator) / 2 }
    /// `9/2`, `4`, `1/2`.
    public var fraction: String { numerator % 2 == 0 ? "\(numerator / 2)" : "\(numerator)/2" }
}
