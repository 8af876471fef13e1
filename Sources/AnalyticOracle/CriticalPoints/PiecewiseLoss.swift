import HighPrecision

/// The total loss `E(w; h) = Σ_t h_t ℓ_t(w)` of the full 10-parameter model
/// ([Conventions §1–2](../../../Derivations/Conventions.md)) as a piecewise
/// polynomial, with analytic derivatives on each piece, written once over
/// `RealNumber`. Derivation: [CriticalPoints.md](../../../Derivations/CriticalPoints.md) §1.
///
/// With `v_t = Σ_{i∈t} W_i`, the pre-activation of output `j` on input `t` is
/// `z_{t,j} = W_j · v_t`, a quadratic form in `w`, and
///
/// ```
/// ℓ_t = Σ_j I_j (x_{t,j} − ReLU(z_{t,j}))².
/// ```
///
/// On a *piece* the ReLU is replaced by `σ_{t,j} z_{t,j}` with a fixed
/// activation indicator `σ ∈ {0, 1}`, and the branch loss
/// `E_σ = Σ_t h_t Σ_j I_j (x_{t,j} − σ z)²` is a quartic polynomial:
///
/// ```
/// ∇E_σ   = Σ −2 h_t I_j σ (x − σz) ∇z,
/// ∇²E_σ  = Σ  2 h_t I_j [σ² ∇z ∇zᵀ − σ (x − σz) ∇²z],
/// ∂³E_σ  = Σ  2 h_t I_j σ² [∂²z ⊗ ∂z]_{sym, 3 terms},    ∂⁴E_σ = Σ 2 h_t I_j σ² [∂²z ⊗ ∂²z]_{sym, 3 terms},
/// ```
///
/// with `∂z/∂W_k = [k = j] v_t + [k ∈ t] W_j` and
/// `∂²z/∂W_k∂W_l = ([k = j][l ∈ t] + [l = j][k ∈ t]) I₂`. The indicator is an
/// input (``ActivationPattern``): the natural one is `σ = 1{z > 0}` (ReLU's
/// derivative 0 at 0), a *branch* forces chosen entries, and in
/// `BigInterval` a pre-activation whose enclosure contains 0 takes
/// `σ = [0, 1]`, which encloses every one-sided derivative of the C¹ terms
/// `ReLU(z)²` (target 0). For a target-1 entry, `z = 0` is a first-order kink
/// (`(1 − ReLU z)²` has one-sided slopes `−2` and `0`).
///
/// Parameter layout `w[2i] = W_{i,x}`, `w[2i+1] = W_{i,y}`; terms with
/// `h_t = 0` are skipped, and `00000` has `ℓ ≡ 0`.
public struct PiecewiseLoss<T: RealNumber>: Sendable {
    /// `h_t` by type index.
    public let weights: [T]
    /// `I_0 … I_4`.
    public let importances: [T]
    /// The types `t ≠ 0` with `h_t ≠ 0`, increasing.
    public let support: [Int]

    /// The number of parameters, 10.
    public static var dimension: Int { 2 * InputType.featureCount }
    static var featureCount: Int { InputType.featureCount }

    /// The loss of the data `data`.
    public init(_ data: TrainingData<T>) {
        self.init(weights: data.weights, importances: data.importances,
                  support: (1..<32).filter { data.weights[$0].doubleValue != 0 })
    }

    /// The loss with explicit weights (32, type order), importances (5) and support.
    public init(weights: [T], importances: [T], support: [Int]) {
        precondition(weights.count == 32 && importances.count == 5, "32 weights and 5 importances")
        self.weights = weights
        self.importances = importances
        self.support = support
    }

    /// The same loss with weights `h` (the support recomputed: `h_t` not exactly 0).
    public func withWeights(_ h: [T]) -> PiecewiseLoss {
        PiecewiseLoss(weights: h, importances: importances, support: (1..<32).filter { !isExactlyZero(h[$0]) })
    }

    // MARK: - Pre-activations

