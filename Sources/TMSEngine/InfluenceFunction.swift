/// The classical influence-function (Laplace) approximation of the
/// susceptibilities, the baseline that χ is compared with:
///
/// ```
/// χ^IF_{k,x} = −∇φ_kᵀ (H + λ I)⁻¹ ∇ℓ_x,     H = ∇² E(w; h),  E = Σ_x h_x ℓ_x = N·L,
/// ```
///
/// all on the free coordinates of a ``ParameterMask``, at a point `w`.
///
/// It is what `χ = −β Cov(φ_k, ℓ_x)` ([Conventions §6](../../Derivations/Conventions.md))
/// becomes when the posterior `∝ exp(−βE − (γ/2)‖w − w*‖²)` is replaced by its
/// Gaussian (Laplace) approximation at `w`, with covariance `(βH + γI)⁻¹` and
/// linearised `φ` and `ℓ_x`; then `λ = γ/β`. For quadratic per-sample losses at
/// the minimum of `E` the two coincide exactly; at the 4→5 bifurcation the
/// `W_4` block of `H` and of every `∇ℓ_x` vanishes, so `χ^IF` of the position
/// rows is 0 for every input while χ is not
/// ([HessianBlindness.md](../../Derivations/HessianBlindness.md)).
///
/// Derivatives: `∇ℓ_x` is the potential's ``SamplingPotential/perSampleGradient(_:at:into:)``
/// (hand-written for TMS and the quadratic family); `H` is the central
/// difference of the hand-written `∇L` (symmetrised) and `∇φ_k` the central
/// difference of the observables, with step `δ` (error `O(δ²)` where the
/// functions are C³). An observable that is not differentiable at `w` (a
/// normalised dot with a zero column) gets a finite-difference slope of order
/// `1/δ`; its row is only meaningful where `∇ℓ_x` vanishes, which makes it 0.
public struct InfluenceFunction: Sendable {
    /// `χ^IF[k][x]` for the observables × the potential's samples.
    public let values: [[Double]]
    /// `H` restricted to the free coordinates (row-major, `n × n`).
    public let hessian: [Double]
    /// `∇ℓ_x` restricted to the free coordinates, one row per sample.
    public let sampleGradients: [[Double]]
    /// The ridge λ.
    public let ridge: Double
    /// The observable names (rows).
    public let observableNames: [String]

