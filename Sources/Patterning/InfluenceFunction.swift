import TMSEngine

/// The classical influence-function susceptibility, the second-order
/// baseline that patterning is compared with (essay, "Analytically Solving
/// the 4→5 Gon Bifurcation"):
///
///     χ^IF_{k,x} = −∇φ_k(w*)ᵀ (H + λI)⁻¹ ∇ℓ_x(w*),    H = ∇²E(w*; h),  E = Σ_x h_x ℓ_x,
///
/// on the free coordinates of `mask`. It is the derivative `dφ_k/dh_x` of the
/// minimiser of the proximal objective `E(w; h) + (λ/2)‖w − w*‖²`, and the
/// Laplace (large-β) limit of the posterior χ of
/// [Conventions.md §6](../../Derivations/Conventions.md) with localization
/// `γ = λβ`. `∇ℓ_x` is exact (the engine's gradient of a model whose only
/// weight is on `x`); `H` and `∇φ` are central differences with step `δ`
/// (error `O(δ²)`).
///
/// At the 4 → 5 bifurcation (frozen square, one-hot data) every `∇ℓ_x` with
/// respect to `W_4` vanishes and `H = 0`, so `χ^IF = 0`: the influence
/// function sees no gap signal where the posterior χ has the ±α structure.
public enum InfluenceFunction {
    /// `χ^IF` (observables × the model's input types).
    ///
    /// - Throws: `PatterningError.notPositiveDefinite` if `H + λI` is not
    ///   positive definite on the free coordinates (a saddle: raise λ),
    ///   `.dimensionMismatch` / `.nonFinite` for a bad `w`, `.negativeRidge`.
    public static func susceptibility(
        model: TMSModel, at w: [Double], mask: ParameterMask? = nil, observables: ObservableSet,
        ridge: Double, step delta: Double = 1e-5
    ) throws -> DenseMatrix {
        guard w.count == model.dimension else {
            throw PatterningError.dimensionMismatch(name: "parameters w", expected: model.dimension, actual: w.count)
        }
        try PatterningError.checkFinite(w, name: "parameters w")
        guard ridge >= 0, ridge.isFinite else { throw PatterningError.negativeRidge(ridge) }
        let free = mask?.freeCoordinates ?? Array(0..<model.dimension)
        let n = model.sampleCount
        // H of E = n·L, by central differences of the exact gradient, symmetrised.
        var hessian = DenseMatrix.zeros(rows: free.count, columns: free.count)
        for (b, j) in free.enumerated() {
            var plus = w, minus = w
            plus[j] += delta
            minus[j] -= delta
            let gp = gradient(model, plus), gm = gradient(model, minus)
            for (a, i) in free.enumerated() { hessian[a, b] = Double(n) * (gp[i] - gm[i]) / (2 * delta) }
        }
        for a in 0..<free.count {
            for b in 0..<a {
                let s = (hessian[a, b] + hessian[b, a]) / 2
                hessian[a, b] = s
                hessian[b, a] = s
            }
            hessian[a, a] += ridge
        }
        let factor = try CholeskyFactorization(hessian)
        // ∇φ_k by central differences.
        var observableGradients = DenseMatrix.zeros(rows: observables.count, columns: free.count)
        for (b, j) in free.enumerated() {
            var plus = w, minus = w
            plus[j] += delta
            minus[j] -= delta
            let fp = observables.evaluate(plus), fm = observables.evaluate(minus)
            for k in 0..<observables.count { observableGradients[k, b] = (fp[k] - fm[k]) / (2 * delta) }
        }
        // Columns: −∇φᵀ (H + λI)⁻¹ ∇ℓ_x, with ∇ℓ_x from the model with h = n·e_x (so L = ℓ_x).
        var chi = DenseMatrix.zeros(rows: observables.count, columns: n)
        for x in 0..<n {
            var single = [Double](repeating: 0, count: n)
            single[x] = Double(n)
            let g = gradient(try model.withWeights(single), w)
            let response = try factor.solve(free.map { g[$0] })
            for k in 0..<observables.count {
                chi[k, x] = -dot(observableGradients.row(k), response)
            }
        }
        return chi
    }

    static func gradient(_ model: TMSModel, _ w: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: w.count)
        _ = w.withUnsafeBufferPointer { p in g.withUnsafeMutableBufferPointer { model.lossAndGradient(at: p, gradient: $0) } }
        return g
    }
}
