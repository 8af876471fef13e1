import HighPrecision

extension Observable {
    /// `∇φ(w)` (10 entries, Conventions §1 layout), analytic:
    /// `∇_{W_i} |W_i| = Ŵ_i`; for `c = a·b/(|a||b|)`, `∇_a c = (b̂ − c â)/|a|`,
    /// `∇_b c = (â − c b̂)/|b|`; `∇ pos(i, x) = e_{2i}`.
    public func gradient<T: RealNumber>(at w: [T]) -> [T] {
        var g = [T](repeating: T(0), count: 10)
        switch self {
        case .norm(let i):
            let n = T.sqrt(w[2 * i] * w[2 * i] + w[2 * i + 1] * w[2 * i + 1])
            g[2 * i] = w[2 * i] / n
            g[2 * i + 1] = w[2 * i + 1] / n
        case .dot(let i, let j):
            let a = (w[2 * i], w[2 * i + 1]), b = (w[2 * j], w[2 * j + 1])
            let na2 = a.0 * a.0 + a.1 * a.1, nb2 = b.0 * b.0 + b.1 * b.1
            let u = 1 / T.sqrt(na2 * nb2)
            let c = (a.0 * b.0 + a.1 * b.1) * u
            g[2 * i] = b.0 * u - c * a.0 / na2
            g[2 * i + 1] = b.1 * u - c * a.1 / na2
            g[2 * j] = a.0 * u - c * b.0 / nb2
            g[2 * j + 1] = a.1 * u - c * b.1 / nb2
        case .pos(let i, let axis):
            g[2 * i + (axis == .x ? 0 : 1)] = T(1)
        }
        return g
    }

    /// `∇²φ(w)` (10 × 10), analytic. With `p = a·b`, `u = 1/(|a||b|)`, `c = p u`:
    /// `∂²_{aa} c = p(−u/|a|² I + 3u aaᵀ/|a|⁴) − u(b aᵀ + a bᵀ)/|a|²`,
    /// `∂²_{ab} c = u(I − aaᵀ/|a|² − bbᵀ/|b|² + p abᵀ/(|a|²|b|²))`;
    /// `∂²|a| = (I − ââᵀ)/|a|`; positions are linear.
    public func hessian<T: RealNumber>(at w: [T]) -> [[T]] {
        var h = [[T]](repeating: [T](repeating: T(0), count: 10), count: 10)
        func vec(_ i: Int) -> [T] { [w[2 * i], w[2 * i + 1]] }
        func put(_ bi: Int, _ bj: Int, _ block: [[T]]) {
            for r in 0..<2 { for s in 0..<2 { h[2 * bi + r][2 * bj + s] = h[2 * bi + r][2 * bj + s] + block[r][s] } }
        }
        switch self {
        case .norm(let i):
            let a = vec(i)
            let n2 = a[0] * a[0] + a[1] * a[1], n = T.sqrt(n2)
            put(i, i, (0..<2).map { r in (0..<2).map { s in ((r == s ? n2 : T(0)) - a[r] * a[s]) / (n2 * n) } })
        case .dot(let i, let j):
            let a = vec(i), b = vec(j)
            let na2 = a[0] * a[0] + a[1] * a[1], nb2 = b[0] * b[0] + b[1] * b[1]
            let u = 1 / T.sqrt(na2 * nb2)
            let p = a[0] * b[0] + a[1] * b[1]
            func selfBlock(_ x: [T], _ y: [T], _ nx2: T) -> [[T]] {
                (0..<2).map { r in
                    (0..<2).map { s in
                        let identity = r == s ? T(1) : T(0)
                        return p * (-u / nx2 * identity + 3 * u * x[r] * x[s] / (nx2 * nx2)) - u * (y[r] * x[s] + x[r] * y[s]) / nx2
                    }
                }
            }
            let cross: [[T]] = (0..<2).map { r in
                (0..<2).map { s in
                    let identity = r == s ? T(1) : T(0)
                    return u * (identity - a[r] * a[s] / na2 - b[r] * b[s] / nb2 + p * a[r] * b[s] / (na2 * nb2))
                }
            }
            put(i, i, selfBlock(a, b, na2))
            put(j, j, selfBlock(b, a, nb2))
            put(i, j, cross)
            put(j, i, (0..<2).map { r in (0..<2).map { s in cross[s][r] } })
        case .pos:
            break
        }
        return h
    }

    /// The value at the parameter vector `w`.
    public func value<T: RealNumber>(parameters w: [T]) -> T {
        value(at: (0..<5).map { Vector2(w[2 * $0], w[2 * $0 + 1]) })
    }
}
