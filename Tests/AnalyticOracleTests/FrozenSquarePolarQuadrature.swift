import Foundation
@testable import AnalyticOracle

/// An independent `Double` route to the frozen-square posterior
/// `p(w) ∝ exp(−β E(w; h))`, `w = W_4`, written without the oracle's code
/// (no ``KinkCurve``, ``KinkArrangement``, ``OrderPlanner``, ``LandscapeProbe``
/// or MPFR kernel), for the tests of ``FrozenSquareOracle``:
///
/// - the model is `x̂ = ReLU(Wᵀ W x)` written out here in a few lines, with the
///   Bernoulli weights `h_x = 32 (1 − S)^{|x|} S^{5 − |x|}` computed here too;
/// - the inner integral runs along the ray `w = r u(θ)`: every pre-activation is
///   at most quadratic in r (`z_j = W_j·v_x + x_4 r W_j·u` for `j < 4`,
///   `z_4 = r v_x·u + x_4 r²`), so the ray is cut at their positive roots and
///   each cell is integrated by composite 16-point Gauss–Legendre on panels of
///   length ≤ `panel`;
/// - the outer integral over θ is adaptive Gauss–Kronrod (7/15) on the whole
///   vector of sums, bisecting until the Kronrod–Gauss difference of the
///   normalizer-relative sums is below `tolerance`: it finds the critical
///   angles (where two roots cross, or a root reaches 0) by itself, without
///   being told where they are.
///
/// Its accuracy is measured, not assumed: ``withAccuracy()`` runs it twice
/// (panel and tolerance refined) and returns the largest change of any χ.
struct FrozenSquarePolarQuadrature {
    let beta: Double
    let weights: [Double]
    let rows: [Observable]
    let inputs: [Int]
    var panel = 0.05
    var tolerance = 1e-11

    /// `h_x` for `data` (one-hot or `bernoulli:S`), computed independently of `TrainingData`.
    static func weights(oneHot: Bool, sparsity: Double = 0) -> [Double] {
        (0..<32).map { t in
            let k = t.nonzeroBitCount
            if oneHot { return k == 1 ? 1 : 0 }
            return 32 * Double.pow(1 - sparsity, Double(k)) * Double.pow(sparsity, Double(5 - k))
        }
    }

    static let square: [(Double, Double)] = [(1, 0), (0, 1), (-1, 0), (0, -1)]

    /// `ℓ_t(w)` for type index `t`: `Σ_j (x_j − ReLU(Σ_{i∈t} W_j·W_i))²`.
    static func loss(_ t: Int, x: Double, y: Double) -> Double {
        let columns = square + [(x, y)]
        var v = (0.0, 0.0)
        for i in 0..<5 where t & (1 << i) != 0 { v.0 += columns[i].0; v.1 += columns[i].1 }
        var sum = 0.0
        for j in 0..<5 {
            let z = columns[j].0 * v.0 + columns[j].1 * v.1
            let e = Double((t >> j) & 1) - max(z, 0)
            sum += e * e
        }
        return sum
    }

    /// The positive roots along `u = (c, s)` of every pre-activation of every
    /// type of positive weight or asked for.
    func kinks(c: Double, s: Double, radius: Double) -> [Double] {
        var roots: [Double] = []
        for t in 1..<32 where t & 16 != 0 && (weights[t] > 0 || inputs.contains(t)) {
            var v = (0.0, 0.0)
            for i in 0..<4 where t & (1 << i) != 0 { v.0 += Self.square[i].0; v.1 += Self.square[i].1 }
            for j in 0..<4 {
                let (a, b) = Self.square[j]
                let n = a * c + b * s, k = a * v.0 + b * v.1
                if n != 0 { roots.append(-k / n) }
            }
            roots.append(-(v.0 * c + v.1 * s))
        }
        return roots.filter { $0 > 0 && $0 < radius }.sorted()
    }

