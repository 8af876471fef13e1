import Foundation
import HighPrecision

/// What an estimator sees at finite β near a first-order kink: the local
/// model of the loss around the kink point `w_r` (e.g. the regular pentagon
/// under Bernoulli data, where every pre-activation of `11111` vanishes) and
/// its exact two-dimensional posterior integral
/// ([LearningCoefficients.md](../../../Derivations/LearningCoefficients.md) §3).
///
/// With `δ = w − w_r` and the vanishing target-1 pre-activations `z_e = a_e·δ`,
///
/// ```
/// E(w_r + δ) ≈ E(w_r) + ½ δᵀHδ + Σ_e h_e I_e [−2 ReLU(a_e·δ) + ReLU(a_e·δ)²],
/// ```
///
/// `H` the Hessian of the branch with the kink inactive. When the `a_e` span a
/// plane (orthonormal basis `B`, `c_e = B a_e`), the cone depends on `δ` only
/// through `y = Bδ`, whose Gaussian marginal has precision `K = (B H⁺ Bᵀ)⁻¹`
/// (modulo rotation). The exact marginal is `∝ exp(−β g(y))` with
///
/// ```
/// g(y) = ½ yᵀKy + Σ_e h_e I_e [−2 ReLU(c_e·y) + ReLU(c_e·y)²]
///      = ½ A(φ) ρ² − B(φ) ρ          (y = ρ (cos φ, sin φ)),
/// ```
///
/// and the other `d − 2` directions stay Gaussian. So, relative to the
/// minimum `g_min = min_φ −B²/(2A)`,
///
/// ```
/// λ̂(β) = β (E[E] − E(w*)) = (d − 2)/2 + β (E_g[g] − g_min),
/// ```
///
/// where the radial integrals are closed forms (error functions) and the
/// angular one is Gauss–Legendre on each arc between the cone's kinks. Limits:
/// `(d−2)/2 + 1 − C √β` for `β ≪ β_×` (Gaussian, the cone a perturbation,
/// `C = Σ_e h_e I_e σ_e/√(2π)`, `σ_e² = c_eᵀK⁻¹c_e`) and `d/2` as `β → ∞`
/// (the displaced minima are nondegenerate). `Double` only (it needs `erfc`).
public struct KinkConeModel: Sendable {
    /// `K`, the precision of the kink plane's Gaussian marginal (2×2).
    public let precisionMatrix: [[Double]]
    /// `c_e` and `h_e I_e` of each vanishing kink.
    public let kinkVectors: [(Double, Double)]
    public let kinkWeights: [Double]
    /// The number of nonzero live eigenvalues at the kink point.
    public let quadraticDirections: Int
    /// `g_min`, the model's `E(w*) − E(w_r)` (< 0).
    public let minimumValue: Double
    /// The angle φ* and radius ρ* = |y*| of the model's minimum.
    public let minimumAngle: Double
    public let displacement: Double
    /// The exact `E(w*) − E(w_r)` of the refined MPFR points, for comparison.
    public let exactDrop: Double