    /// Computes `χ^IF` at `w`.
    ///
    /// - Parameters:
    ///   - potential: the potential whose Hessian and per-sample gradients are used.
    ///   - w: the point, all coordinates.
    ///   - mask: the free coordinates (default: all).
    ///   - observables: the observables `φ_k` (rows of `χ^IF`).
    ///   - ridge: λ ≥ 0 (use `γ/β` for the Laplace approximation of a localized posterior).
    ///   - step: the finite-difference step δ > 0.
    /// - Throws: ``InfluenceFunctionError`` for a bad ridge, step or point, or a
    ///   singular `H + λI`.
    public init<P: SamplingPotential>(
        potential: P, at w: [Double], mask: ParameterMask? = nil,
        observables: ObservableSet, ridge: Double, step: Double = 1e-5
    ) throws(InfluenceFunctionError) {
        guard ridge.isFinite, ridge >= 0 else { throw .invalidRidge(ridge) }
        guard step.isFinite, step > 0 else { throw .invalidStep(step) }
        guard w.count == potential.dimension, w.allSatisfy(\.isFinite) else {
            throw .invalidPoint("expected \(potential.dimension) finite coordinates, got \(w)")
        }
        let free = mask?.freeCoordinates ?? Array(0..<potential.dimension)
        let n = free.count, samples = potential.sampleCount
        let scale = Double(samples)  // E = N·L

        func shifted(_ k: Int, by d: Double) -> [Double] {
            var v = w
            v[k] += d
            return v
        }

        // H_{ab} = ∂_b ∂_a E by central differences of the analytic gradient.
        var h = [Double](repeating: 0, count: n * n)
        for (b, kb) in free.enumerated() {
            let plus = potential.lossAndGradient(shifted(kb, by: step)).gradient
            let minus = potential.lossAndGradient(shifted(kb, by: -step)).gradient
            for (a, ka) in free.enumerated() { h[a * n + b] = scale * (plus[ka] - minus[ka]) / (2 * step) }
        }
        for a in 0..<n { for b in 0..<a { let s = (h[a * n + b] + h[b * n + a]) / 2; h[a * n + b] = s; h[b * n + a] = s } }

        // ∇ℓ_x from the potential, ∇φ_k by central differences.
        let lossGradients = (0..<samples).map { x in
            let g = potential.perSampleGradient(x, w)
            return free.map { g[$0] }
        }
        var observableGradients = [[Double]](repeating: [Double](repeating: 0, count: n), count: observables.count)
        for (a, ka) in free.enumerated() {
            let up = shifted(ka, by: step), down = shifted(ka, by: -step)
            let ou = observables.evaluate(up, loss: potential.loss(up)), od = observables.evaluate(down, loss: potential.loss(down))
            for k in 0..<observables.count { observableGradients[k][a] = (ou[k] - od[k]) / (2 * step) }
        }

        var system = h
        for a in 0..<n { system[a * n + a] += ridge }
        var values = [[Double]](repeating: [Double](repeating: 0, count: samples), count: observables.count)
        for x in 0..<samples {
            let z = try Self.solve(system, n: n, lossGradients[x])  // (H + λI)⁻¹ ∇ℓ_x
            for k in 0..<observables.count {
                var s = 0.0
                for a in 0..<n { s += observableGradients[k][a] * z[a] }
                values[k][x] = -s
            }
        }
        self.values = values
        self.hessian = h
        self.sampleGradients = lossGradients
        self.ridge = ridge
        self.observableNames = observables.names
    }

    /// Solves `A z = b` (A `n × n`, row-major) by Gaussian elimination with
    /// partial pivoting. A pivot below `10⁻⁸ · max(1, max|A_ij|)` counts as zero:
    /// the finite-difference Hessian is only accurate to about `δ²` times the
    /// fourth derivative (≈ 10⁻¹⁰ at δ = 10⁻⁵), so a smaller pivot cannot be told from 0.
    static func solve(_ matrix: [Double], n: Int, _ rhs: [Double]) throws(InfluenceFunctionError) -> [Double] {
        var a = matrix, b = rhs
        let scale = a.map(abs).max() ?? 0
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(col + 1, n) where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
            guard abs(a[pivot * n + col]) > 1e-8 * max(scale, 1) else { throw .singular }
            if pivot != col {
                for c in 0..<n { a.swapAt(col * n + c, pivot * n + c) }
                b.swapAt(col, pivot)
            }
            for r in (col + 1)..<max(col + 1, n) {
                let f = a[r * n + col] / a[col * n + col]
                if f == 0 { continue }
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                b[r] -= f * b[col]
            }
        }
        var z = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(r + 1, n) { s -= a[r * n + c] * z[c] }
            z[r] = s / a[r * n + r]
        }
        return z
    }
}

/// Why an influence-function baseline could not be computed.
public enum InfluenceFunctionError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidRidge(Double)
    case invalidStep(Double)
    case invalidPoint(String)
    /// `H + λI` is singular (at a degenerate critical point, use λ > 0).
    case singular

    public var description: String {
        switch self {
        case let .invalidRidge(v): return "ridge λ must be finite and ≥ 0, got \(v)"
        case let .invalidStep(v): return "finite-difference step must be finite and > 0, got \(v)"
        case let .invalidPoint(message): return "invalid point: \(message)"
        case .singular: return "H + λI is singular; at a degenerate critical point (e.g. the 4→5 bifurcation, where H = 0) use a ridge λ > 0"
        }
    }
}
