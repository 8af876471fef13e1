import HighPrecision

/// The total loss `E(W_4; h) = Σ_x h_x ℓ_x` of the frozen square in `Double`,
/// used only to *plan* the quadrature: where the posterior `∝ exp(−βE)` lives
/// (its sublevel sets), how peaked it is, and its global minimum `E_min`, which
/// scales the integrands. Nothing computed here enters a result except through
/// the choice of integration intervals and orders, and a wrong choice shows up
/// as a disagreement of the two routes.
/// Derivation: [FrozenSquareAnyData.md §4](../../../Derivations/FrozenSquareAnyData.md).
///
/// `energy(x:y:)` is the model `x̂ = ReLU(Wᵀ W x)` evaluated without
/// allocation (pre-activations built type by type, `z_t = z_{t − 2^b} + G e_b`
/// with `b` the highest feature of `t`).
struct LandscapeProbe: Sendable {
    /// `W_0 … W_3`, as `(x, y)`.
    let vertices: [(Double, Double)]
    /// `h_x` by type index.
    let weights: [Double]
    /// `I_0 … I_4`.
    let importances: [Double]
    /// `W_j · W_i`, `i, j < 4`, row-major.
    private let frozenGram: [Double]

    init(vertices: [(Double, Double)], weights: [Double], importances: [Double]) {
        precondition(vertices.count == 4 && weights.count == 32 && importances.count == 5)
        self.vertices = vertices
        self.weights = weights
        self.importances = importances
        frozenGram = (0..<16).map { k in
            let (a, b) = (vertices[k / 4], vertices[k % 4])
            return a.0 * b.0 + a.1 * b.1
        }
    }