    /// `v_t = Σ_{i∈t} W_i`.
    @inlinable
    public static func sumVector(_ w: [T], _ t: Int) -> (T, T) {
        var x = T(0), y = T(0)
        for i in 0..<5 where t & (1 << i) != 0 {
            x = x + w[2 * i]
            y = y + w[2 * i + 1]
        }
        return (x, y)
    }

    /// `z_{t,j} = W_j · v_t` for every type (flat, index `5t + j`; type 0 gives 0).
    public static func preActivations(_ w: [T]) -> [T] {
        var z = [T](repeating: T(0), count: 32 * 5)
        for t in 1..<32 {
            let (vx, vy) = sumVector(w, t)
            for j in 0..<5 { z[5 * t + j] = w[2 * j] * vx + w[2 * j + 1] * vy }
        }
        return z
    }

    /// The nonzero entries of `∇z_{t,j}` as (coordinate, value) pairs.
    @inlinable
    static func preActivationGradient(_ w: [T], t: Int, j: Int, v: (T, T)) -> [(Int, T)] {
        var entries: [(Int, T)] = []
        entries.reserveCapacity(10)
        // Block j gets v_t (plus W_j when j ∈ t); block k ∈ t, k ≠ j, gets W_j.
        for k in 0..<5 {
            let inT = t & (1 << k) != 0
            if k == j {
                var gx = v.0, gy = v.1
                if inT { gx = gx + w[2 * j]; gy = gy + w[2 * j + 1] }
                entries.append((2 * k, gx))
                entries.append((2 * k + 1, gy))
            } else if inT {
                entries.append((2 * k, w[2 * j]))
                entries.append((2 * k + 1, w[2 * j + 1]))
            }
        }
        return entries
    }

    /// `C_kl = [k = j][l ∈ t] + [l = j][k ∈ t]`, so `∂²z_{t,j} = C ⊗ I₂`; as (k, l, C_kl) with C_kl ≠ 0.
    @inlinable
    static func preActivationCurvature(t: Int, j: Int) -> [(Int, Int, Int)] {
        var entries: [(Int, Int, Int)] = []
        for k in 0..<5 {
            for l in 0..<5 {
                let c = (k == j && t & (1 << l) != 0 ? 1 : 0) + (l == j && t & (1 << k) != 0 ? 1 : 0)
                if c != 0 { entries.append((k, l, c)) }
            }
        }
        return entries
    }

    /// `x_{t,j}`.
    @inlinable
    static func target(_ t: Int, _ j: Int) -> Int { (t >> j) & 1 }

    // MARK: - Loss

    /// `ℓ_t(w)` for all 32 types (the ReLU evaluated literally).
    public func perSampleLosses(_ w: [T]) -> [T] {
        let z = PiecewiseLoss.preActivations(w)
        return (0..<32).map { t in
            var l = T(0)
            guard t > 0 else { return l }
            for j in 0..<5 {
                let r = T(PiecewiseLoss.target(t, j)) - T.relu(z[5 * t + j])
                l = l + importances[j] * r * r
            }
            return l
        }
    }

    /// `E(w; h) = Σ_t h_t ℓ_t(w)`, the total loss (the ReLU evaluated literally).
    public func loss(_ w: [T]) -> T {
        let l = perSampleLosses(w)
        var e = T(0)
        for t in support { e = e + weights[t] * l[t] }
        return e
    }

    // MARK: - Derivatives on a piece

    /// The branch loss `E_σ`, its gradient and (optionally) its Hessian at `w`.
    public struct Derivatives: Sendable {
        public let value: T
        public let gradient: [T]
        /// `∇²E_σ` (rows), `nil` unless asked for.
        public let hessian: [[T]]?
    }

