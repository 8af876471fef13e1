import HighPrecision

/// The next-order terms of the Laplace expansion at a nondegenerate minimum
/// modulo rotation ([RegularLimit.md](../../../Derivations/RegularLimit.md) §3):
///
/// ```
/// E_β[φ] = φ(w*) + m₁[φ]/β + O(β⁻²),
/// m₁[φ]  = ½ tr(H⁺ ∇²φ) + ∇φᵀ H⁺ (u − ½ v),       v_a = Σ_bc ∂³E_abc H⁺_bc,   u = w*/‖w*‖²,
/// λ̂(β)   = β (E_β[E] − E(w*)) = d/2 + a/β + O(β⁻²),
/// a      = −⅛ Σ ∂⁴E_abcd H⁺_ab H⁺_cd + ⅛ vᵀH⁺v + (1/12) Σ ∂³E_abc ∂³E_def H⁺_ad H⁺_be H⁺_cf − ½ uᵀH⁺v,
/// χ_{k,x}(β) = χ⁰_{k,x} + c_{k,x}/β + O(β⁻²),   c_{k,x} = ∂m₁[φ_k]/∂h_x,
/// ```
///
/// all on the slice through `w*` orthogonal to the rotation orbit, whose
/// Jacobian `‖w*‖ + y·w*/‖w*‖` is the origin of `u`. `c_{k,x}` is a central
/// difference in `h_x` of `m₁` recomputed at the re-solved minimum `w*(h)`,
/// in MPFR (step `2^{−bits/3}`, error `O(2^{−2bits/3})`).
public struct LaplaceExpansion: Sendable {
    public let loss: PiecewiseLoss<BigFloat>
    public let pattern: ActivationPattern
    public let free: [Int]
    /// The minimum.
    public let point: [BigFloat]
    public let bits: Int

    public init(loss: PiecewiseLoss<BigFloat>, point: [BigFloat], pattern: ActivationPattern, free: [Int], bits: Int) {
        self.loss = loss
        self.point = point
        self.pattern = pattern
        self.free = free
        self.bits = bits
    }

    /// `H⁺` on the free coordinates: `P · pad(H_red⁻¹) · P` with one rotation
    /// coordinate removed and `P = I − n̂n̂ᵀ`.
    static func pseudoInverse(_ hessian: [[BigFloat]], w: [BigFloat], free: [Int]) throws -> [[BigFloat]] {
        let n = free.count
        let gauge = (0..<n).max { w[free[$0] ^ 1].magnitude < w[free[$1] ^ 1].magnitude }!
        let reduced = (0..<n).filter { $0 != gauge }
        let inverse = try DenseLinearSystem.inverse(reduced.map { a in reduced.map { hessian[a][$0] } })
        var padded = [[BigFloat]](repeating: [BigFloat](repeating: BigFloat(0), count: n), count: n)
        for (p, a) in reduced.enumerated() { for (q, b) in reduced.enumerated() { padded[a][b] = inverse[p][q] } }
        let generator = PiecewiseLoss<BigFloat>.rotationGenerator(w)
        let nv = free.map { generator[$0] }
        let norm2 = DenseLinearSystem.dot(nv, nv)
        let projector = (0..<n).map { a in (0..<n).map { b in (a == b ? BigFloat(1) : BigFloat(0)) - nv[a] * nv[b] / norm2 } }
        return DenseLinearSystem.multiply(DenseLinearSystem.multiply(projector, padded), projector)
    }

    /// The ingredients at a minimum of `loss`.
    struct Ingredients {
        let w: [BigFloat]
        let sigma: [BigFloat]
        let pinv: [[BigFloat]]
        let third: [[[BigFloat]]]
        let v: [BigFloat]
        let u: [BigFloat]
    }

    func ingredients(loss: PiecewiseLoss<BigFloat>, at w: [BigFloat]) throws -> Ingredients {
        let sigma = pattern.indicators(PiecewiseLoss.preActivations(w))
        let h = loss.derivatives(at: w, activation: sigma, hessian: true).hessian!
        let hf = free.map { i in free.map { h[i][$0] } }
        let pinv = try Self.pseudoInverse(hf, w: w, free: free)
        let third = loss.thirdDerivative(at: w, activation: sigma, free: free)
        let n = free.count
        let v = (0..<n).map { a in
            var s = BigFloat(0)
            for b in 0..<n { for c in 0..<n { s = s + third[a][b][c] * pinv[b][c] } }
            return s
        }
        let wf = free.map { w[$0] }
        let norm2 = DenseLinearSystem.dot(wf, wf)
        return Ingredients(w: w, sigma: sigma, pinv: pinv, third: third, v: v, u: wf.map { $0 / norm2 })
    }