    /// `E(w; h)` at `w = (x, y)`, with the 32 losses written to `losses` (type order).
    func energy(x: Double, y: Double, losses: UnsafeMutablePointer<Double>) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 32 * 5 + 5) { buffer in
            let z = buffer.baseAddress!
            let g = z + 160  // g[j] = W_j · w (j < 4), g[4] = |w|²
            for j in 0..<4 { g[j] = vertices[j].0 * x + vertices[j].1 * y }
            g[4] = x * x + y * y
            for j in 0..<5 { z[j] = 0 }
            losses[0] = 0
            var total = 0.0
            for t in 1..<32 {
                let top = Int.bitWidth - 1 - t.leadingZeroBitCount
                let previous = t ^ (1 << top)
                var loss = 0.0
                for j in 0..<5 {
                    let gram: Double
                    if j < 4 && top < 4 { gram = frozenGram[4 * j + top] }
                    else if j == 4 && top == 4 { gram = g[4] }
                    else { gram = g[j < 4 ? j : top] }
                    let value = z[5 * previous + j] + gram
                    z[5 * t + j] = value
                    let error = (t >> j & 1 == 1 ? 1.0 : 0.0) - max(value, 0)
                    loss += importances[j] * error * error
                }
                losses[t] = loss
                total += weights[t] * loss
            }
            return total
        }
    }

    /// `E(w; h)` at `w = (x, y)`.
    func energy(x: Double, y: Double) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 32) { energy(x: x, y: y, losses: $0.baseAddress!) }
    }

    /// `E` at `w = r (cos θ, sin θ)`.
    func energy(r: Double, theta: Double) -> Double { energy(x: r * Double.cos(theta), y: r * Double.sin(theta)) }

    // MARK: - One-dimensional minima

    /// The minimum of `f` on `[a, b]` from `samples + 1` equispaced samples,
    /// refined by golden-section search around the best one.
    static func minimum(on a: Double, _ b: Double, samples: Int, _ f: (Double) -> Double) -> Double {
        let step = (b - a) / Double(samples)
        var best = 0, bestValue = Double.infinity
        for k in 0...samples {
            let v = f(a + Double(k) * step)
            if v < bestValue { best = k; bestValue = v }
        }
        let lo = a + Double(max(best - 1, 0)) * step, hi = a + Double(min(best + 1, samples)) * step
        return min(bestValue, goldenSection(lo, hi, f).value)
    }

    /// Golden-section search for a minimum of `f` on `[a, b]` (40 steps).
    static func goldenSection(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> (at: Double, value: Double) {
        let ratio = 0.6180339887498949
        var (lo, hi) = (a, b)
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = f(x1), f2 = f(x2)
        for _ in 0..<40 {
            if f1 <= f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = f(x1)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = f(x2)
            }
        }
        return f1 <= f2 ? (x1, f1) : (x2, f2)
    }

    /// `min_{0 ≤ r ≤ R} E(r u)` along the ray of direction θ.
    func rayMinimum(theta: Double, radius: Double) -> Double {
        let (c, s) = (Double.cos(theta), Double.sin(theta))
        return LandscapeProbe.minimum(on: 0, radius, samples: 96) { energy(x: $0 * c, y: $0 * s) }
    }

    /// `min_θ E(r u(θ))` on the circle of radius `r`.
    func circleMinimum(radius r: Double) -> Double {
        LandscapeProbe.minimum(on: 0, 2 * Double.pi, samples: 192) { energy(r: r, theta: $0) }
    }

    // MARK: - The global minimum and the truncation radius

    /// The global minimum of `E` and a point where it is attained: a polar grid
    /// search inside the disc where `E` can be below `E(0)`, then Nelder–Mead
    /// from the best grid points.
    func globalMinimum() throws(FrozenSquareOracleError) -> (energy: Double, x: Double, y: Double) {
        let e0 = energy(x: 0, y: 0)
        var reach = 1.0
        var doublings = 0
        while circleMinimum(radius: reach) <= e0 + 1 {
            reach *= 2
            doublings += 1
            guard doublings < 40 else { throw FrozenSquareOracleError.improperPosterior("E(W_4) does not grow: no input type with feature 4 confines W_4") }
        }
        var candidates: [(Double, Double, Double)] = [(e0, 0, 0)]
        let radial = 64, angular = 256
        for i in 1...radial {
            let r = reach * Double(i) / Double(radial)
            for k in 0..<angular {
                let t = 2 * Double.pi * Double(k) / Double(angular)
                let (x, y) = (r * Double.cos(t), r * Double.sin(t))
                candidates.append((energy(x: x, y: y), x, y))
            }
        }
        candidates.sort { $0.0 < $1.0 }
        var best = candidates[0]
        let spacing = reach / Double(radial)
        for start in candidates.prefix(12) {
            let found = nelderMead(x: start.1, y: start.2, size: spacing)
            if found.0 < best.0 { best = found }
        }
        return (best.0, best.1, best.2)
    }

    /// Nelder–Mead on `E` from `(x, y)` with an initial simplex of size `size` (600 steps).
    private func nelderMead(x: Double, y: Double, size: Double) -> (Double, Double, Double) {
        var simplex = [(x, y), (x + size, y), (x, y + size)].map { p in (energy(x: p.0, y: p.1), p.0, p.1) }
        for _ in 0..<600 {
            simplex.sort { $0.0 < $1.0 }
            let (best, middle, worst) = (simplex[0], simplex[1], simplex[2])
            let cx = (best.1 + middle.1) / 2, cy = (best.2 + middle.2) / 2
            func point(_ t: Double) -> (Double, Double, Double) {
                let px = cx + t * (worst.1 - cx), py = cy + t * (worst.2 - cy)
                return (energy(x: px, y: py), px, py)
            }
            let reflected = point(-1)
            if reflected.0 < best.0 {
                let expanded = point(-2)
                simplex[2] = expanded.0 < reflected.0 ? expanded : reflected
            } else if reflected.0 < middle.0 {
                simplex[2] = reflected
            } else {
                let contracted = point(0.5)
                if contracted.0 < worst.0 {
                    simplex[2] = contracted
                } else {
                    simplex[1] = (energy(x: (best.1 + middle.1) / 2, y: (best.2 + middle.2) / 2), (best.1 + middle.1) / 2, (best.2 + middle.2) / 2)
                    simplex[2] = (energy(x: (best.1 + worst.1) / 2, y: (best.2 + worst.2) / 2), (best.1 + worst.1) / 2, (best.2 + worst.2) / 2)
                }
            }
        }
        return simplex.min { $0.0 < $1.0 }!
    }

    /// The radius `R` beyond which `E > level` on every circle: the largest
    /// sampled radius (uniform and geometric grids) whose circle minimum is
    /// `≤ level`, refined by bisection and widened by 1 %.
    func truncationRadius(level: Double) throws(FrozenSquareOracleError) -> Double {
        var outer = 1.0
        var doublings = 0
        while circleMinimum(radius: outer) <= level {
            outer *= 2
            doublings += 1
            guard doublings < 60 else { throw FrozenSquareOracleError.improperPosterior("E(W_4) stays below the truncation level: W_4 is not confined") }
        }
        var grid = (1...256).map { outer * Double($0) / 256 }
        grid += (1...240).map { outer * Double.pow(2, -Double($0) / 8) }
        grid.sort()
        guard let inside = grid.lastIndex(where: { circleMinimum(radius: $0) <= level }) else {
            return grid[0]
        }
        var (lo, hi) = (grid[inside], inside + 1 < grid.count ? grid[inside + 1] : outer)
        for _ in 0..<40 {
            let mid = (lo + hi) / 2
            if circleMinimum(radius: mid) <= level { lo = mid } else { hi = mid }
        }
        return hi * 1.01
    }
}