    init(analysis points: [CriticalPoint], context: AnalysisContext) throws {
        guard let kinkPoint = points.first(where: { if case .descent(let d) = $0.verdict { return d.order == 1 && d.location == "live block" }; return false }),
              let minimum = points.first(where: { $0.verdict.isMinimum }) else {
            throw CriticalPointError.invalidSetting("no kink point next to a minimum")
        }
        let free = context.polygon.liveCoordinates
        let w = kinkPoint.coordinates
        let vanishing = kinkPoint.kinks.filter { $0.order == .first && abs($0.value) <= context.zeroTolerance.doubleValue }
        let gradients: [[Double]] = vanishing.map { k in
            let g = PiecewiseLoss.preActivationGradient(w, t: k.input, j: k.output, v: PiecewiseLoss.sumVector(w, k.input))
            var full = [Double](repeating: 0, count: 10)
            for (a, x) in g { full[a] = x.doubleValue }
            return free.map { full[$0] }
        }
        // Orthonormal basis of span{a_e} (Gram–Schmidt).
        var basis: [[Double]] = []
        for a in gradients {
            var r = a
            for b in basis {
                var p = 0.0
                for i in r.indices { p += r[i] * b[i] }
                for i in r.indices { r[i] -= p * b[i] }
            }
            var norm2 = 0.0, scale2 = 0.0
            for i in r.indices { norm2 += r[i] * r[i]; scale2 += a[i] * a[i] }
            let norm = norm2.squareRoot()
            if norm > 1e-8 * max(1, scale2.squareRoot()) { basis.append(r.map { $0 / norm }) }
        }
        guard basis.count == 2 else {
            throw CriticalPointError.invalidSetting("the kink gradients span \(basis.count) dimensions; the cone model needs 2")
        }
        // H⁺ from the live spectrum (modulo the zero eigenvalues).
        let zero = context.zeroTolerance.doubleValue
        let values = kinkPoint.spectrum.eigenvalues.map(\.doubleValue)
        let vectors = kinkPoint.spectrum.eigenvectors.map { $0.map(\.doubleValue) }
        let n = free.count
        var pinv = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for (l, v) in zip(values, vectors) where l > zero {
            for i in 0..<n { for j in 0..<n { pinv[i][j] += v[i] * v[j] / l } }
        }
        var cov = [[0.0, 0.0], [0.0, 0.0]]
        for p in 0..<2 {
            for q in 0..<2 {
                var s = 0.0
                for i in 0..<n { for j in 0..<n { s += basis[p][i] * pinv[i][j] * basis[q][j] } }
                cov[p][q] = s
            }
        }
        let det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0]
        let k00: Double = cov[1][1] / det, k01: Double = -cov[0][1] / det, k11: Double = cov[0][0] / det
        precisionMatrix = [[k00, k01], [k01, k11]]
        func project(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for i in a.indices { s += a[i] * b[i] }
            return s
        }
        kinkVectors = gradients.map { a in (project(a, basis[0]), project(a, basis[1])) }
        kinkWeights = vanishing.map { context.loss.weights[$0.input].doubleValue * context.loss.importances[$0.output].doubleValue }
        quadraticDirections = values.filter { $0 > zero }.count
        exactDrop = (minimum.totalLoss - kinkPoint.totalLoss).doubleValue
        let best = Self.minimum(precisionMatrix, kinkVectors, kinkWeights)
        minimumValue = best.value
        minimumAngle = best.angle
        displacement = best.radius
    }

    /// `min_φ −B²/(2A)` by golden-section search on each arc, with its angle and `ρ* = B/A`.
    static func minimum(_ k: [[Double]], _ c: [(Double, Double)], _ weights: [Double]) -> (angle: Double, value: Double, radius: Double) {
        var best = (angle: 0.0, value: 0.0, radius: 0.0)
        func f(_ phi: Double) -> Double {
            let (a, b) = coefficients(phi, k, c, weights)
            return -b * b / (2 * a)
        }
        let golden = (5.0.squareRoot() - 1) / 2
        for (start, end) in arcs(c) {
            var lo = start, hi = end
            for _ in 0..<100 {
                let x1 = hi - golden * (hi - lo), x2 = lo + golden * (hi - lo)
                if f(x1) < f(x2) { hi = x2 } else { lo = x1 }
            }
            let phi = (lo + hi) / 2
            if f(phi) < best.value {
                let (a, b) = coefficients(phi, k, c, weights)
                best = (phi, f(phi), b / a)
            }
        }
        return best
    }

    /// `A(φ) = ûᵀKû + 2 Σ h_e I_e ReLU(c_e·û)²` and `B(φ) = 2 Σ h_e I_e ReLU(c_e·û)`.
    static func coefficients(_ phi: Double, _ k: [[Double]], _ c: [(Double, Double)], _ weights: [Double]) -> (Double, Double) {
        let u = (cos(phi), sin(phi))
        var a = k[0][0] * u.0 * u.0 + 2 * k[0][1] * u.0 * u.1 + k[1][1] * u.1 * u.1
        var b = 0.0
        for (ce, we) in zip(c, weights) {
            let r = max(ce.0 * u.0 + ce.1 * u.1, 0)
            a += 2 * we * r * r
            b += 2 * we * r
        }
        return (a, b)
    }

    /// The arcs of `[0, 2π)` between the angles where some `c_e · û` changes sign.
    static func arcs(_ c: [(Double, Double)]) -> [(Double, Double)] {
        var cuts: [Double] = []
        for ce in c {
            let a = atan2(ce.1, ce.0)
            for shift in [Double.pi / 2, -Double.pi / 2] {
                var x = a + shift
                while x < 0 { x += 2 * .pi }
                while x >= 2 * .pi { x -= 2 * .pi }
                cuts.append(x)
            }
        }
        cuts.sort()
        var unique: [Double] = []
        for x in cuts where unique.last.map({ x - $0 > 1e-12 }) ?? true { unique.append(x) }
        if unique.isEmpty { return [(0, 2 * .pi)] }
        return unique.indices.map { i in (unique[i], i + 1 < unique.count ? unique[i + 1] : unique[0] + 2 * .pi) }
    }

    /// `β (E_g[g] − g_min)`: the kink plane's contribution to λ̂ (1 for small
    /// β; dips while the posterior resolves the displaced ring; back to 1 as β → ∞).
    public func planeContribution(beta: Double) -> Double {
        precondition(beta > 0 && beta.isFinite)
        let arcs = Self.arcs(kinkVectors)
        // Sub-intervals per arc grow with the sharpness of the angular profile.
        let sharpness = max(1.0, (beta * abs(minimumValue)).squareRoot())
        let pieces = min(4000, Int(4 * sharpness))
        let rule = Self.rule
        var terms: [(logWeight: Double, ratio: Double)] = []
        for (start, end) in arcs {
            let width = (end - start) / Double(pieces)
            for p in 0..<pieces {
                let lo = start + Double(p) * width
                for (x, wt) in zip(rule.nodes, rule.weights) {
                    let phi = lo + (x + 1) / 2 * width
                    let (a, b) = Self.coefficients(phi, precisionMatrix, kinkVectors, kinkWeights)
                    let (logM1, energy) = Self.radialMoments(a: beta * a / 2, b: beta * b, coefficientA: a, coefficientB: b)
                    terms.append((log(wt * width / 2) + logM1, energy))
                }
            }
        }
        let top = terms.map(\.logWeight).max()!
        var numerator = 0.0, denominator = 0.0
        for t in terms {
            let weight = exp(t.logWeight - top)
            denominator += weight
            numerator += weight * t.ratio
        }
        return beta * (numerator / denominator - minimumValue)
    }

    /// `log M₁` and `E[g | φ] = ((A/2) M₃ − B M₂)/M₁` for the radial density
    /// `ρ e^{−aρ² + bρ}`, `a = βA/2`, `b = βB`, via `M_{n+1} = (n M_{n−1} + b M_n)/(2a)`
    /// scaled by `e^{−y²}`, `y = b/(2√a)`, `M₀ = ½√(π/a) e^{y²} erfc(−y)`.
    static func radialMoments(a: Double, b: Double, coefficientA: Double, coefficientB: Double) -> (Double, Double) {
        let y = b / (2 * a.squareRoot())
        let ey = exp(-y * y)
        let m0 = 0.5 * (Double.pi / a).squareRoot() * erfc(-y)
        let m1 = (ey + b * m0) / (2 * a)
        let m2 = (m0 + b * m1) / (2 * a)
        let m3 = (2 * m1 + b * m2) / (2 * a)
        return (y * y + log(m1), (coefficientA / 2 * m3 - coefficientB * m2) / m1)
    }

    static let rule = GaussLegendre<Double>(count: 24, newtonSteps: 8)

    /// λ̂(β) relative to the minimum: `(d − 2)/2 + planeContribution(β)`.
    public func llc(beta: Double) -> Double { Double(quadraticDirections - 2) / 2 + planeContribution(beta: beta) }

    /// λ̂(β) relative to the kink point `w_r` (e.g. an estimator centred on the
    /// regular pentagon): `llc(β) + β g_min`.
    public func llcRelativeToKinkPoint(beta: Double) -> Double { llc(beta: beta) + beta * minimumValue }

    /// `C` of the small-β expansion `λ̂ ≈ d/2 − C √β`: `Σ_e h_e I_e σ_e/√(2π)`, `σ_e² = c_eᵀ K⁻¹ c_e`.
    public var smallBetaCoefficient: Double {
        let k = precisionMatrix
        let det = k[0][0] * k[1][1] - k[0][1] * k[1][0]
        let inv = [[k[1][1] / det, -k[0][1] / det], [-k[1][0] / det, k[0][0] / det]]
        var c = 0.0
        for (ce, we) in zip(kinkVectors, kinkWeights) {
            let s2 = ce.0 * ce.0 * inv[0][0] + 2 * ce.0 * ce.1 * inv[0][1] + ce.1 * ce.1 * inv[1][1]
            c += we * s2.squareRoot() / (2 * Double.pi).squareRoot()
        }
        return c
    }

    /// The β at which the posterior's width in the kink plane equals the
    /// displacement of the minimum: `1/(A(φ*) ρ*²)`.
    public var widthCrossover: Double {
        let (a, _) = Self.coefficients(minimumAngle, precisionMatrix, kinkVectors, kinkWeights)
        return 1 / (a * displacement * displacement)
    }

    /// The β at which the depth of the displaced minimum is worth one unit of
    /// `β E`: `1/|g_min|`.
    public var depthCrossover: Double { 1 / abs(minimumValue) }
}