    func energy(x: Double, y: Double) -> Double {
        var e = 0.0
        for t in 1..<32 where weights[t] > 0 { e += weights[t] * Self.loss(t, x: x, y: y) }
        return e
    }

    /// The sums `[Z, Σφ_k, Σℓ_x, Σφ_k ℓ_x]` (each weighted by `r e^{−β(E − E₀)}`) along the ray θ.
    func ray(_ theta: Double, radius: Double, reference: Double) -> [Double] {
        let (c, s) = (Double.cos(theta), Double.sin(theta))
        let ends = [0] + kinks(c: c, s: s, radius: radius) + [radius]
        var sums = [Double](repeating: 0, count: 1 + rows.count + inputs.count + rows.count * inputs.count)
        var phi = [Double](repeating: 0, count: rows.count), loss = [Double](repeating: 0, count: inputs.count)
        let rule = Self.rule16
        for cell in 0..<(ends.count - 1) {
            let (a, b) = (ends[cell], ends[cell + 1])
            let panels = max(1, Int(((b - a) / panel).rounded(.up)))
            let h = (b - a) / Double(panels)
            for p in 0..<panels {
                let lo = a + Double(p) * h
                for (node, weight) in rule {
                    let r = lo + h / 2 * (node + 1)
                    let (x, y) = (r * c, r * s)
                    let w = h / 2 * weight * r * Double.exp(-beta * (energy(x: x, y: y) - reference))
                    guard w > 0 else { continue }
                    let columns = Self.square.map { Vector2($0.0, $0.1) } + [Vector2(x, y)]
                    for k in rows.indices { phi[k] = rows[k].value(at: columns) }
                    for (i, t) in inputs.enumerated() { loss[i] = Self.loss(t, x: x, y: y) }
                    sums[0] += w
                    for k in rows.indices { sums[1 + k] += w * phi[k] }
                    for i in inputs.indices { sums[1 + rows.count + i] += w * loss[i] }
                    for k in rows.indices {
                        for i in inputs.indices { sums[1 + rows.count + inputs.count + k * inputs.count + i] += w * phi[k] * loss[i] }
                    }
                }
            }
        }
        return sums
    }

