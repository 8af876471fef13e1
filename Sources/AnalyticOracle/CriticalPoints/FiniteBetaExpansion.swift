import Foundation
import HighPrecision

/// The posterior at a nondegenerate minimum `w*` (modulo rotation) at finite
/// β and localization γ centred at `w*`, to the first order beyond the
/// Gaussian: `λ̂(β, γ)`, `E[φ_k]` and `χ_{k,x}(β, γ)` in both conventions
/// ([Audit.md §6](../../../Derivations/Audit.md)).
///
/// On the slice `y ⊥ Jw*` the density is
/// `exp(−β[E(w* + y) − E*] − γ|y|²/2) · t(u·y)` (``OrbitTilt``). With
/// `Σ = (βH + γ)⁻¹` on the slice, `T = ∂³E`, `Q = ∂⁴E`, `v = T:Σ`
/// (`v_a = Σ_bc T_abc Σ_bc`) and the tilt `log t = s x + ½ s₂ x²`:
///
/// ```
/// μ   = E[y]       = Σ (s u − (β/2) v),
/// κ₃  = cum₃(y)    = −β T ×₁Σ ×₂Σ ×₃Σ,
/// C   = Cov(y)     = Σ − Σ ΔP Σ,   ΔP = (β/2) Q:Σ + β T·μ − (β²/2) T Σ Σ T − s₂ u uᵀ,
/// λ̂   = β E[E − E*] = (β/2) tr(HC) + (β/2) μᵀHμ + (β/6) T:κ₃ + (β/2) μ·v + (β/8) Q:ΣΣ,
/// E[φ] = φ* + ∇φ·μ + ½ tr(∇²φ Σ),
/// Cov(f, g) = f₁ᵀCg₁ + ½ f₁·(κ₃:g₂) + ½ g₁·(κ₃:f₂) + (Σf₁)ᵀg₂μ + (Σg₁)ᵀf₂μ
///             + ½ f₁ᵀΣ(g₃:Σ) + ½ g₁ᵀΣ(f₃:Σ) + ½ tr(f₂Σg₂Σ),
/// χ_{k,x} = −β Cov(φ_k, ℓ_x),      χ^mp_{k,x} = χ_{k,x} + (β/Σh) Cov(φ_k, E),
/// ```
///
/// each with an `O(β⁻²)` remainder (relative `O(β⁻¹)` beyond the terms kept).
/// The leading terms are `½ Σ_i βμ_i/(βμ_i + γ)` (the Laplace count over the
/// nonzero Hessian eigenvalues μ_i) and `−β ∇φᵀΣ∇ℓ_x`. At `γ = 0`
/// (`s = 1`, `s₂ = −1`, `Σ = H⁺/β`) they reduce to `d/2 + a/β` and
/// `χ⁰ + c/β` of ``LaplaceExpansion``, which computes `c` by a different
/// route (re-solved minima differenced in `h`); `FiniteBetaExpansionTests` checks the two agree.
///
/// Written once over `RealNumber` (`Double` in the audit, MPFR in the tests).
///
/// **Kinks.** The derivatives are those of the branch at `w*`; a
/// pre-activation `z` that can change sign (`ReLU(z)²`, second order;
/// `(1 − ReLU z)²`, first order) makes the true loss differ from the branch's
/// polynomial by `e` beyond the kink. Inputs with a kink closer than
/// ``kinkExclusion`` posterior standard deviations `s = (∇zᵀΣ∇z)^{1/2}` of `z`
/// (e.g. `11111` at the Bernoulli pentagon at practical β) have no expansion
/// in `1/β`: their columns are `nil` (``Evaluation/kinkedInputs``). For the
/// others the Gaussian tail beyond the kink, at `k = |z|/s` standard
/// deviations, is bounded by Cauchy–Schwarz with `J_n(k) = E[(T − k)^n; T > k]`:
/// `E[e²] = I²s⁴J₄` (second order), `I²(4s²J₂ + 4s³J₃ + s⁴J₄)` (first order),
/// and `|Cov(φ, e)| ≤ sd(φ)·E[e²]^{1/2}` (``Evaluation/kinkAllowance``).
public struct FiniteBetaExpansion<T: RealNumber & Comparable>: Sendable {
    /// Kinks closer than this many posterior standard deviations exclude their input.
    public static var kinkExclusion: Double { 3 }
    public let observables: [Observable]
    /// Every input type 0…31 (columns of the χ tables).
    public static var inputCount: Int { 32 }
    let n: Int
    let hessian: [[T]]
    let third: [[[T]]]
    let quarticTerms: [(c: T, z: [[T]])]
    let rotation: [T]
    let u: [T]
    /// `‖w*‖²` on the free coordinates (`κ = γ‖w*‖²` of ``OrbitTilt``).
    public let radiusSquared: T
    let totalWeight: T
    let gradient: [T]
    public let observableValues: [T]
    let observableGradients: [[T]]
    let observableHessians: [[[T]]]
    let observableThird: [[[[T]]]]
    let inputGradients: [[T]]
    let inputHessians: [[[T]]]
    let inputThird: [[[[T]]]]
    /// Pre-activations that can change sign near `w*`: input, value, gradient on the free coordinates, order, importance.
    let kinkEntries: [(input: Int, z: T, gradient: [T], firstOrder: Bool, importance: Double)]
    let weights: [Double]
    /// Inputs in the support of the data (their kinks make the total loss non-smooth).
    let support: Set<Int>

