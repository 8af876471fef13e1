/// The patterning step: the minimum-norm data reweighting that produces a
/// target change of the observables (essay, "The Patterning Step").
///
/// Given the susceptibility matrix χ (observables × input types, in the
/// convention of [Conventions.md §6](../../Derivations/Conventions.md)) and a
/// target change `dμ`, the step solves the ridge-regularised Gram system
///
///     (χχᵀ + αI) v = dμ,        dh = χᵀ v,
///
/// by a hand-written Cholesky factorization. Properties
/// ([PatterningStep.md](../../Derivations/PatterningStep.md)):
///
/// - `dh = V diag(σ_j / (σ_j² + α)) Uᵀ dμ` for the SVD `χ = U Σ Vᵀ`
///   (the ridge filter of `ModeStructure`);
/// - `dh` lies in the row space of χ, so it is orthogonal to the null space
///   of χ: for `α → 0` it is the minimum-norm solution `χ⁺ dμ`;
/// - it is equivariant: permuting observables (rows of χ with `dμ`) leaves
///   `dh` unchanged, permuting input types permutes `dh`.
///
/// To steer only some observables, select their rows first
/// (`PatterningTarget` or `DenseMatrix.selecting(rows:)`).
public struct PatterningStep: Sendable {
    /// The essay's default ridge, `α = 10⁻³`.
    public static let defaultRidge = 1e-3

    /// χ restricted to the steered observables (rows) × input types (columns).
    public let susceptibility: DenseMatrix
    /// The target change `dμ`, one entry per row of `susceptibility`.
    public let targetChange: [Double]
    /// The ridge `α ≥ 0`.
    public let ridge: Double
    /// The reweighting direction `dh = χᵀ (χχᵀ + αI)⁻¹ dμ`, one entry per input type.
    public let reweighting: [Double]

    /// Solves the patterning step.
    ///
    /// - Throws: `PatterningError.dimensionMismatch` if `dμ` does not have
    ///   one entry per row of χ; `.nonFinite` for a NaN/∞ in `dμ`;
    ///   `.negativeRidge` for `α < 0` or NaN; `.notPositiveDefinite` when
    ///   `α = 0` and χ does not have full row rank.
    public init(susceptibility chi: DenseMatrix, targetChange: [Double], ridge: Double = defaultRidge) throws {
        guard targetChange.count == chi.rows else {
            throw PatterningError.dimensionMismatch(name: "target change dμ", expected: chi.rows, actual: targetChange.count)
        }
        try PatterningError.checkFinite(targetChange, name: "target change dμ")
        try PatterningError.checkFinite(chi.entries, name: "susceptibility χ (row-major)")
        guard ridge >= 0, ridge.isFinite else { throw PatterningError.negativeRidge(ridge) }
        var gram = chi * chi.transposed
        for i in 0..<gram.rows { gram[i, i] += ridge }
        let v = try CholeskyFactorization(gram).solve(targetChange)
        self.susceptibility = chi
        self.targetChange = targetChange
        self.ridge = ridge
        self.reweighting = chi.transposed * v
    }

    /// Converts the direction into training weights with `rule` at scale `s`
    /// (see `WeightRule`).
    public func weights(baseline: [Double], rule: WeightRule = .additive(), scale: Double) throws -> [Double] {
        try rule.weights(baseline: baseline, direction: reweighting, scale: scale)
    }

    /// The predicted change of the steered observables under the weights
    /// actually applied, `δμ_pred = χ (h − h₀)` (the floor and the
    /// renormalisation make this differ from `s · χ dh` for large `s`).
    public func predictedChange(baseline: [Double], weights: [Double]) throws -> [Double] {
        for (name, vector) in [("baseline weights h₀", baseline), ("weights h", weights)] {
            guard vector.count == susceptibility.columns else {
                throw PatterningError.dimensionMismatch(name: name, expected: susceptibility.columns, actual: vector.count)
            }
            try PatterningError.checkFinite(vector, name: name)
        }
        return susceptibility * zip(weights, baseline).map { $0 - $1 }
    }
}