    /// The Gauss–Legendre 16-point rule on [−1, 1] (nodes and weights by Newton on P_16).
    static let rule16: [(Double, Double)] = {
        let n = 16
        return (1...n).map { i in
            var x = Double.cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var (p0, p1) = (1.0, x)
                for k in 2...n { (p0, p1) = (p1, ((2 * Double(k) - 1) * x * p1 - Double(k - 1) * p0) / Double(k)) }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / derivative
                x -= dx
                if abs(dx) < 1e-16 { break }
            }
            return (x, 2 / ((1 - x * x) * derivative * derivative))
        }
    }()

    /// Gauss–Kronrod 7/15 nodes (positive half, with 0) and weights.
    static let kronrodNodes = [0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                               0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                               0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                               0.207784955007898467600689403773245, 0.0]
    static let kronrodWeights = [0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                                 0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                                 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                                 0.204432940075298892414161999234649, 0.209482141084727828012999174891714]
    static let gaussWeights = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                               0.381830050505118944950369775488975, 0.417959183673469387755102040816327]

    /// `∫_a^b F(θ) dθ` by adaptive Gauss–Kronrod. Subdivision stops at depth 14
    /// (intervals of 2π/2¹⁴) even if the Kronrod–Gauss difference is still above the
    /// tolerance there, so the accuracy this route reports is not this local estimate
    /// but the change between two runs of different panel size and tolerance
    /// (``withAccuracy()``).
    func outer(_ a: Double, _ b: Double, depth: Int, radius: Double, reference: Double) -> [Double] {
        let half = (b - a) / 2, mid = (a + b) / 2
        var kronrod: [Double] = [], gauss: [Double] = []
        for (i, x) in Self.kronrodNodes.enumerated() {
            let points = x == 0 ? [mid] : [mid - half * x, mid + half * x]
            for theta in points {
                let f = ray(theta, radius: radius, reference: reference)
                if kronrod.isEmpty { kronrod = [Double](repeating: 0, count: f.count); gauss = kronrod }
                for q in f.indices {
                    kronrod[q] += half * Self.kronrodWeights[i] * f[q]
                    if i % 2 == 1 { gauss[q] += half * Self.gaussWeights[i / 2] * f[q] }
                }
            }
        }
        let error = zip(kronrod, gauss).map { abs($0 - $1) }.max() ?? 0
        if depth >= 14 || error <= tolerance * normalizerScale * (b - a) / (2 * Double.pi) { return kronrod }
        let left = outer(a, mid, depth: depth + 1, radius: radius, reference: reference)
        let right = outer(mid, b, depth: depth + 1, radius: radius, reference: reference)
        return zip(left, right).map(+)
    }

    /// The size of `Z` (set by ``moments()`` before the adaptive pass).
    fileprivate(set) var normalizerScale = 1.0

    /// `E[φ_k]`, `E[ℓ_x]` and `χ_{k,x} = −β Cov(φ_k, ℓ_x)` ([Conventions §6]).
    func moments() -> (phi: [Double], loss: [Double], chi: [[Double]]) {
        // The reference energy and the disc where β(E − E₀) ≤ 60.
        var reference = Double.infinity
        for i in 0...100 {
            for k in 0..<128 {
                let r = 4 * Double(i) / 100, t = 2 * Double.pi * Double(k) / 128
                reference = min(reference, energy(x: r * Double.cos(t), y: r * Double.sin(t)))
            }
        }
        var radius = 0.0
        var r = 0.0
        // E grows like r⁴ far out: stop 0.5 beyond the last circle that dips below the level.
        while r < 8 && (radius == 0 || r < radius + 0.5) {
            r += 0.005
            let low = (0..<256).contains { k in
                let t = 2 * Double.pi * Double(k) / 256
                return beta * (energy(x: r * Double.cos(t), y: r * Double.sin(t)) - reference) <= 60
            }
            if low { radius = r }
        }
        radius = max(radius * 1.05, 0.05)
        var route = self
        route.normalizerScale = ray(0, radius: radius, reference: reference)[0] * 2 * Double.pi
        let pieces = 32
        var sums = [Double]()
        for p in 0..<pieces {
            let a = 2 * Double.pi * Double(p) / Double(pieces), b = 2 * Double.pi * Double(p + 1) / Double(pieces)
            let part = route.outer(a, b, depth: 0, radius: radius, reference: reference)
            sums = sums.isEmpty ? part : zip(sums, part).map(+)
        }
        let z = sums[0]
        let phi = rows.indices.map { sums[1 + $0] / z }
        let loss = inputs.indices.map { sums[1 + rows.count + $0] / z }
        let chi = rows.indices.map { k in
            inputs.indices.map { i in
                -beta * (sums[1 + rows.count + inputs.count + k * inputs.count + i] / z - phi[k] * loss[i])
            }
        }
        return (phi, loss, chi)
    }

    /// The moments, and the largest change of any `E[φ]` and χ entry when the
    /// panels are halved and the tolerance divided by 100: the route's own accuracy.
    func withAccuracy() -> (phi: [Double], chi: [[Double]], phiError: Double, chiError: Double) {
        let coarse = moments()
        var fine = self
        fine.panel /= 2
        fine.tolerance /= 100
        let refined = fine.moments()
        let phiError = zip(coarse.phi, refined.phi).map { abs($0 - $1) }.max() ?? 0
        let chiError = zip(coarse.chi.joined(), refined.chi.joined()).map { abs($0 - $1) }.max() ?? 0
        return (refined.phi, refined.chi, phiError, chiError)
    }
}