    /// The ingredients at the minimum `point` of `loss` on the branch `pattern`.
    ///
    /// - Parameters:
    ///   - loss: the total loss `E(w; h)`.
    ///   - point: the minimum.
    ///   - pattern: the activation branch at `point`.
    ///   - observables: the rows.
    ///   - free: the live coordinates (the others stay at 0 and are not sampled).
    ///   - differenceStep: the step `h` of the Richardson-extrapolated central
    ///     difference of the analytic `∇²φ` that gives `∇³φ` (error `O(h⁴)` plus
    ///     rounding `O(u/h)`: `2⁻¹⁰` in `Double`, `2^{−bits/5}` in MPFR).
    public init(loss: PiecewiseLoss<T>, point: [T], pattern: ActivationPattern, free: [Int],
                observables: [Observable] = Observable.structural, differenceStep: T) {
        self.observables = observables
        n = free.count
        let sigma = pattern.indicators(PiecewiseLoss.preActivations(point))
        let derivatives = loss.derivatives(at: point, activation: sigma, hessian: true)
        func restrict(_ v: [T]) -> [T] { free.map { v[$0] } }
        func restrict(_ m: [[T]]) -> [[T]] { free.map { i in free.map { m[i][$0] } } }
        hessian = restrict(derivatives.hessian!)
        gradient = restrict(derivatives.gradient)
        third = loss.thirdDerivative(at: point, activation: sigma, free: free)
        quarticTerms = loss.curvatureTerms(at: point, activation: sigma, free: free).map { ($0.c, $0.z) }
        let generator = restrict(PiecewiseLoss<T>.rotationGenerator(point))
        let generatorNorm = T.sqrt(generator.reduce(T(0)) { $0 + $1 * $1 })
        rotation = generator.map { $0 / generatorNorm }
        let wf = restrict(point)
        let r2 = wf.reduce(T(0)) { $0 + $1 * $1 }
        radiusSquared = r2
        u = wf.map { $0 / r2 }
        // Σh over all 32 types, 00000 included (Conventions §6: L̄ = Σ_y h_y ℓ_y / Σ_y h_y; 32 for natural weights).
        totalWeight = loss.weights.reduce(T(0), +)
        support = Set(loss.support)

        observableValues = observables.map { $0.value(parameters: point) }
        observableGradients = observables.map { restrict($0.gradient(at: point)) }
        observableHessians = observables.map { restrict($0.hessian(at: point)) }
        // ∇³φ_abc = ∂_a ∇²φ_bc by the Richardson-extrapolated central difference (4D(h/2) − D(h))/3.
        observableThird = observables.map { observable in
            free.map { a -> [[T]] in
                func difference(_ h: T) -> [[T]] {
                    var up = point, down = point
                    up[a] = up[a] + h
                    down[a] = down[a] - h
                    let hu = restrict(observable.hessian(at: up)), hd = restrict(observable.hessian(at: down))
                    return hu.indices.map { b in hu[b].indices.map { c in (hu[b][c] - hd[b][c]) / (2 * h) } }
                }
                let coarse = difference(differenceStep), fine = difference(differenceStep / 2)
                return coarse.indices.map { b in coarse[b].indices.map { c in (4 * fine[b][c] - coarse[b][c]) / 3 } }
            }
        }
        var gradients: [[T]] = [], hessians: [[[T]]] = [], thirds: [[[[T]]]] = []
        for x in 0..<Self.inputCount {
            var single = [T](repeating: T(0), count: 32)
            if x != 0 { single[x] = T(1) }
            let one = loss.withWeights(single)
            let d = one.derivatives(at: point, activation: sigma, hessian: true)
            gradients.append(restrict(d.gradient))
            hessians.append(restrict(d.hessian!))
            thirds.append(one.thirdDerivative(at: point, activation: sigma, free: free))
        }
        inputGradients = gradients
        inputHessians = hessians
        inputThird = thirds
        var position = [Int](repeating: -1, count: PiecewiseLoss<T>.dimension)
        for (a, i) in free.enumerated() { position[i] = a }
        let z = PiecewiseLoss.preActivations(point)
        var entries: [(Int, T, [T], Bool, Double)] = []
        for t in 1..<32 {
            let v = PiecewiseLoss.sumVector(point, t)
            for j in 0..<5 {
                guard let order = Kink.order(input: t, output: j) else { continue }
                var g = [T](repeating: T(0), count: free.count)
                for (a, x) in PiecewiseLoss.preActivationGradient(point, t: t, j: j, v: v) where position[a] >= 0 { g[position[a]] = x }
                entries.append((t, z[5 * t + j], g, order == .first, loss.importances[j].doubleValue))
            }
        }
        kinkEntries = entries
        weights = loss.weights.map(\.doubleValue)
    }

