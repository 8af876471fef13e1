import TMSEngine

/// Closed forms for the Gaussian targets of a ``QuadraticPotential`` sampled with
/// nβ, γ and centre w*: precision `P = β Σ_x h_x A_x + γ I` (β = nβ/N), mean
/// `μ = P⁻¹ (β Σ_x h_x A_x a_x + γ w*)`, and the exact stationary covariance of the
/// unadjusted (SGLD) chain `w' = w − (ε/2) P (w − μ) + √ε ξ`:
/// `Σ_ε = (P − (ε/4) P²)⁻¹`, which solves `Σ = (I − εP/2) Σ (I − εP/2) + ε I`
/// ([EngineSampler.md](../../Derivations/EngineSampler.md)).
struct GaussianOracle {
    let precision: [[Double]]
    let mean: [Double]

    init(centers: [[Double]], matrices: [[[Double]]], weights: [Double], nBeta: Double, localization: Double, center: [Double]) {
        let n = centers.count
        let d = centers[0].count
        let beta = nBeta / Double(n)
        var p = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var b = [Double](repeating: 0, count: d)
        for x in 0..<n {
            for i in 0..<d {
                for j in 0..<d {
                    p[i][j] += beta * weights[x] * matrices[x][i][j]
                    b[i] += beta * weights[x] * matrices[x][i][j] * centers[x][j]
                }
            }
        }
        for i in 0..<d {
            p[i][i] += localization
            b[i] += localization * center[i]
        }
        precision = p
        mean = Matrix.solve(p, b)
    }

    /// `P⁻¹`, the covariance of the exact target.
    var covariance: [[Double]] { Matrix.inverse(precision) }

    /// `(P − (ε/4)P²)⁻¹`, the stationary covariance of SGLD with step ε.
    func sgldCovariance(stepSize epsilon: Double) -> [[Double]] {
        let p2 = Matrix.product(precision, precision)
        let d = precision.count
        var m = precision
        for i in 0..<d { for j in 0..<d { m[i][j] -= epsilon / 4 * p2[i][j] } }
        return Matrix.inverse(m)
    }
}

/// Dense linear algebra for tiny matrices (Gauss–Jordan with partial pivoting).
enum Matrix {
    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        a.indices.map { i in b[0].indices.map { j in a[0].indices.reduce(0) { $0 + a[i][$1] * b[$1][j] } } }
    }

    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a
        var inv = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let scale = m[col][col]
            for j in 0..<n { m[col][j] /= scale; inv[col][j] /= scale }
            for row in 0..<n where row != col {
                let f = m[row][col]
                for j in 0..<n { m[row][j] -= f * m[col][j]; inv[row][j] -= f * inv[col][j] }
            }
        }
        return inv
    }

    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        let inv = inverse(a)
        return inv.map { row in zip(row, b).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
