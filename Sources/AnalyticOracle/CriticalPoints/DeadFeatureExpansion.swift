import HighPrecision

/// The expansion of the loss around a dead feature `W_d = 0` at a critical
/// point `w` of the live block ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §4).
///
/// Moving `W_d = ε u` (|u| = 1):
///
/// 1. **First order.** `E(w + εu) = E(w) + ε D(u) + O(ε²)` with
///    `D(u) = g_d · u − 2 I_d Σ_{t ∋ d} h_t ReLU(u · v_t)`, `v_t = Σ_{i∈t, i≠d} W_i`
///    (the target-1 outputs `d` of the inputs that contain `d` and a live
///    feature: a cone). Since `D(u) + D(−u) = −2 I_d Σ h_t |u · v_t| < 0` as soon
///    as one such input has weight, **no point with a dead feature is a critical
///    point** under data that weight such an input (every Bernoulli S < 1).
/// 2. **Second order** (when `D ≡ 0`, e.g. one-hot data): `q(u) = ½ uᵀ H_dd(σ(u)) u`,
///    piecewise quadratic (the pattern `σ(u)` of the vanishing pre-activations
///    follows the direction). `min q < 0`: a saddle.
/// 3. **Fourth order, coupled** (when `q ≡ 0`, the square): with the live block
///    moving as `s² δ` and `W_d = s u`,
///    `E = E(w) + s⁴ [ ½ δᵀ H δ + b(u) · δ + c₄(u) ] + O(s⁵)`
///    (weights 2 for `δ`, 1 for `u`), where `c₄(u)` is the quartic coefficient
///    of `E` along `W_d` alone and `b(u)` the `ε²` coefficient of `∇_live E(w + εu)`.
///    Minimising over `δ` (a convex piecewise quadratic problem) gives
///    `F(u) = c₄(u) + ½ b(u) · δ*(u)`; `min F < 0` is a degenerate saddle,
///    `min F > 0` a quartic minimum.
///
/// All coefficients are exact on a fixed piece (the restriction of `E` to a
/// ray is a polynomial of degree 4), extracted from evaluations at `ε` and
/// `2ε`. Generic over `T: RealNumber & Comparable` (`BigFloat` in the oracle).
public struct DeadFeatureExpansion<T: RealNumber & Comparable>: Sendable {
    public let loss: PiecewiseLoss<T>
    /// The point (dead columns exactly 0).
    public let point: [T]
    public let feature: Int
    public let polygon: PolygonConfiguration
    /// `|z| ≤ zeroTolerance` counts as a vanishing pre-activation.
    public let zeroTolerance: T
    /// The probe step `ε` used to read off patterns and coefficients.
    public let epsilon: T

    /// The vanishing entries `5t + j` and `∇_{W_d} z` of each (computed once).
    let vanishing: [(index: Int, gradient: (T, T))]
    /// The natural indicators at the point with every vanishing entry
    /// (`|z| ≤ zeroTolerance`) inactive: a rounding error must not switch on
    /// a term that the expansion counts separately.
    let baseIndicators: [T]
    /// `∇E` on ``baseIndicators``.
    let baseGradient: [T]

    public init(loss: PiecewiseLoss<T>, point: [T], feature: Int, polygon: PolygonConfiguration, zeroTolerance: T, epsilon: T) {
        self.loss = loss
        self.point = point
        self.feature = feature
        self.polygon = polygon
        self.zeroTolerance = zeroTolerance
        self.epsilon = epsilon
        let z = PiecewiseLoss.preActivations(point)
        var out: [(Int, (T, T))] = []
        for t in loss.support {
            let v = PiecewiseLoss.sumVector(point, t)
            for j in 0..<5 where z[5 * t + j].magnitude <= zeroTolerance {
                let g = PiecewiseLoss.preActivationGradient(point, t: t, j: j, v: v)
                let gx = g.first { $0.0 == 2 * feature }?.1 ?? T(0)
                let gy = g.first { $0.0 == 2 * feature + 1 }?.1 ?? T(0)
                out.append((5 * t + j, (gx, gy)))
            }
        }
        vanishing = out
        baseIndicators = z.map { $0.magnitude <= zeroTolerance ? T(0) : ($0 > T(0) ? T(1) : T(0)) }
        baseGradient = loss.derivatives(at: point, activation: baseIndicators, hessian: false).gradient
    }