    /// The expansion at one `(β, γ)`.
    public struct Evaluation: Sendable {
        public let beta: T
        public let localization: T
        public let tilt: OrbitTilt<T>
        /// `½ Σ_i βμ_i/(βμ_i + γ)`.
        public let laplaceLLC: T
        /// `λ̂(β, γ)` to `O(β⁻²)`.
        public let llc: T
        /// `E[φ_k]` to `O(β⁻²)`.
        public let means: [T]
        /// `−β ∇φᵀΣ∇ℓ_x` (rows: observables, columns: the 32 inputs), both conventions.
        public let leadingChi: [[T]]
        public let leadingChiMeanPreserving: [[T]]
        /// The `1/β` terms of χ, `χ − leading`, for every column (also where a kink makes them meaningless).
        public let chiCorrection: [[T]]
        public let chiCorrectionMeanPreserving: [[T]]
        /// χ to `O(β⁻²)`, `leading + correction`; `nil` in the columns of ``kinkedInputs``.
        public let chi: [[T?]]
        public let chiMeanPreserving: [[T?]]
        /// Inputs with a ReLU kink within ``kinkExclusion`` posterior standard deviations of `w*`.
        public let kinkedInputs: [Int]
        /// Whether one of them is in the data's support (the total loss itself is not smooth there).
        public let lossIsKinked: Bool
        /// The distance of the closest kink in posterior standard deviations, per kinked input.
        public let kinkDistance: [Int: Double]
        /// Bounds on the effect of the Gaussian tails beyond the other kinks (``FiniteBetaExpansion``):
        /// on χ (both conventions), on λ̂ (`β Σ h E|e|`) and on `E[φ_k]` (`β sd(φ) Σ h E[e²]^{1/2}`).
        public let kinkAllowance: KinkAllowance
    }

    /// See ``Evaluation/kinkAllowance``.
    public struct KinkAllowance: Sendable {
        public let chi: [[Double]]
        public let chiMeanPreserving: [[Double]]
        public let llc: Double
        public let means: [Double]
    }