    /// `E_σ`, `∇E_σ` and optionally `∇²E_σ` on the piece `activation`
    /// (indicators `σ[5t + j]`; see ``ActivationPattern``). With `weights`
    /// given, they replace `h` (used for per-sample derivatives); with
    /// `block`, only the Hessian entries among those coordinates are formed
    /// (the others stay 0).
    public func derivatives(at w: [T], activation sigma: [T], hessian wantsHessian: Bool, weights override: [T]? = nil, block: [Int]? = nil) -> Derivatives {
        var inBlock = [Bool](repeating: block == nil, count: PiecewiseLoss.dimension)
        for i in block ?? [] { inBlock[i] = true }
        let n = PiecewiseLoss.dimension
        let h = override ?? weights
        var gradient = [T](repeating: T(0), count: n)
        var hessian = wantsHessian ? [[T]](repeating: [T](repeating: T(0), count: n), count: n) : []
        var value = T(0)
        let types = override == nil ? support : (1..<32).filter { !isExactlyZero(h[$0]) }
        for t in types {
            let v = PiecewiseLoss.sumVector(w, t)
            for j in 0..<5 {
                let s = sigma[5 * t + j]
                let z = w[2 * j] * v.0 + w[2 * j + 1] * v.1
                let residual = T(PiecewiseLoss.target(t, j)) - s * z
                let weight = h[t] * importances[j]
                value = value + weight * residual * residual
                if isExactlyZero(s) { continue }
                let g = PiecewiseLoss.preActivationGradient(w, t: t, j: j, v: v)
                let coefficient = -2 * weight * s * residual
                for (a, ga) in g { gradient[a] = gradient[a] + coefficient * ga }
                guard wantsHessian else { continue }
                let outer = 2 * weight * s * s
                for (a, ga) in g where inBlock[a] {
                    let row = outer * ga
                    for (b, gb) in g where inBlock[b] { hessian[a][b] = hessian[a][b] + row * gb }
                }
                for (k, l, c) in PiecewiseLoss.preActivationCurvature(t: t, j: j) where inBlock[2 * k] && inBlock[2 * l] {
                    let entry = coefficient * T(c)
                    hessian[2 * k][2 * l] = hessian[2 * k][2 * l] + entry
                    hessian[2 * k + 1][2 * l + 1] = hessian[2 * k + 1][2 * l + 1] + entry
                }
            }
        }
        return Derivatives(value: value, gradient: gradient, hessian: wantsHessian ? hessian : nil)
    }

    /// `∇ℓ_t` on the piece `activation` (`ℓ_t` is `E` with the single weight `h_t = 1`).
    public func perSampleGradient(_ t: Int, at w: [T], activation sigma: [T]) -> [T] {
        guard t != 0 else { return [T](repeating: T(0), count: PiecewiseLoss.dimension) }
        var single = [T](repeating: T(0), count: 32)
        single[t] = T(1)
        return derivatives(at: w, activation: sigma, hessian: false, weights: single).gradient
    }

    /// `∇²ℓ_t` on the piece `activation`.
    public func perSampleHessian(_ t: Int, at w: [T], activation sigma: [T]) -> [[T]] {
        var single = [T](repeating: T(0), count: 32)
        if t != 0 { single[t] = T(1) }
        return derivatives(at: w, activation: sigma, hessian: true, weights: single).hessian!
    }

    /// The rotation generator `J w`: `(Jw)_{2i} = −w_{2i+1}`, `(Jw)_{2i+1} = w_{2i}`
    /// (the velocity of `w` under a rotation of the plane; `E` is invariant, so
    /// `∇E · Jw = 0` everywhere and `∇²E Jw = J∇E`).
    public static func rotationGenerator(_ w: [T]) -> [T] {
        var n = [T](repeating: T(0), count: w.count)
        for i in stride(from: 0, to: w.count, by: 2) {
            n[i] = -w[i + 1]
            n[i + 1] = w[i]
        }
        return n
    }
}

/// Whether `x` is exactly zero (an interval: both ends zero).
@inlinable
func isExactlyZero<T: RealNumber>(_ x: T) -> Bool {
    if let i = x as? BigInterval { return i.lower.isZero && i.upper.isZero }
    if let f = x as? BigFloat { return f.isZero }
    return x.doubleValue == 0
}
