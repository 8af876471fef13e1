/// The mode structure of the plant χ (essay, "Mode Structure in the Plant").
///
/// Writing `χ = Σ_j σ_j u_j v_jᵀ` (thin SVD), mode `j` pairs an observable
/// direction `u_j` with a data direction `v_j`; the singular value `σ_j` is
/// its *principal gain*: a unit reweighting along `v_j` moves the observables
/// by `σ_j u_j`. The ridge of the patterning step replaces the inverse gain
/// `1/σ_j` by the filter `σ_j / (σ_j² + α)`, which keeps large modes and
/// suppresses those with `σ_j² ≪ α`.
public struct ModeStructure: Sendable {
    /// The SVD of χ.
    public let decomposition: SingularValueDecomposition

    /// Decomposes χ.
    ///
    /// - Throws: `PatterningError.nonFinite` for a NaN/∞ entry of χ.
    public init(susceptibility chi: DenseMatrix) throws {
        try PatterningError.checkFinite(chi.entries, name: "susceptibility χ (row-major)")
        decomposition = SingularValueDecomposition(chi)
    }

    /// The principal gains `σ₁ ≥ … ≥ σ_k ≥ 0`, `k = min(observables, inputs)`.
    public var principalGains: [Double] { decomposition.singularValues }

    /// Observable directions `u_j` (columns, one per mode).
    public var observableDirections: DenseMatrix { decomposition.u }

    /// Data directions `v_j` (columns, one per mode).
    public var dataDirections: DenseMatrix { decomposition.v }

    /// `σ₁ / σ_k`: infinite when χ is rank deficient (`σ_k = 0`).
    public var conditionNumber: Double {
        let gains = principalGains
        return gains.last! > 0 ? gains.first! / gains.last! : .infinity
    }

    /// The number of gains above `tolerance · σ₁`
    /// (default `max(m, n) · ε`, the rounding level of the decomposition).
    public func rank(relativeTolerance: Double? = nil) -> Int {
        let gains = principalGains
        let tol = (relativeTolerance ?? Double(max(decomposition.u.rows, decomposition.v.rows)) * .ulpOfOne) * gains[0]
        return gains.filter { $0 > tol }.count
    }

    /// The ridge filter `σ_j / (σ_j² + α)` (`α > 0`), or the pseudo-inverse
    /// gains `1/σ_j` on modes above the rank cutoff and 0 below (`α = 0`).
    ///
    /// - Throws: `.negativeRidge` for `α < 0` or NaN.
    public func ridgeFilter(ridge: Double) throws -> [Double] {
        guard ridge >= 0, ridge.isFinite else { throw PatterningError.negativeRidge(ridge) }
        let r = rank()
        return principalGains.enumerated().map { j, sigma in
            ridge > 0 ? sigma / (sigma * sigma + ridge) : (j < r ? 1 / sigma : 0)
        }
    }

    /// `dh = V diag(filter) Uᵀ dμ`: the patterning step computed mode by mode.
    /// With `α = 0` this is the pseudo-inverse solution `χ⁺ dμ`.
    ///
    /// - Throws: `.dimensionMismatch` / `.nonFinite` for a bad `dμ`,
    ///   `.negativeRidge` for `α < 0`.
    public func reweighting(targetChange: [Double], ridge: Double) throws -> [Double] {
        let u = observableDirections, v = dataDirections
        guard targetChange.count == u.rows else {
            throw PatterningError.dimensionMismatch(name: "target change dμ", expected: u.rows, actual: targetChange.count)
        }
        try PatterningError.checkFinite(targetChange, name: "target change dμ")
        let filter = try ridgeFilter(ridge: ridge)
        var dh = Array(repeating: 0.0, count: v.rows)
        for j in 0..<filter.count where filter[j] != 0 {
            let c = filter[j] * dot(u.column(j), targetChange)
            for x in 0..<v.rows { dh[x] += c * v[x, j] }
        }
        return dh
    }

    /// The pseudo-inverse `χ⁺ = V diag(1/σ_j) Uᵀ` over modes above the rank cutoff.
    public var pseudoInverse: DenseMatrix {
        let u = observableDirections, v = dataDirections
        let filter = (try? ridgeFilter(ridge: 0)) ?? []
        var p = DenseMatrix.zeros(rows: v.rows, columns: u.rows)
        for j in 0..<filter.count where filter[j] != 0 {
            for x in 0..<v.rows { for k in 0..<u.rows { p[x, k] += v[x, j] * filter[j] * u[k, j] } }
        }
        return p
    }
}