    /// `m₁[φ]` at the minimum of `loss` (re-solved from ``point`` when `resolve`).
    func firstCorrections(loss: PiecewiseLoss<BigFloat>, observables: [Observable], resolve: Bool) throws -> [BigFloat] {
        var w = point
        if resolve {
            let newton = BranchNewton(loss: loss, free: free, pattern: pattern, tolerance: BigFloat(1).scaled(byPowerOfTwo: -(bits - 24)))
            w = try newton.solve(from: point).point
        }
        let x = try ingredients(loss: loss, at: w)
        let n = free.count
        let shift = (0..<n).map { a in
            var s = BigFloat(0)
            for b in 0..<n { s = s + x.pinv[a][b] * (x.u[b] - x.v[b] / 2) }
            return s
        }
        return observables.map { observable in
            let g = observable.gradient(at: w), hh = observable.hessian(at: w)
            var trace = BigFloat(0)
            for a in 0..<n { for b in 0..<n { trace = trace + x.pinv[a][b] * hh[free[b]][free[a]] } }
            var linear = BigFloat(0)
            for a in 0..<n { linear = linear + g[free[a]] * shift[a] }
            return trace / 2 + linear
        }
    }

    /// `m₁[φ_k]` at the minimum.
    public func meanCorrections(observables: [Observable]) throws -> [BigFloat] {
        try firstCorrections(loss: loss, observables: observables, resolve: false)
    }

    /// `a` of `λ̂(β) = d/2 + a/β`.
    public func llcCorrection() throws -> BigFloat {
        let x = try ingredients(loss: loss, at: point)
        let n = free.count
        let quartic = loss.quarticContraction(at: point, activation: x.sigma, free: free, m: x.pinv)
        // T' = T ×₁ H⁺ ×₂ H⁺ ×₃ H⁺, then ⟨T, T'⟩.
        var t1 = x.third
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = BigFloat(0); for d in 0..<n { s = s + x.pinv[a][d] * x.third[d][b][c] }; t1[a][b][c] = s } } }
        var t2 = t1
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = BigFloat(0); for d in 0..<n { s = s + x.pinv[b][d] * t1[a][d][c] }; t2[a][b][c] = s } } }
        var full = BigFloat(0)
        for a in 0..<n { for b in 0..<n { for c in 0..<n {
            var s = BigFloat(0); for d in 0..<n { s = s + x.pinv[c][d] * t2[a][b][d] }; full = full + s * x.third[a][b][c] } } }
        var vhv = BigFloat(0), uhv = BigFloat(0)
        for a in 0..<n { for b in 0..<n { vhv = vhv + x.v[a] * x.pinv[a][b] * x.v[b]; uhv = uhv + x.u[a] * x.pinv[a][b] * x.v[b] } }
        return -quartic / 8 + vhv / 8 + full / 12 - uhv / 2
    }

    /// `c_{k,x} = ∂m₁[φ_k]/∂h_x` by a central difference in `h_x` (rows:
    /// observables, columns: `inputs`). `nil` for an input with a target-1
    /// pre-activation that vanishes at the minimum (e.g. `11111` at the
    /// one-hot pentagon): its loss has a kink through the centre of the
    /// Gaussian, so `χ_{·,x}(β)` has half-integer powers of `1/β` and no `1/β` coefficient.
    public func chiCorrections(observables: [Observable], inputs: [Int]) throws -> [[BigFloat?]] {
        let step = BigFloat(1).scaled(byPowerOfTwo: -(bits / 3))
        let z = PiecewiseLoss.preActivations(point)
        let vanishing = BigFloat(1).scaled(byPowerOfTwo: -(bits / 2))
        var columns: [[BigFloat?]] = []
        for x in inputs {
            if (0..<5).contains(where: { Kink.order(input: x, output: $0) == .first && !(vanishing < z[5 * x + $0].magnitude) }) {
                columns.append(observables.map { _ in nil })
                continue
            }
            var up = loss.weights, down = loss.weights
            up[x] = up[x] + step
            down[x] = down[x] - step
            let plus = try firstCorrections(loss: loss.withWeights(up), observables: observables, resolve: true)
            let minus = try firstCorrections(loss: loss.withWeights(down), observables: observables, resolve: true)
            columns.append(zip(plus, minus).map { Optional(($0 - $1) / (2 * step)) })
        }
        return observables.indices.map { k in columns.map { $0[k] } }
    }
}
