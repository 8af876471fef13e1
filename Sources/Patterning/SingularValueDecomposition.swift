/// The thin singular value decomposition `A = U Σ Vᵀ` of an `m × n` matrix.
///
/// With `k = min(m, n)`: `U` is `m × k` and `V` is `n × k`, both with
/// orthonormal columns; `Σ = diag(σ₁ ≥ … ≥ σ_k ≥ 0)`. Columns belonging to
/// exactly-zero singular values are completed to an orthonormal set, so
/// `UᵀU = VᵀV = I_k` always holds.
///
/// Algorithm: one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992) on the
/// tall orientation (`A` if `m ≥ n`, else `Aᵀ`): plane rotations
/// orthogonalise the columns, accumulating the right factor. It computes
/// every singular value to high *relative* accuracy and is simple and
/// reliable for the ≤ 17 × 32 matrices of patterning. Sweeps stop when
/// every column pair satisfies `|b_iᵀ b_j| ≤ n·ε·‖b_i‖‖b_j‖`.
public struct SingularValueDecomposition: Sendable {
    /// `U`, `m × k`: left singular vectors (observable directions of χ) as columns.
    public let u: DenseMatrix
    /// `σ₁ ≥ … ≥ σ_k ≥ 0`.
    public let singularValues: [Double]
    /// `V`, `n × k`: right singular vectors (data directions of χ) as columns.
    public let v: DenseMatrix

    /// Decomposes `a`.
    public init(_ a: DenseMatrix) {
        let tall = a.rows >= a.columns
        let b = tall ? a : a.transposed
        let (left, sigma, right) = Self.jacobi(b)
        if tall {
            (u, singularValues, v) = (left, sigma, right)
        } else {
            (u, singularValues, v) = (right, sigma, left)
        }
    }

    /// `U Σ Vᵀ`.
    public var reconstruction: DenseMatrix {
        var us = u
        for i in 0..<us.rows { for j in 0..<us.columns { us[i, j] *= singularValues[j] } }
        return us * v.transposed
    }

    /// One-sided Jacobi on a tall `p × q` matrix (`p ≥ q`): returns the
    /// `p × q` left factor, the `q` singular values (descending) and the
    /// `q × q` right factor.
    private static func jacobi(_ a: DenseMatrix) -> (DenseMatrix, [Double], DenseMatrix) {
        let p = a.rows, q = a.columns
        // Work column-major: cols[j] is column j.
        var cols = (0..<q).map { a.column($0) }
        var right = (0..<q).map { j in (0..<q).map { $0 == j ? 1.0 : 0.0 } }
        let tolerance = Double(p) * Double.ulpOfOne
        for _ in 0..<80 {
            var rotated = false
            for i in 0..<q {
                for j in (i + 1)..<max(i + 1, q) {
                    let alpha = dot(cols[i], cols[i])
                    let beta = dot(cols[j], cols[j])
                    let gamma = dot(cols[i], cols[j])
                    guard gamma != 0, abs(gamma) > tolerance * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    // Rotation that zeroes the (i, j) entry of the 2×2 Gram block.
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    for r in 0..<p {
                        let x = cols[i][r], y = cols[j][r]
                        cols[i][r] = c * x - s * y
                        cols[j][r] = s * x + c * y
                    }
                    for r in 0..<q {
                        let x = right[i][r], y = right[j][r]
                        right[i][r] = c * x - s * y
                        right[j][r] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        let norms = cols.map { dot($0, $0).squareRoot() }
        let order = (0..<q).sorted { norms[$0] > norms[$1] }
        let sigma = order.map { norms[$0] }
        var leftColumns: [[Double]] = []
        for j in order {
            if norms[j] > 0 {
                leftColumns.append(cols[j].map { $0 / norms[j] })
            } else {
                leftColumns.append(completion(orthogonalTo: leftColumns, dimension: p))
            }
        }
        let left = DenseMatrix(uncheckedRows: p, columns: q, entries: (0..<p).flatMap { r in leftColumns.map { $0[r] } })
        let rightMatrix = DenseMatrix(uncheckedRows: q, columns: q, entries: (0..<q).flatMap { r in order.map { right[$0][r] } })
        return (left, sigma, rightMatrix)
    }

    /// A unit vector orthogonal to `basis` (orthonormal, fewer than
    /// `dimension` vectors): the standard basis vector with the largest
    /// residual after two passes of Gram–Schmidt.
    private static func completion(orthogonalTo basis: [[Double]], dimension: Int) -> [Double] {
        var best: [Double] = []
        var bestNorm = -1.0
        for e in 0..<dimension {
            var x = (0..<dimension).map { $0 == e ? 1.0 : 0.0 }
            for _ in 0..<2 {
                for b in basis {
                    let c = dot(x, b)
                    for r in 0..<dimension { x[r] -= c * b[r] }
                }
            }
            let norm = dot(x, x).squareRoot()
            if norm > bestNorm { (best, bestNorm) = (x.map { $0 / norm }, norm) }
        }
        return best
    }
}