    func unit(_ angle: T) -> (T, T) { (T.cos(angle), T.sin(angle)) }

    func moved(_ u: (T, T), by e: T) -> [T] {
        var w = point
        w[2 * feature] = e * u.0
        w[2 * feature + 1] = e * u.1
        return w
    }

    /// The angles where some vanishing pre-activation's `∇_{W_d} z · u` changes sign.
    func breakpoints(firstOrderOnly: Bool) -> [T] {
        vanishing.compactMap { entry -> [T]? in
            if firstOrderOnly && Kink.order(input: entry.index / 5, output: entry.index % 5) != .first { return nil }
            let (gx, gy) = entry.gradient
            guard !isExactlyZero(gx) || !isExactlyZero(gy) else { return nil }
            let a = T.atan2(y: gy, x: gx)
            return [a + T.pi / 2, a - T.pi / 2]
        }.flatMap { $0 }
    }

    // MARK: First order

    /// `D(u)`, the one-sided directional derivative along `W_d = ε u`.
    public func slope(_ angle: T) -> T {
        let u = unit(angle)
        let g = baseGradient
        var d = g[2 * feature] * u.0 + g[2 * feature + 1] * u.1
        for entry in vanishing where Kink.order(input: entry.index / 5, output: entry.index % 5) == .first {
            let t = entry.index / 5, j = entry.index % 5
            let rate = entry.gradient.0 * u.0 + entry.gradient.1 * u.1
            d = d - 2 * loss.weights[t] * loss.importances[j] * T.relu(rate)
        }
        return d
    }

    /// `min_u D(u)` and its angle.
    public func minimumSlope() -> (angle: T, value: T) {
        UnitCircleMinimum.minimize(
            breakpoints: breakpoints(firstOrderOnly: true),
            piece: { angle in
                let u = unit(angle)
                let g = baseGradient
                var c = (g[2 * feature], g[2 * feature + 1])
                for entry in vanishing where Kink.order(input: entry.index / 5, output: entry.index % 5) == .first {
                    let t = entry.index / 5, j = entry.index % 5
                    if entry.gradient.0 * u.0 + entry.gradient.1 * u.1 > T(0) {
                        let k = 2 * loss.weights[t] * loss.importances[j]
                        c = (c.0 - k * entry.gradient.0, c.1 - k * entry.gradient.1)
                    }
                }
                return .linear(c.0, c.1)
            },
            value: slope)
    }

    // MARK: Second order

