import HighPrecision

/// Newton's method for `∇E_σ(w) = 0` on one branch of the piecewise loss,
/// over the free (live) coordinates, modulo rotation
/// ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §3).
///
/// Each step solves `(H + s n̂n̂ᵀ) Δ = −g` with `g`, `H` the branch gradient and
/// Hessian on the free coordinates, `n̂` the unit rotation generator `Jw/|Jw|`
/// and `s` the mean diagonal of `H`. Since `E` is rotation invariant,
/// `g ⊥ n̂` and, at a critical point, `H n̂ = 0`; there the step is exactly
/// `−H⁺ g`, so the iteration converges quadratically to the critical point
/// while the rotation angle stays where it started. Entries of the pattern
/// that are not forced follow the sign of `z` at every iterate (a semismooth
/// Newton step across the C¹ kinks of `ReLU(z)²`).
public struct BranchNewton<T: RealNumber & Comparable>: Sendable {
    public let loss: PiecewiseLoss<T>
    /// The free coordinates (the others stay as given).
    public let free: [Int]
    public let pattern: ActivationPattern
    /// Stop when `max |Δ| ≤ tolerance`.
    public let tolerance: T
    /// The largest number of iterations (the loop is bounded).
    public let maximumIterations: Int

    public init(loss: PiecewiseLoss<T>, free: [Int], pattern: ActivationPattern, tolerance: T, maximumIterations: Int = 60) {
        self.loss = loss
        self.free = free
        self.pattern = pattern
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }

    /// The branch critical point reached from `start`, and the iterations taken.
    ///
    /// - Throws: ``CriticalPointError/notConverged(_:)`` if the iterate leaves
    ///   `max |w_i| ≤ 10`, turns non-finite, the system is singular, or the
    ///   loop does not converge within ``maximumIterations``.
    public func solve(from start: [T]) throws(CriticalPointError) -> (point: [T], iterations: Int) {
        var w = start
        for iteration in 1...maximumIterations {
            let step = try newtonStep(at: w)
            for (a, i) in free.enumerated() { w[i] = w[i] + step[a] }
            let size = step.reduce(T(0)) { Swift.max($0, $1.magnitude) }
            guard w.allSatisfy({ $0.doubleValue.isFinite && $0.magnitude <= T(10) }) else {
                throw .notConverged("the iterate left the box |w_i| ≤ 10 at iteration \(iteration)")
            }
            if size <= tolerance { return (w, iteration) }
        }
        throw .notConverged("no convergence in \(maximumIterations) iterations")
    }

    /// The Newton step `Δ = −(H + s n̂n̂ᵀ)⁻¹ g` on the free coordinates at `w`
    /// (zero when the gradient is exactly zero, or below ``tolerance`` while
    /// the system is singular — a flat critical manifold).
    public func newtonStep(at w: [T]) throws(CriticalPointError) -> [T] {
        let sigma = pattern.indicators(PiecewiseLoss.preActivations(w))
        let d = loss.derivatives(at: w, activation: sigma, hessian: true)
        let (system, g) = Self.regularisedSystem(w: w, free: free, derivatives: d)
        let size = g.reduce(T(0)) { Swift.max($0, $1.magnitude) }
        if size == T(0) { return g }
        do {
            return try DenseLinearSystem.solve(system, vector: g.map { -$0 })
        } catch {
            if size <= tolerance { return g.map { _ in T(0) } }
            throw .notConverged("singular Newton system: \(error)")
        }
    }

    /// `H + s n̂n̂ᵀ` and `g` on the free coordinates.
    static func regularisedSystem(w: [T], free: [Int], derivatives d: PiecewiseLoss<T>.Derivatives) -> ([[T]], [T]) {
        let hessian = d.hessian!
        let generator = PiecewiseLoss<T>.rotationGenerator(w)
        let n = free.map { generator[$0] }
        let norm2 = n.reduce(T(0)) { $0 + $1 * $1 }
        var trace = T(0)
        for i in free { trace = trace + hessian[i][i] }
        let scale = trace / T(free.count) / norm2
        let system = free.enumerated().map { a, i in
            free.enumerated().map { b, j in hessian[i][j] + scale * n[a] * n[b] }
        }
        return (system, free.map { d.gradient[$0] })
    }
}
