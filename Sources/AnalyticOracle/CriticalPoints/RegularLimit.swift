import HighPrecision

/// The susceptibilities in the regular limit β → ∞ at a nondegenerate
/// minimum modulo rotation ([RegularLimit.md](../../../Derivations/RegularLimit.md)):
///
/// ```
/// χ⁰_{k,x} = −∇φ_kᵀ H⁺ ∇ℓ_x,      H = ∇²E(w*; h),  E = Σ_x h_x ℓ_x (the total loss),
/// ```
///
/// `H⁺` the pseudo-inverse off the rotation direction, which is what
/// `χ = ∂E[φ]/∂h_x = −β Cov(φ, ℓ_x)` ([Conventions §6](../../../Derivations/Conventions.md))
/// tends to: the posterior is Gaussian with covariance `(βH)⁺` across the
/// orbit (`−β ∇φᵀ(βH)⁺∇ℓ_x`), and equivalently `∂φ(w*(h))/∂h_x` with
/// `∂w*/∂h_x = −H⁺∇ℓ_x`. The mean-preserving convention subtracts
/// `Σ_y (h_y/Σh) χ_{k,y} = −∇φᵀH⁺∇E/Σh`, which vanishes at a critical point,
/// so the two conventions agree at leading order.
///
/// Written once over `RealNumber`: the solve is Gaussian elimination on the
/// gauge-fixed Hessian (one rotation coordinate removed), which in
/// `BigInterval` is a rigorous enclosure. For observables and losses that
/// are rotation invariant (the 15 structural observables, every `ℓ_x`), the
/// gauge-fixed solve equals `H⁺` exactly; the positions `pos(i, ·)` are not
/// invariant, and for them the solution is projected off the rotation
/// direction: `−e_aᵀ P ỹ`, `P = I − n̂n̂ᵀ` — the limit of a posterior whose
/// localization pins the rotation (γ → ∞ with γ/β → 0).
///
/// At a first-order kink of an input (a target-1 pre-activation exactly 0),
/// `∇ℓ_x` is taken as the mean of its two one-sided gradients (`σ = ½`): the
/// Gaussian-regime limit of `−β Cov(φ, ℓ_x)` when the kink passes through the
/// centre of a nondegenerate Gaussian (Stein's lemma:
/// `Cov(a·δ, ReLU(b·δ)) = ½ aᵀΣb`).
public enum RegularLimit {
    /// `χ⁰` (rows: observables, columns: inputs) in both conventions.
    ///
    /// - Parameters:
    ///   - loss: the total loss `E(w; h)`.
    ///   - w: the point (exact coordinates; `gauge` must index a live coordinate whose feature's other coordinate is nonzero).
    ///   - sigma: the Hessian's activation indicators (the point's branch).
    ///   - free: the live coordinates.
    ///   - gauge: the coordinate fixed to remove the rotation orbit.
    ///   - observables: the rows.
    ///   - inputs: the columns (type indices).
    ///   - vanishing: `|z| ≤ vanishing` counts as a kink of `ℓ_x` (the working precision's `2^{−bits/2}`).
    /// - Throws: `DenseLinearSystemError` if the gauge-fixed Hessian is singular.
    public static func susceptibilities<T: RealNumber>(
        loss: PiecewiseLoss<T>, at w: [T], activation sigma: [T], free: [Int], gauge: Int,
        observables: [Observable], inputs: [Int], vanishing: Double
    ) throws(DenseLinearSystemError) -> (jacobian: [[T]], meanPreserving: [[T]]) {
        let hessian = loss.derivatives(at: w, activation: sigma, hessian: true).hessian!
        let reduced = free.filter { $0 != gauge }
        let system = reduced.map { i in reduced.map { hessian[i][$0] } }
        let lossSigma = halfAtFirstOrderKinks(sigma, w: w, vanishing: vanishing)
        let all = Array(0..<32)
        let gradients = all.map { loss.perSampleGradient($0, at: w, activation: lossSigma) }
        let rhs = reduced.map { i in all.map { gradients[$0][i] } }
        let solution = try DenseLinearSystem.solve(system, rhs)  // reduced × 32
        // Pad with 0 at the gauge coordinate, then project off the rotation for positions.
        let generator = PiecewiseLoss<T>.rotationGenerator(w)
        var n2 = T(0)
        for i in free { n2 = n2 + generator[i] * generator[i] }
        func padded(_ x: Int) -> [T] {
            var y = [T](repeating: T(0), count: 10)
            for (a, i) in reduced.enumerated() { y[i] = solution[a][x] }
            return y
        }
        let ys = all.map(padded)
        let rotationComponents = ys.map { y -> T in
            var s = T(0)
            for i in free { s = s + generator[i] * y[i] }
            return s / n2
        }
        var totalWeight = T(0)
        for t in loss.support { totalWeight = totalWeight + loss.weights[t] }
        var jacobian: [[T]] = []
        var meanPreserving: [[T]] = []
        for observable in observables {
            let g = observable.gradient(at: w)
            let invariant: Bool
            if case .pos = observable { invariant = false } else { invariant = true }
            let row = all.map { x -> T in
                var s = T(0)
                for i in free {
                    let yi = invariant ? ys[x][i] : ys[x][i] - rotationComponents[x] * generator[i]
                    s = s + g[i] * yi
                }
                return -s
            }
            var mean = T(0)
            for t in loss.support { mean = mean + loss.weights[t] * row[t] }
            mean = mean / totalWeight
            jacobian.append(inputs.map { row[$0] })
            meanPreserving.append(inputs.map { row[$0] - mean })
        }
        return (jacobian, meanPreserving)
    }

    /// `σ` with `½` at the target-1 entries whose pre-activation vanishes
    /// (`|z| ≤ vanishing`; the mean of the one-sided gradients), for every input.
    static func halfAtFirstOrderKinks<T: RealNumber>(_ sigma: [T], w: [T], vanishing: Double) -> [T] {
        let z = PiecewiseLoss.preActivations(w)
        var out = sigma
        for i in z.indices where z[i].doubleValue.magnitude <= vanishing {
            if Kink.order(input: i / 5, output: i % 5) == .first { out[i] = T(1) / T(2) }
        }
        return out
    }
}