    /// The dead block of the Hessian on the piece of direction `u`.
    func deadBlock(_ u: (T, T)) -> (T, T, T) {
        let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(moved(u, by: epsilon)))
        let a = 2 * feature
        let h = loss.derivatives(at: point, activation: sigma, hessian: true, block: [a, a + 1]).hessian!
        return (h[a][a], h[a][a + 1], h[a + 1][a + 1])
    }

    /// `q(u) = ½ uᵀ H_dd(σ(u)) u`.
    public func curvature(_ angle: T) -> T {
        let u = unit(angle)
        let (a, b, d) = deadBlock(u)
        return (a * u.0 * u.0 + 2 * b * u.0 * u.1 + d * u.1 * u.1) / 2
    }

    /// `min_u q(u)` (or `max` with `maximum`) and its angle.
    public func extremeCurvature(maximum: Bool = false) -> (angle: T, value: T) {
        let sign = maximum ? T(-1) : T(1)
        let best = UnitCircleMinimum.minimize(
            breakpoints: breakpoints(firstOrderOnly: false),
            piece: { angle in
                let (a, b, d) = deadBlock(unit(angle))
                return .quadratic(a, b, d)
            },
            value: { sign * curvature($0) })
        return (best.angle, sign * best.value)
    }

    // MARK: Fourth order, coupled to the live block

    /// The coupled quartic expansion along direction `angle`.
    public struct Quartic: Sendable {
        /// `c₃(u)`: must vanish for the quartic analysis to apply.
        public let cubic: T
        /// `c₄(u)`, the quartic coefficient of `E` along `W_d` alone.
        public let quartic: T
        /// `max |b₁|`, the first-order coupling (must vanish).
        public let firstOrderCoupling: T
        /// `b(u)` on the live coordinates.
        public let coupling: [T]
        /// The optimal live displacement `δ*(u)` (free coordinates).
        public let displacement: [T]
        /// `F(u) = c₄ + ½ b · δ*`.
        public let value: T
    }

    /// `F(u)` and its ingredients along `angle`.
    public func quartic(_ angle: T) throws(CriticalPointError) -> Quartic { try quartic(angle, pieces: livePieces()) }

    func quartic(_ angle: T, pieces: LivePieces) throws(CriticalPointError) -> Quartic {
        let u = unit(angle)
        let free = polygon.liveCoordinates
        let e0 = loss.loss(point)
        let e = epsilon
        let d1 = loss.loss(moved(u, by: e)) - e0
        let d2 = loss.loss(moved(u, by: 2 * e)) - e0
        // d(ε) = c₃ε³ + c₄ε⁴ exactly on the piece (c₁ = c₂ = 0 here).
        let e3 = e * e * e, e4 = e3 * e
        let c4 = (d2 - 8 * d1) / (8 * e4)
        let c3 = (d1 - c4 * e4) / e3
        func liveGradient(_ step: T) -> [T] {
            let w = moved(u, by: step)
            let sigma = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
            let g = loss.derivatives(at: w, activation: sigma, hessian: false).gradient
            return free.map { g[$0] }
        }
        // G(ε) = ε b₁ + ε² b₂ + ε³ b₃ (the gradient at the point vanishes).
        let g1 = liveGradient(e), g2 = liveGradient(2 * e), g3 = liveGradient(3 * e)
        var b = [T](), b1 = T(0)
        for a in free.indices {
            // Solve the 3×3 Vandermonde system for (b₁, b₂, b₃).
            let y1 = g1[a] / e, y2 = g2[a] / (2 * e), y3 = g3[a] / (3 * e)  // b₁ + kε b₂ + k²ε² b₃
            let d21 = (y2 - y1) / e, d32 = (y3 - y2) / e  // b₂ + 3ε b₃, b₂ + 5ε b₃
            let b3 = (d32 - d21) / (2 * e)
            let b2 = d21 - 3 * e * b3
            b.append(b2)
            b1 = Swift.max(b1, (y1 - e * b2 - e * e * b3).magnitude)
        }
        let displacement = try minimiseLiveQuadratic(b, pieces: pieces)
        let value = c4 + DenseLinearSystem.dot(b, displacement) / 2
        return Quartic(cubic: c3, quartic: c4, firstOrderCoupling: b1, coupling: b, displacement: displacement, value: value)
    }

    /// The live block's quadratic pieces at the point: the natural-piece
    /// Hessian plus the system regulariser, and the rank-one terms
    /// `2 h_e I_e a_e a_eᵀ` of the vanishing target-0 pre-activations
    /// (`a_e = ∇z_e` on the live coordinates), active where `a_e · δ > 0`.
    struct LivePieces {
        let base: [[T]]
        let kinks: [(weight: T, gradient: [T])]
    }

    func livePieces() -> LivePieces {
        let free = polygon.liveCoordinates
        let d = loss.derivatives(at: point, activation: baseIndicators, hessian: true)
        let (system, _) = BranchNewton<T>.regularisedSystem(w: point, free: free, derivatives: d)
        let z = PiecewiseLoss.preActivations(point)
        var kinks: [(T, [T])] = []
        for t in loss.support {
            let v = PiecewiseLoss.sumVector(point, t)
            for j in polygon.liveFeatures where Kink.order(input: t, output: j) == .second && z[5 * t + j].magnitude <= zeroTolerance {
                var g = [T](repeating: T(0), count: 10)
                for (a, x) in PiecewiseLoss.preActivationGradient(point, t: t, j: j, v: v) { g[a] = x }
                let a = free.map { g[$0] }
                if a.allSatisfy({ isExactlyZero($0) }) { continue }
                kinks.append((2 * loss.weights[t] * loss.importances[j], a))
            }
        }
        return LivePieces(base: system, kinks: kinks)
    }

    /// `argmin_δ ½ δᵀ H_σ(δ) δ + b · δ` over the live coordinates, modulo
    /// rotation, where `σ(δ)` follows the signs of the live block's vanishing
    /// pre-activations along `δ` (a convex piecewise quadratic: `½δᵀH₀δ` plus
    /// `h I ReLU(a·δ)²` terms). Single pieces can be singular (e.g. the
    /// square's tangential moves away from each other cost nothing on the
    /// all-inactive piece), so it runs the proximal-point iteration
    /// `δ_{k+1} = argmin Q(δ) + b·δ + (μ/2)|δ − δ_k|²`, each step a strongly
    /// convex piecewise QP solved by semismooth Newton; it converges to the
    /// minimiser, which exists when `Q` is positive modulo rotation.
    func minimiseLiveQuadratic(_ b: [T], pieces: LivePieces) throws(CriticalPointError) -> [T] {
        let n = b.count
        var delta = [T](repeating: T(0), count: n)
        var mu = T(0)
        for a in 0..<n { mu = mu + pieces.base[a][a] }
        mu = mu / T(n) / 16
        let tolerance = zeroTolerance
        for _ in 0..<400 {
            let anchor = delta
            var previous: [Bool]? = nil
            for _ in 0..<40 {
                let active = pieces.kinks.map { DenseLinearSystem.dot($0.gradient, delta) > T(0) }
                if let previous, previous == active { break }
                previous = active
                var system = pieces.base
                for a in 0..<n { system[a][a] = system[a][a] + mu }
                for (kink, on) in zip(pieces.kinks, active) where on {
                    for a in 0..<n { for c in 0..<n { system[a][c] = system[a][c] + kink.weight * kink.gradient[a] * kink.gradient[c] } }
                }
                do {
                    delta = try DenseLinearSystem.solve(system, vector: (0..<n).map { mu * anchor[$0] - b[$0] })
                } catch {
                    throw .notConverged("live quadratic: \(error)")
                }
            }
            var change = T(0)
            for a in 0..<n { change = Swift.max(change, (delta[a] - anchor[a]).magnitude) }
            if change <= tolerance { return delta }
        }
        throw .notConverged("the proximal iteration of the live quadratic did not converge in 400 steps")
    }

    /// `min_u F(u)`: a grid of `gridSize` angles and golden-section refinement
    /// on `search` (a `Double` twin of this expansion, for speed, or `self`),
    /// then `rounds` golden-section steps here on a bracket of ±10⁻⁴ around
    /// the angle found. `F` is stationary at its minimum, so an angle found to
    /// `10⁻⁸` (the `Double` search) gives `F` to `~10⁻¹⁶`; `rounds = 0`
    /// evaluates `F` once, at that angle.
    public func minimumQuartic<S: RealNumber & Comparable>(
        search: DeadFeatureExpansion<S>? = nil, gridSize: Int = 48, rounds: Int = 24
    ) throws(CriticalPointError) -> (angle: T, quartic: Quartic) {
        let start: Double
        if let search {
            start = try search.goldenMinimum(gridSize: gridSize, rounds: 50).doubleValue
        } else {
            start = try goldenMinimum(gridSize: gridSize, rounds: 50).doubleValue
        }
        let pieces = livePieces()
        let centre = T(Int((start * 1e15).rounded())) / T(1_000_000_000_000_000)
        if rounds == 0 { return (centre, try quartic(centre, pieces: pieces)) }
        var lo = centre - T(1) / T(10_000), hi = centre + T(1) / T(10_000)
        let ratio = (T.sqrt(5) - 1) / 2
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = try quartic(x1, pieces: pieces), f2 = try quartic(x2, pieces: pieces)
        for _ in 0..<rounds {
            if f1.value < f2.value {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = try quartic(x1, pieces: pieces)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = try quartic(x2, pieces: pieces)
            }
        }
        return f1.value < f2.value ? (x1, f1) : (x2, f2)
    }

    /// The angle of `min F` on a grid refined by golden-section search.
    func goldenMinimum(gridSize: Int, rounds: Int) throws(CriticalPointError) -> T {
        let pieces = livePieces()
        var best: (T, T)? = nil
        for n in 0..<gridSize {
            let angle = 2 * T.pi * T.ratio(2 * n + 1, 2 * gridSize)
            let value = try quartic(angle, pieces: pieces).value
            if best == nil || value < best!.1 { best = (angle, value) }
        }
        let h = 2 * T.pi / T(gridSize)
        var lo = best!.0 - h, hi = best!.0 + h
        let ratio = (T.sqrt(5) - 1) / 2
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = try quartic(x1, pieces: pieces).value, f2 = try quartic(x2, pieces: pieces).value
        for _ in 0..<rounds {
            if f1 < f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = try quartic(x1, pieces: pieces).value
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = try quartic(x2, pieces: pieces).value
            }
        }
        return f1 < f2 ? x1 : x2
    }
}