    /// Evaluates the expansion at inverse temperature `beta` and localization `gamma ≥ 0`.
    public func evaluate(beta: T, localization gamma: T) throws(DenseLinearSystemError) -> Evaluation {
        let tilt = OrbitTilt(kappa: gamma * radiusSquared)
        // Σ = P (βH + γI + τ n̂n̂ᵀ)⁻¹ P with P = I − n̂n̂ᵀ (n̂ is a null vector of H at the minimum).
        var trace = T(0)
        for a in 0..<n { trace = trace + hessian[a][a] }
        let tau = beta * trace / T(n) + gamma + 1
        let m = (0..<n).map { a in (0..<n).map { b in beta * hessian[a][b] + (a == b ? gamma : T(0)) + tau * rotation[a] * rotation[b] } }
        let inverse = try DenseLinearSystem.inverse(m)
        let projector = (0..<n).map { a in (0..<n).map { b in (a == b ? T(1) : T(0)) - rotation[a] * rotation[b] } }
        let sigma = symmetrize(mul(mul(projector, inverse), projector))

        let v = contract(third, sigma)
        let mu = mulVec(sigma, (0..<n).map { tilt.s * u[$0] - beta * v[$0] / 2 })
        // κ₃ = −β T ×₁Σ ×₂Σ ×₃Σ.
        let kappa3 = transform(third, sigma).map { $0.map { $0.map { -beta * $0 } } }
        // ΔP = (β/2) Q:Σ + β T·μ − (β²/2) T Σ Σ T − s₂ u uᵀ.
        let qs = quarticMatrix(sigma)
        let tss = bubble(sigma)
        var deltaP = [[T]](repeating: [T](repeating: T(0), count: n), count: n)
        for a in 0..<n {
            for b in 0..<n {
                var tmu = T(0)
                for c in 0..<n { tmu = tmu + third[a][b][c] * mu[c] }
                deltaP[a][b] = beta / 2 * qs[a][b] + beta * tmu - beta * beta / 2 * tss[a][b] - tilt.s2 * u[a] * u[b]
            }
        }
        let covariance = symmetrize(sub(sigma, mul(mul(sigma, deltaP), sigma)))

        // λ̂ = (β/2) tr(HC) + (β/2) μᵀHμ + (β/6) T:κ₃ + (β/2) μ·v + (β/8) Q:ΣΣ.
        let laplace = beta / 2 * traceProduct(hessian, sigma)
        var tk = T(0)
        for a in 0..<n { for b in 0..<n { for c in 0..<n { tk = tk + third[a][b][c] * kappa3[a][b][c] } } }
        let llc = beta / 2 * traceProduct(hessian, covariance) + beta / 2 * dot(mu, mulVec(hessian, mu)) + beta / 6 * tk
            + beta / 2 * dot(mu, v) + beta / 8 * quarticContraction(sigma)

        let means = observables.indices.map { k in observableValues[k] + dot(observableGradients[k], mu) + traceProduct(observableHessians[k], sigma) / 2 }

        // Kinks: exclusion within kinkExclusion standard deviations, tail bounds beyond.
        var kinked: [Int] = [], distance: [Int: Double] = [:]
        var directRoot = [Double](repeating: 0, count: Self.inputCount)   // Σ_entries of x E[e²]^{1/2}
        var supportRoot = 0.0, supportAbsolute = 0.0                       // Σ_support h E[e²]^{1/2}, Σ h E|e|
        for e in kinkEntries {
            let s = T.sqrt(dot(e.gradient, mulVec(sigma, e.gradient))).doubleValue
            let k = e.z.magnitude.doubleValue / max(s, .leastNormalMagnitude)
            if k < Self.kinkExclusion {
                if !kinked.contains(e.input) { kinked.append(e.input) }
                distance[e.input] = min(distance[e.input] ?? .infinity, k)
                continue
            }
            let tail = Self.tail(k)
            let square = e.firstOrder ? 4 * s * s * tail.j2 + 4 * s * s * s * tail.j3 + s * s * s * s * tail.j4 : s * s * s * s * tail.j4
            let absolute = e.firstOrder ? 2 * s * tail.j1 + s * s * tail.j2 : s * s * tail.j2
            let root = e.importance * square.squareRoot()
            directRoot[e.input] += root
            if support.contains(e.input) {
                supportRoot += weights[e.input] * root
                supportAbsolute += weights[e.input] * e.importance * absolute
            }
        }
        kinked.sort()
        let b = beta.doubleValue
        let sdPhi = observables.indices.map { k in dot(observableGradients[k], mulVec(sigma, observableGradients[k])).doubleValue.squareRoot() }
        let sdEll = (0..<Self.inputCount).map { x in dot(inputGradients[x], mulVec(sigma, inputGradients[x])).doubleValue.squareRoot() }
        let total = totalWeight.doubleValue
        var allowanceChi: [[Double]] = [], allowanceMP: [[Double]] = []
        for k in observables.indices {
            // Direct: |β Cov(φ, e_x)| ≤ β sd(φ) E[e_x²]^{1/2}; density: the support's tails tilt the posterior,
            // |ΔCov(φ, ℓ_x)| ≤ β E[δ²]^{1/2} (3 Var φ Var ℓ_x)^{1/2} to first order (Gaussian fourth moments).
            let row = (0..<Self.inputCount).map { x in b * sdPhi[k] * directRoot[x] + 3.0.squareRoot() * b * b * sdPhi[k] * sdEll[x] * supportRoot }
            var weighted = 0.0
            for y in 0..<Self.inputCount { weighted += weights[y] * row[y] }
            allowanceChi.append(row)
            allowanceMP.append(row.map { $0 + weighted / total })
        }
        let allowance = KinkAllowance(
            chi: allowanceChi, chiMeanPreserving: allowanceMP, llc: b * supportAbsolute,
            means: sdPhi.map { b * $0 * supportRoot })

        // Covariance pieces.
        let phis = observables.indices.map { Function(g1: observableGradients[$0], g2: observableHessians[$0], g3: observableThird[$0]) }
        let ells = (0..<Self.inputCount).map { Function(g1: inputGradients[$0], g2: inputHessians[$0], g3: inputThird[$0]) }
        let energy = Function(g1: gradient, g2: hessian, g3: third)
        func prepare(_ f: Function) -> Prepared {
            Prepared(f: f, sigmaG1: mulVec(sigma, f.g1), cG1: mulVec(covariance, f.g1), k3G2: contract(kappa3, f.g2),
                     g2Mu: mulVec(f.g2, mu), g3Sigma: contract(f.g3, sigma), sigmaG2Sigma: mul(mul(sigma, f.g2), sigma))
        }
        let p = phis.map(prepare), l = ells.map(prepare), e = prepare(energy)
        func cov(_ a: Prepared, _ b: Prepared) -> T {
            dot(a.f.g1, b.cG1) + dot(a.f.g1, b.k3G2) / 2 + dot(b.f.g1, a.k3G2) / 2 + dot(a.sigmaG1, b.g2Mu) + dot(b.sigmaG1, a.g2Mu)
                + dot(a.sigmaG1, b.g3Sigma) / 2 + dot(b.sigmaG1, a.g3Sigma) / 2 + traceProduct(a.sigmaG2Sigma, b.f.g2) / 2
        }
        var leading: [[T]] = [], correction: [[T]] = [], correctionMP: [[T]] = [], chi: [[T?]] = [], chiMP: [[T?]] = []
        for k in observables.indices {
            // Σ_y h_y ∇ℓ_y = ∇E = 0: the conventions agree at leading order, and the mean-preserving
            // correction adds (β/Σh) Cov(φ, E), whose leading term vanishes.
            let withEnergy = beta / totalWeight * cov(p[k], e)
            let leadingRow = (0..<Self.inputCount).map { x in -beta * dot(p[k].f.g1, l[x].sigmaG1) }
            let correctionRow = (0..<Self.inputCount).map { x in -beta * cov(p[k], l[x]) - leadingRow[x] }
            leading.append(leadingRow)
            correction.append(correctionRow)
            correctionMP.append(correctionRow.map { $0 + withEnergy })
            chi.append((0..<Self.inputCount).map { x in kinked.contains(x) ? nil : leadingRow[x] + correctionRow[x] })
            chiMP.append((0..<Self.inputCount).map { x in kinked.contains(x) ? nil : leadingRow[x] + correctionRow[x] + withEnergy })
        }
        return Evaluation(
            beta: beta, localization: gamma, tilt: tilt, laplaceLLC: laplace, llc: llc, means: means, leadingChi: leading,
            leadingChiMeanPreserving: leading, chiCorrection: correction, chiCorrectionMeanPreserving: correctionMP,
            chi: chi, chiMeanPreserving: chiMP, kinkedInputs: kinked,
            lossIsKinked: kinked.contains { support.contains($0) }, kinkDistance: distance, kinkAllowance: allowance)
    }

