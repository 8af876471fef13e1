/// The Cholesky factorization `A = L Lᵀ` of a symmetric positive definite
/// matrix, with `L` lower triangular and a positive diagonal.
///
/// Used for the ridge-regularised Gram solve of the patterning step,
/// `(χχᵀ + αI) v = dμ`, whose matrix is SPD whenever `α > 0` (or `α = 0`
/// and χ has full row rank). Only the lower triangle of `A` is read.
/// The factorization is backward stable: the computed `L` is the exact
/// factor of `A + E` with `|E| ≤ c n ε |L||Lᵀ|` (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, Thm. 10.3).
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor `L`.
    public let lower: DenseMatrix

    /// Factors the SPD matrix `a`.
    ///
    /// - Throws: `PatterningError.invalidShape` if `a` is not square,
    ///   `.notPositiveDefinite` naming the first pivot that is not positive.
    public init(_ a: DenseMatrix) throws {
        guard a.rows == a.columns else {
            throw PatterningError.invalidShape(name: "Cholesky matrix (must be square)", rows: a.rows, columns: a.columns)
        }
        let n = a.rows
        var l = DenseMatrix.zeros(rows: n, columns: n)
        for j in 0..<n {
            var pivot = a[j, j]
            for k in 0..<j { pivot -= l[j, k] * l[j, k] }
            guard pivot > 0, pivot.isFinite else {
                throw PatterningError.notPositiveDefinite(index: j, value: pivot)
            }
            let ljj = pivot.squareRoot()
            l[j, j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / ljj
            }
        }
        lower = l
    }

    /// Solves `A x = b` by forward and back substitution.
    ///
    /// - Throws: `.dimensionMismatch` if `b` has the wrong size,
    ///   `.nonFinite` if `b` has a NaN or infinite entry.
    public func solve(_ b: [Double]) throws -> [Double] {
        let n = lower.rows
        guard b.count == n else { throw PatterningError.dimensionMismatch(name: "right-hand side", expected: n, actual: b.count) }
        try PatterningError.checkFinite(b, name: "right-hand side")
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= lower[i, k] * y[k] }
            y[i] /= lower[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= lower[k, i] * y[k] }
            y[i] /= lower[i, i]
        }
        return y
    }
}
