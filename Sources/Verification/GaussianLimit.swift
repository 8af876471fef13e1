import TMSEngine

/// The exact posterior of a quadratic potential (`QuadraticPotential`), the
/// Gaussian limit in which χ is the influence function
/// ([GaussianLimit.md](../../Derivations/GaussianLimit.md)).
///
/// With `ℓ_x(w) = ½ (w − a_x)ᵀ A_x (w − a_x)`, weights `h` and inverse temperature
/// `β` on the total loss, the posterior `∝ exp(−β Σ_x h_x ℓ_x)` is `N(m, Σ)` with
///
/// ```
/// P = β Σ_x h_x A_x,   Σ = P⁻¹,   m = Σ · β Σ_x h_x A_x a_x,
/// χ_{cᵀw, x} = ∂(cᵀm)/∂h_x = −β Cov(cᵀw, ℓ_x) = −β cᵀ Σ A_x (m − a_x),
/// β (E[E] − E(m)) = ½ tr(Σ P) = D/2.
/// ```
public struct GaussianLimit: Sendable {
    /// A precision matrix `β Σ_x h_x A_x` that is not positive definite (the posterior is improper).
    public struct NotPositiveDefinite: Error, CustomStringConvertible {
        public let pivot: Int
        public let value: Double
        public var description: String {
            "the precision β Σ h_x A_x is not positive definite (Cholesky pivot \(pivot) = \(value)): the posterior is improper"
        }
    }

    public let potential: QuadraticPotential
    public let beta: Double
    /// `P = β Σ_x h_x A_x`, row-major.
    public let precision: [[Double]]
    /// `Σ = P⁻¹`.
    public let covariance: [[Double]]
    /// `m`.
    public let mean: [Double]

    public init(potential: QuadraticPotential, beta: Double) throws(NotPositiveDefinite) {
        let d = potential.dimension
        var p = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var b = [Double](repeating: 0, count: d)
        for x in 0..<potential.sampleCount {
            let h = potential.weights[x]
            for i in 0..<d {
                for j in 0..<d {
                    let a = potential.matrices[(x * d + i) * d + j]
                    p[i][j] += beta * h * a
                    b[i] += beta * h * a * potential.centers[x * d + j]
                }
            }
        }
        let cholesky = try Cholesky(p)
        self.potential = potential
        self.beta = beta
        self.precision = p
        self.mean = cholesky.solve(b)
        self.covariance = (0..<d).map { j in cholesky.solve((0..<d).map { $0 == j ? 1 : 0 }) }
    }

    /// `A_x v`.
    func apply(_ x: Int, _ v: [Double]) -> [Double] {
        let d = potential.dimension
        return (0..<d).map { i in (0..<d).reduce(0) { $0 + potential.matrices[(x * d + i) * d + $1] * v[$1] } }
    }

    /// `χ_{cᵀw, x} = −β cᵀ Σ A_x (m − a_x)` (Jacobian convention, Conventions §6).
    public func chi(linear c: [Double], sample x: Int) -> Double {
        let d = potential.dimension
        let offset = (0..<d).map { mean[$0] - potential.centers[x * d + $0] }
        let pulled = apply(x, offset)
        var result = 0.0
        for i in 0..<d { for j in 0..<d { result += c[i] * covariance[i][j] * pulled[j] } }
        return -beta * result
    }

    /// `Cov(cᵀw, ℓ_x) = cᵀ Σ A_x (m − a_x)` (Stein's lemma: the third central moment vanishes).
    public func covariance(linear c: [Double], sample x: Int) -> Double { -chi(linear: c, sample: x) / beta }

    /// The LLC at `w* = m`, `β (E[E] − E(m)) = ½ tr(Σ P) = D/2`, evaluated as the trace.
    public var llc: Double {
        let d = potential.dimension
        var trace = 0.0
        for i in 0..<d { for j in 0..<d { trace += covariance[i][j] * precision[j][i] } }
        return trace / 2
    }
}

/// The Cholesky factor `P = L Lᵀ` of a symmetric positive definite matrix.
struct Cholesky {
    let lower: [[Double]]

    init(_ p: [[Double]]) throws(GaussianLimit.NotPositiveDefinite) {
        let d = p.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for j in 0..<d {
            var s = p[j][j]
            for k in 0..<j { s -= l[j][k] * l[j][k] }
            guard s > 0, s.isFinite else { throw GaussianLimit.NotPositiveDefinite(pivot: j, value: s) }
            l[j][j] = s.squareRoot()
            for i in (j + 1)..<max(j + 1, d) {
                var t = p[i][j]
                for k in 0..<j { t -= l[i][k] * l[j][k] }
                l[i][j] = t / l[j][j]
            }
        }
        lower = l
    }

    /// `P⁻¹ b` by forward and back substitution.
    func solve(_ b: [Double]) -> [Double] {
        let d = b.count
        var y = b
        for i in 0..<d {
            for k in 0..<i { y[i] -= lower[i][k] * y[k] }
            y[i] /= lower[i][i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            for k in (i + 1)..<d { y[i] -= lower[k][i] * y[k] }
            y[i] /= lower[i][i]
        }
        return y
    }
}