    /// A function's derivatives at `w*` (`g₁`, `g₂`, `g₃` on the free coordinates).
    struct Function {
        let g1: [T], g2: [[T]], g3: [[[T]]]
    }

    /// A function's contractions with the moments at one (β, γ), for ``evaluate(beta:localization:)``.
    struct Prepared {
        let f: Function
        let sigmaG1: [T]          // Σ g₁
        let cG1: [T]              // C g₁
        let k3G2: [T]             // κ₃:g₂
        let g2Mu: [T]             // g₂ μ
        let g3Sigma: [T]          // g₃:Σ
        let sigmaG2Sigma: [[T]]   // Σ g₂ Σ
    }

    /// `J_n(k) = E[(T − k)^n; T > k]`, `T ~ N(0, 1)`, n = 1…4, by the closed forms in
    /// `Q = Φ(−k)` and `φ(k)`: `J₁ = φ − kQ`, `J₂ = (1 + k²)Q − kφ`, `J₃ = (2 + k²)φ − k(3 + k²)Q`,
    /// `J₄ = (3 + 6k² + k⁴)Q − k(5 + k²)φ` (cancellation limits them to k ≲ 8, beyond which they are < 10⁻¹⁵ and set to 0).
    static func tail(_ k: Double) -> (j1: Double, j2: Double, j3: Double, j4: Double) {
        guard k < 8 else { return (0, 0, 0, 0) }
        let q = 0.5 * erfc(k / 2.0.squareRoot()), p = exp(-k * k / 2) / (2 * Double.pi).squareRoot()
        let j1 = p - k * q, j2 = (1 + k * k) * q - k * p
        let j3 = (2 + k * k) * p - k * (3 + k * k) * q, j4 = (3 + 6 * k * k + k * k * k * k) * q - k * (5 + k * k) * p
        return (max(j1, 0), max(j2, 0), max(j3, 0), max(j4, 0))
    }
}
