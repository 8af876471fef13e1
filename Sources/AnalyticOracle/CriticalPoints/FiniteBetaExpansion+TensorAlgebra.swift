import HighPrecision

/// The tensor algebra of ``FiniteBetaExpansion`` on the free coordinates: products,
/// traces and the contractions of the third- and fourth-derivative tensors with a
/// covariance (Derivations/Audit.md §6.2).
extension FiniteBetaExpansion {
    func mul(_ a: [[T]], _ b: [[T]]) -> [[T]] { DenseLinearSystem.multiply(a, b) }
    func mulVec(_ a: [[T]], _ x: [T]) -> [T] { DenseLinearSystem.multiply(a, vector: x) }
    func dot(_ a: [T], _ b: [T]) -> T { DenseLinearSystem.dot(a, b) }
    func sub(_ a: [[T]], _ b: [[T]]) -> [[T]] { a.indices.map { i in a[i].indices.map { a[i][$0] - b[i][$0] } } }
    func symmetrize(_ a: [[T]]) -> [[T]] { a.indices.map { i in a[i].indices.map { (a[i][$0] + a[$0][i]) / 2 } } }
    /// `tr(AB) = Σ_ab A_ab B_ba`.
    func traceProduct(_ a: [[T]], _ b: [[T]]) -> T {
        var s = T(0)
        for i in a.indices { for j in a.indices { s = s + a[i][j] * b[j][i] } }
        return s
    }
    /// `(X:M)_a = Σ_bc X_abc M_bc`.
    func contract(_ x: [[[T]]], _ m: [[T]]) -> [T] {
        (0..<n).map { a in
            var s = T(0)
            for b in 0..<n { for c in 0..<n { s = s + x[a][b][c] * m[b][c] } }
            return s
        }
    }
    /// `X ×₁M ×₂M ×₃M` for symmetric `M`.
    func transform(_ x: [[[T]]], _ m: [[T]]) -> [[[T]]] {
        var t1 = x
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = T(0); for d in 0..<n { s = s + m[a][d] * x[d][b][c] }; t1[a][b][c] = s } } }
        var t2 = t1
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = T(0); for d in 0..<n { s = s + m[b][d] * t1[a][d][c] }; t2[a][b][c] = s } } }
        var t3 = t2
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = T(0); for d in 0..<n { s = s + m[c][d] * t2[a][b][d] }; t3[a][b][c] = s } } }
        return t3
    }
    /// `(T Σ Σ T)_ab = Σ T_acd Σ_ce Σ_df T_bef`.
    func bubble(_ m: [[T]]) -> [[T]] {
        // W_aef = Σ_cd T_acd Σ_ce Σ_df.
        var w = third
        for a in 0..<n {
            let ms = mul(mul(m, third[a]), m)  // Σ T_a Σ (T_a symmetric)
            w[a] = ms
        }
        return (0..<n).map { a in
            (0..<n).map { b in
                var s = T(0)
                for e in 0..<n { for f in 0..<n { s = s + w[a][e][f] * third[b][e][f] } }
                return s
            }
        }
    }
    /// `(Q:M)_ab = Σ_cd Q_abcd M_cd = Σ c (Z_ab tr(ZM) + 2 (ZMZ)_ab)`.
    func quarticMatrix(_ m: [[T]]) -> [[T]] {
        var out = [[T]](repeating: [T](repeating: T(0), count: n), count: n)
        for (c, z) in quarticTerms {
            let zm = mul(z, m)
            var tr = T(0)
            for a in 0..<n { tr = tr + zm[a][a] }
            let zmz = mul(zm, z)
            for a in 0..<n { for b in 0..<n { out[a][b] = out[a][b] + c * (z[a][b] * tr + 2 * zmz[a][b]) } }
        }
        return out
    }
    /// `Q:MM = Σ c ((tr ZM)² + 2 tr(ZMZM))`.
    func quarticContraction(_ m: [[T]]) -> T {
        var total = T(0)
        for (c, z) in quarticTerms {
            let zm = mul(z, m)
            var tr = T(0)
            for a in 0..<n { tr = tr + zm[a][a] }
            total = total + c * (tr * tr + 2 * traceProduct(zm, zm))
        }
        return total
    }
}
