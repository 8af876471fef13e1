import HighPrecision

/// Third and fourth derivatives of the branch loss, for the next-order terms
/// of the Laplace expansion ([RegularLimit.md](../../../Derivations/RegularLimit.md) §3).
///
/// On a piece, with `c = 2 h_t I_j σ²`, `g = ∇z`, `Z = ∇²z = C ⊗ I₂`:
/// `∂³E_{abc} = Σ c (Z_ab g_c + Z_ac g_b + Z_bc g_a)` and
/// `∂⁴E_{abcd} = Σ c (Z_ab Z_cd + Z_ac Z_bd + Z_ad Z_bc)` (constant on the piece).
extension PiecewiseLoss {
    /// The terms `(c, g, Z)` of the piece, restricted to the coordinates `free`
    /// (`g` and `Z` indexed by position in `free`).
    func curvatureTerms(at w: [T], activation sigma: [T], free: [Int]) -> [(c: T, g: [T], z: [[T]])] {
        var position = [Int](repeating: -1, count: PiecewiseLoss.dimension)
        for (a, i) in free.enumerated() { position[i] = a }
        var terms: [(T, [T], [[T]])] = []
        for t in support {
            let v = PiecewiseLoss.sumVector(w, t)
            for j in 0..<5 {
                let s = sigma[5 * t + j]
                if isExactlyZero(s) { continue }
                let c = 2 * weights[t] * importances[j] * s * s
                var g = [T](repeating: T(0), count: free.count)
                for (a, x) in PiecewiseLoss.preActivationGradient(w, t: t, j: j, v: v) where position[a] >= 0 { g[position[a]] = x }
                var z = [[T]](repeating: [T](repeating: T(0), count: free.count), count: free.count)
                for (k, l, m) in PiecewiseLoss.preActivationCurvature(t: t, j: j) {
                    for axis in 0..<2 {
                        let (p, q) = (position[2 * k + axis], position[2 * l + axis])
                        if p >= 0, q >= 0 { z[p][q] = z[p][q] + T(m) }
                    }
                }
                terms.append((c, g, z))
            }
        }
        return terms
    }

    /// `∂³E` on the free coordinates (`n × n × n`).
    public func thirdDerivative(at w: [T], activation sigma: [T], free: [Int]) -> [[[T]]] {
        let n = free.count
        var tensor = [[[T]]](repeating: [[T]](repeating: [T](repeating: T(0), count: n), count: n), count: n)
        for (c, g, z) in curvatureTerms(at: w, activation: sigma, free: free) {
            let nonzeroG = (0..<n).filter { !isExactlyZero(g[$0]) }
            var nonzeroZ: [(Int, Int, T)] = []
            for a in 0..<n { for b in 0..<n where !isExactlyZero(z[a][b]) { nonzeroZ.append((a, b, c * z[a][b])) } }
            for (a, b, zab) in nonzeroZ {
                for k in nonzeroG {
                    let x = zab * g[k]
                    tensor[a][b][k] = tensor[a][b][k] + x
                    tensor[a][k][b] = tensor[a][k][b] + x
                    tensor[k][a][b] = tensor[k][a][b] + x
                }
            }
        }
        return tensor
    }

    /// `Σ_{abcd} ∂⁴E_{abcd} M_ab M_cd = Σ c ((tr ZM)² + 2 tr(ZMZM))` for a symmetric `M` on the free coordinates.
    public func quarticContraction(at w: [T], activation sigma: [T], free: [Int], m: [[T]]) -> T {
        let n = free.count
        var total = T(0)
        for (c, _, z) in curvatureTerms(at: w, activation: sigma, free: free) {
            // ZM
            var zm = [[T]](repeating: [T](repeating: T(0), count: n), count: n)
            for a in 0..<n {
                for k in 0..<n where !isExactlyZero(z[a][k]) {
                    for b in 0..<n { zm[a][b] = zm[a][b] + z[a][k] * m[k][b] }
                }
            }
            var trace = T(0), trace2 = T(0)
            for a in 0..<n {
                trace = trace + zm[a][a]
                for b in 0..<n { trace2 = trace2 + zm[a][b] * zm[b][a] }
            }
            total = total + c * (trace * trace + 2 * trace2)
        }
        return total
    }
}
