/// The eigen-decomposition `A = V Λ Vᵀ` of a real symmetric matrix by the
/// cyclic Jacobi method, written once over ``RealNumber`` so it runs in
/// `Double` and at any MPFR precision in ``BigFloat``.
///
/// Each rotation annihilates one off-diagonal entry `a_pq` with
/// `θ = (a_qq − a_pp)/(2a_pq)`, `t = sgn θ/(|θ| + √(θ² + 1))`,
/// `c = 1/√(t² + 1)`, `s = t c` (Golub & Van Loan §8.5); sweeps repeat until
/// the off-diagonal Frobenius norm is at most `tolerance · ‖A‖_F`. Jacobi
/// converges quadratically and is accurate to a few units of the working
/// precision for every eigenvalue, small ones included (Demmel & Veselić),
/// which is why it is used for the Hessians of the oracle (n ≤ 10).
///
/// The accuracy of a computed pair is checked, not assumed:
/// ``residual(of:)`` gives `max_i ‖A v_i − λ_i v_i‖` and
/// ``orthogonalityDefect`` gives `max |VᵀV − I|`.
public struct SymmetricEigendecomposition<T: RealNumber & Comparable>: Sendable {
    /// The eigenvalues, increasing.
    public let eigenvalues: [T]
    /// The eigenvectors, `eigenvectors[i]` belonging to `eigenvalues[i]` (unit length).
    public let eigenvectors: [[T]]
    /// The sweeps taken.
    public let sweeps: Int

    /// The largest number of sweeps before ``SymmetricEigendecompositionError/notConverged(sweeps:offDiagonal:)``.
    public static var maximumSweeps: Int { 100 }

    /// Decomposes the symmetric matrix `a` (rows; only its symmetric part is used).
    ///
    /// - Parameters:
    ///   - a: the matrix, as rows.
    ///   - tolerance: the relative off-diagonal norm at which to stop,
    ///     e.g. `2^{−precision}`.
    /// - Throws: ``SymmetricEigendecompositionError`` for a non-square matrix,
    ///   non-finite entries, or no convergence within ``maximumSweeps`` sweeps.
    public init(_ a: [[T]], tolerance: T) throws(SymmetricEigendecompositionError) {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }) else { throw .notSquare(a.map(\.count)) }
        guard a.allSatisfy({ $0.allSatisfy { $0.doubleValue.isFinite } }) else { throw .nonFinite }
        var m = a
        for i in 0..<n { for j in 0..<i { let s = (m[i][j] + m[j][i]) / 2; m[i][j] = s; m[j][i] = s } }
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? T(1) : T(0) } }
        var total = T(0)
        for i in 0..<n { for j in 0..<n { total = total + m[i][j] * m[i][j] } }
        let threshold = tolerance * tolerance * total
        func offDiagonal() -> T {
            var s = T(0)
            for i in 0..<n { for j in 0..<n where i != j { s = s + m[i][j] * m[i][j] } }
            return s
        }
        var sweep = 0
        while offDiagonal() > threshold {
            guard sweep < Self.maximumSweeps else { throw .notConverged(sweeps: sweep, offDiagonal: T.sqrt(offDiagonal()).doubleValue) }
            sweep += 1
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = m[p][q]
                    if apq == T(0) { continue }
                    let theta = (m[q][q] - m[p][p]) / (2 * apq)
                    let root = T.sqrt(theta * theta + 1)
                    let t = theta < T(0) ? -1 / (theta.magnitude + root) : 1 / (theta.magnitude + root)
                    let c = 1 / T.sqrt(t * t + 1)
                    let s = t * c
                    // A ← Jᵀ A J with J the rotation in the (p, q) plane.
                    for k in 0..<n {
                        let akp = m[k][p], akq = m[k][q]
                        m[k][p] = c * akp - s * akq
                        m[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p][k], aqk = m[q][k]
                        m[p][k] = c * apk - s * aqk
                        m[q][k] = s * apk + c * aqk
                    }
                    m[p][q] = T(0)
                    m[q][p] = T(0)
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0][$0] < m[$1][$1] }
        eigenvalues = order.map { m[$0][$0] }
        eigenvectors = order.map { j in (0..<n).map { v[$0][j] } }
        sweeps = sweep
    }

    /// `max_i ‖A v_i − λ_i v_i‖_∞` for the matrix `a` that was decomposed.
    public func residual(of a: [[T]]) -> T {
        var worst = T(0)
        for (lambda, vector) in zip(eigenvalues, eigenvectors) {
            for i in a.indices {
                var s = T(0)
                for k in a.indices { s = s + a[i][k] * vector[k] }
                worst = Swift.max(worst, (s - lambda * vector[i]).magnitude)
            }
        }
        return worst
    }

    /// `max_{ij} |v_iᵀ v_j − δ_ij|`.
    public var orthogonalityDefect: T {
        var worst = T(0)
        for i in eigenvectors.indices {
            for j in eigenvectors.indices {
                var s = T(0)
                for k in eigenvectors[i].indices { s = s + eigenvectors[i][k] * eigenvectors[j][k] }
                worst = Swift.max(worst, (s - (i == j ? T(1) : T(0))).magnitude)
            }
        }
        return worst
    }
}

/// Why a symmetric eigen-decomposition failed.
public enum SymmetricEigendecompositionError: Error, Equatable, CustomStringConvertible {
    case notSquare([Int])
    case nonFinite
    case notConverged(sweeps: Int, offDiagonal: Double)

    public var description: String {
        switch self {
        case .notSquare(let lengths): return "eigen-decomposition: the matrix is not square (row lengths \(lengths))"
        case .nonFinite: return "eigen-decomposition: the matrix has a non-finite entry"
        case let .notConverged(sweeps, off):
            return "eigen-decomposition: Jacobi did not converge in \(sweeps) sweeps (off-diagonal norm \(off))"
        }
    }
}
