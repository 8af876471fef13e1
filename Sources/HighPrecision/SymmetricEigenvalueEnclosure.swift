/// Certified enclosures of the eigenvalues of a symmetric matrix known only as
/// an interval matrix (e.g. a Hessian evaluated in ``BigInterval`` on a box
/// that encloses a critical point).
///
/// Given approximate eigenvectors `V` (columns `v_i`, e.g. from
/// ``SymmetricEigendecomposition`` at the midpoint), for every symmetric
/// `A₀ ∈ A`:
///
/// 1. **Weyl.** `M₀ = Vᵀ A₀ V` is symmetric and `M = VᵀAV` (interval) contains
///    it. With `d̃` the midpoints of `M`'s diagonal and `ρ ≥ ‖M − diag d̃‖_F`
///    (an upper bound over the whole interval matrix), the sorted eigenvalues
///    satisfy `|λ_i(M₀) − d̃_(i)| ≤ ‖M₀ − diag d̃‖₂ ≤ ρ`.
/// 2. **Ostrowski.** `λ_i(Vᵀ A₀ V) = θ_i λ_i(A₀)` with `θ_i` between the
///    extreme eigenvalues of `VᵀV`, which lie in `[1 − η, 1 + η]` for
///    `η ≥ ‖VᵀV − I‖_F` (η < 1 required).
///
/// Hence `λ_i(A₀) ∈ [d̃_(i) − ρ, d̃_(i) + ρ] / [1 − η, 1 + η]`, computed with
/// outward rounding. Exactly degenerate eigenvalues are allowed (the bound is
/// about sorted lists, not about individual eigenvectors).
public enum SymmetricEigenvalueEnclosure {
    /// The sorted eigenvalue enclosures.
    ///
    /// - Parameters:
    ///   - a: the interval matrix (rows); only symmetric members are considered.
    ///   - vectors: approximate unit eigenvectors, one per row of the result's order.
    /// - Throws: ``SymmetricEigendecompositionError/notSquare(_:)`` for bad
    ///   shapes, ``SymmetricEigendecompositionError/notConverged(sweeps:offDiagonal:)``
    ///   when `VᵀV` is too far from the identity (η ≥ 1).
    public static func enclose(_ a: [[BigInterval]], vectors: [[BigFloat]]) throws(SymmetricEigendecompositionError) -> [BigInterval] {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }), vectors.count == n, vectors.allSatisfy({ $0.count == n }) else {
            throw .notSquare(a.map(\.count))
        }
        let v = vectors.map { $0.map { BigInterval($0) } }  // v[i] is eigenvector i
        // M = Vᵀ A V: M_ij = v_iᵀ A v_j.
        let av = v.map { vec in DenseLinearSystem.multiply(a, vector: vec) }
        var m = [[BigInterval]](repeating: [], count: n)
        for i in 0..<n { m[i] = (0..<n).map { j in DenseLinearSystem.dot(v[i], av[j]) } }
        let centres = (0..<n).map { m[$0][$0].midpoint }
        var rho2 = BigInterval(0)
        var gram2 = BigInterval(0)
        for i in 0..<n {
            for j in 0..<n {
                let e = i == j ? m[i][j] - BigInterval(centres[i]) : m[i][j]
                rho2 = rho2 + e * e
                let g = DenseLinearSystem.dot(v[i], v[j]) - (i == j ? BigInterval(1) : BigInterval(0))
                gram2 = gram2 + g * g
            }
        }
        let rho = BigInterval.sqrt(rho2).upper
        let eta = BigInterval.sqrt(gram2).upper
        let one = BigFloat(1, precision: eta.precision)
        guard eta < one else { throw .notConverged(sweeps: 0, offDiagonal: eta.doubleValue) }
        let theta = BigInterval(lower: BigFloat.subtract(one, eta, rounding: .down), upper: BigFloat.add(one, eta, rounding: .up))
        return centres.sorted().map { d in
            BigInterval(lower: BigFloat.subtract(d, rho, rounding: .down), upper: BigFloat.add(d, rho, rounding: .up)) / theta
        }
    }
}
