import Foundation
import HighPrecision

/// Chooses Gauss–Legendre orders for one analytic piece of an integral from a
/// `Double` proxy of its integrand ([FrozenSquareAnyData.md §4](../../../Derivations/FrozenSquareAnyData.md)).
///
/// The proxy is sampled at the 65 (then, if needed, 129) Chebyshev–Lobatto
/// points of the interval and its Chebyshev coefficients `c_k` computed. Their
/// envelope `e_k = max_{i ≥ k} |c_i|` decays geometrically (or faster) for an
/// analytic function; it is followed down to the noise floor (`10⁻¹³ max|f|`,
/// or four times the flat tail of a noisy proxy) at degree `k₀`, its rate is
/// measured on `[k₀/2, k₀]` and extrapolated to the degree `K` where
/// `e_K ≤ 10^{−D} |mean f|`. An `n`-point rule is exact to degree `2n − 1`, so
/// `n = ⌈(K + 1)/2⌉ + 1`. On test shapes (Gaussian wells in the middle and at
/// the end of the interval, exponential ramps, a pole at distance 0.3, narrow
/// wells) this is 1.1–1.35 times the order that reaches `D` digits, never
/// less. A proxy that is not resolved at degree 128, or that asks for more than
/// ``splitThreshold`` nodes, is split in two when the halves cost less.
///
/// The proxy never enters a result: it only sizes the rules, and a rule that
/// is too small shows up as a disagreement of the two routes.
enum OrderPlanner {
    /// Evaluates the proxy at many points (possibly in parallel; the values must
    /// not depend on how).
    typealias Batch = ([Double]) -> [Double]

    static let degree = 128

    /// `cos(π m / N)`, `N = 128`, `m = 0 ..< 2N`.
    private static let cosines: [Double] = (0..<(2 * degree)).map { Double.cos(Double.pi * Double($0) / Double(degree)) }

    /// A piece of the interval and its order.
    struct Piece: Sendable {
        let lower: Double
        let upper: Double
        let order: Int
    }

    /// `n` boosted for the refinement level and rounded up to a cached order.
    static func quantised(_ n: Int, level: Int) -> Int {
        let boosted = Double(n) * (1 + 0.35 * Double(level))
        return QuadraturePlan.orders.first { Double($0) >= boosted } ?? QuadraturePlan.orders.last!
    }

    /// Pieces covering `[a, b]` with orders for `digits` digits at refinement `level`.
    static func pieces(on a: Double, _ b: Double, digits: Int, level: Int, depth: Int = 0, _ f: Batch) -> [Piece] {
        guard b > a else { return [] }
        let whole = order(on: a, b, digits: digits, f).map { [Piece(lower: a, upper: b, order: quantised($0, level: level))] }
        if let whole, whole[0].order <= splitThreshold { return whole }
        guard depth < maximumDepth else { return whole ?? [Piece(lower: a, upper: b, order: QuadraturePlan.orders.last!)] }
        // Unresolved, or a high order: halves, when they cost fewer nodes.
        let middle = (a + b) / 2
        let halves = pieces(on: a, middle, digits: digits, level: level, depth: depth + 1, f)
            + pieces(on: middle, b, digits: digits, level: level, depth: depth + 1, f)
        guard let whole else { return halves }
        return halves.map(\.order).reduce(0, +) < whole[0].order ? halves : whole
    }

    /// Orders above this are compared with splitting the interval in two.
    static let splitThreshold = 64
    /// The deepest bisection.
    static let maximumDepth = 6

    /// The order for `digits` digits, or `nil` when the proxy is not resolved at degree 128.
    static func order(on a: Double, _ b: Double, digits: Int, _ f: Batch) -> Int? {
        let half = (b - a) / 2, centre = (a + b) / 2
        // The 65-point grid is every other point of the 129-point grid.
        let coarse = f((0...64).map { centre + half * cosines[2 * $0] })
        if let n = order(values: coarse, stride: 2, digits: digits), n <= 20 + 2 { return n }
        let odd = f((0..<64).map { centre + half * cosines[2 * $0 + 1] })
        var fine = [Double](repeating: 0, count: degree + 1)
        for j in 0...64 { fine[2 * j] = coarse[j] }
        for j in 0..<64 { fine[2 * j + 1] = odd[j] }
        return order(values: fine, stride: 1, digits: digits)
    }

    /// The order from samples at the `N + 1` Chebyshev–Lobatto points (`N = 128/stride`).
    private static func order(values: [Double], stride step: Int, digits: Int) -> Int? {
        let n = values.count - 1
        var largest = 0.0
        for v in values {
            guard v.isFinite else { return nil }
            largest = max(largest, abs(v))
        }
        guard largest > 0 else { return QuadraturePlan.orders[0] }
        var coefficients = [Double](repeating: 0, count: n + 1)
        for k in 0...n {
            var sum = 0.0
            for j in 0...n {
                let term = values[j] * cosines[((j * k) % (2 * n)) * step]  // cos(π j k / n)
                sum += (j == 0 || j == n) ? term / 2 : term
            }
            coefficients[k] = (k == 0 || k == n ? 1.0 : 2.0) * sum / Double(n)
        }
        var envelope = coefficients.map(abs)
        for k in Swift.stride(from: n - 1, through: 0, by: -1) { envelope[k] = max(envelope[k], envelope[k + 1]) }
        // Noise floor: 10⁻¹³ max|f|, or 4× the flat tail of a noisy proxy; a tail above
        // 2.5·10⁻⁸ max|f| is unresolved.
        let tail = envelope[n - n / 8]
        guard tail <= 2.5e-8 * largest else { return nil }
        let floor = max(1e-13 * largest, 4 * tail)
        guard let k0 = (0...n).last(where: { envelope[$0] > floor }) else { return QuadraturePlan.orders[0] }
        if k0 >= n - n / 5 { return nil }
        let k1 = max(2, k0 / 2)
        let rate = k0 > k1 ? (Double.log(envelope[k1]) - Double.log(envelope[k0])) / Double(k0 - k1) : 10
        guard rate > 0.05 else { return nil }
        var mean = 0.0
        for k in Swift.stride(from: 0, through: n, by: 2) { mean += coefficients[k] / Double(1 - k * k) }
        mean = abs(mean)
        guard mean > 0 else { return QuadraturePlan.orders[0] }
        let tolerance = Double.pow(10, Double(-digits)) * mean
        let target = Double(k0) + max(0, Double.log(envelope[k0] / tolerance)) / rate
        return Int(((target + 1) / 2).rounded(.up)) + 1
    }

    // MARK: - Outer integrals

    /// Pieces for an **outer** integral on `[a, b]`: the proxy planning of
    /// ``pieces(on:_:digits:level:depth:_:)``, refined by the kink curves'
    /// boundary terms. The inner integral's ends move along kink curves, so the
    /// outer integrand carries, for every curve, a term of size
    /// `e^{−q(u)}`, `q = β (E − E_min)` at the curve's crossing. Where `q`
    /// is large that term is far below the proxy's `Double` noise, yet it is
    /// needed to `10^{−D} e^{q}` of its own size; and where `q` changes faster
    /// than the proxy's own logarithm (a curve sweeping across the bulk, as the
    /// circles through the origin do next to their tangent directions), the
    /// proxy's rule misses it even when it is large. For such a curve the
    /// interval is cut where `q` reaches the truncation level (``cutLevels(_:)``),
    /// and each piece gets at least the order
    /// ``variationOrder(digits:variation:centred:)`` for `D − q_min/ln 10`
    /// digits and the variation of `q` on the piece.
    ///
    /// - Parameter boundary: `q` of every curve branch at a point (`nan` where
    ///   the branch does not cross the integration domain).
    static func outerPieces(on a: Double, _ b: Double, digits: Int, level: Int, truncation: Double,
                            proxy: Batch, boundary: (Double) -> [Double]) -> [Piece] {
        guard b > a else { return [] }
        let samples = 64
        let points = (0...samples).map { k in k == samples ? b : a + (b - a) * Double(k) / Double(samples) }
        let values = points.map(boundary)
        // The proxy's steepness per unit length.
        let slope = steepness(logProxy(proxy(points), truncation: truncation), truncation: truncation) / (b - a)
        let above = truncation + 1  // a branch only leaves through the truncation circle
        var cuts: [Double] = []
        let branches = values.first?.count ?? 0
        for branch in 0..<branches {
            let qs = values.map { $0[branch] }
            guard isSharper(steepness(qs, truncation: truncation), than: slope * (b - a)) else { continue }
            for k in 0..<samples {
                var (q0, q1) = (qs[k], qs[k + 1])
                guard q0.isFinite || q1.isFinite else { continue }
                if !q0.isFinite { q0 = above }
                if !q1.isFinite { q1 = above }
                for levelValue in cutLevels(truncation) {
                    if (q0 - levelValue) * (q1 - levelValue) < 0 {
                        var (lo, hi) = (points[k], points[k + 1])
                        let increasing = q1 > q0
                        for _ in 0..<40 {
                            let mid = (lo + hi) / 2
                            let raw = boundary(mid)[branch]
                            if ((raw.isFinite ? raw : above) < levelValue) == increasing { lo = mid } else { hi = mid }
                        }
                        cuts.append((lo + hi) / 2)
                    }
                }
            }
        }
        cuts.sort()
        var edges = [a]
        for cut in cuts where cut - edges[edges.count - 1] > 1e-9 * (b - a) && b - cut > 1e-9 * (b - a) { edges.append(cut) }
        edges.append(b)

        var result: [Piece] = []
        for i in 0..<(edges.count - 1) {
            for piece in pieces(on: edges[i], edges[i + 1], digits: digits, level: level, proxy) {
                let minimum = boundaryOrder(on: piece.lower, piece.upper, digits: digits, truncation: truncation,
                                            profileSteepness: slope * (piece.upper - piece.lower), boundary: boundary)
                result.append(Piece(lower: piece.lower, upper: piece.upper,
                                    order: max(piece.order, quantised(minimum, level: level))))
            }
        }
        return result
    }

    /// Where a sharp boundary term is cut off from the rest of the interval:
    /// where its `q` reaches the truncation level. One piece then carries the
    /// whole term (one rule over a well or a ramp costs fewer nodes than several
    /// over its parts, see ``variationOrder(digits:variation:centred:)``).
    static func cutLevels(_ truncation: Double) -> [Double] { [truncation - 0.5] }

    /// The order the boundary terms ask for on `[a, b]` (17 samples).
    static func boundaryOrder(on a: Double, _ b: Double, digits: Int, truncation: Double, profileSteepness: Double,
                              boundary: (Double) -> [Double]) -> Int {
        let values = (0...16).map { boundary(a + (b - a) * Double($0) / 16) }
        guard let branches = values.first?.count else { return 0 }
        var order = 0
        for branch in 0..<branches {
            let raw = values.map { $0[branch] }
            guard raw.contains(where: \.isFinite),
                  isSharper(steepness(raw, truncation: truncation), than: profileSteepness) else { continue }
            let qs = raw.map { $0.isFinite ? min($0, truncation) : truncation }
            guard let lo = qs.min(), let hi = qs.max(), lo < truncation, let at = qs.firstIndex(of: lo) else { continue }
            let effective = Double(digits) - lo / 2.302585092994046
            guard effective > 0 else { continue }
            let centred = at > 1 && at < qs.count - 2
            order = max(order, variationOrder(digits: effective, variation: hi - lo, centred: centred))
        }
        return order
    }

    /// The order that integrates a term varying by `variation` nats to `digits`
    /// digits (measured with mpmath for D = 25, 35 and V ≤ 90):
    /// `0.4 D + 6 + (0.2 D + 1.8) √V` for a well in the middle of the interval
    /// (`e^{−V t²}` on `[−1, 1]`, `centred`), `0.5 D + 7.5 + (0.094 D + 0.8) √V`
    /// for a term largest at one end (`e^{−V t⁴}`, `e^{−V t}`, `e^{−V t²}` on `[0, 1]`).
    static func variationOrder(digits: Double, variation: Double, centred: Bool) -> Int {
        let v = max(variation, 0).squareRoot()
        let n = centred ? 0.4 * digits + 6 + (0.2 * digits + 1.8) * v : 0.5 * digits + 7.5 + (0.094 * digits + 0.8) * v
        return Int(n.rounded(.up))
    }

    /// `−ln(f / max f)` of samples (`truncation` where `f ≤ 0`).
    static func logProxy(_ values: [Double], truncation: Double) -> [Double] {
        guard let top = values.max(), top > 0 else { return values.map { _ in truncation } }
        return values.map { $0 > 0 ? min(-Double.log($0 / top), truncation) : truncation }
    }

    /// The largest change of `q` between neighbouring equispaced samples where
    /// `q ≤ truncation`, times the number of sample intervals: the change of `q`
    /// across the whole interval at its steepest slope.
    static func steepness(_ q: [Double], truncation: Double) -> Double {
        var steepest = 0.0
        for k in 0..<(q.count - 1) where q[k].isFinite && q[k + 1].isFinite && min(q[k], q[k + 1]) < truncation {
            steepest = max(steepest, abs(min(q[k + 1], truncation) - min(q[k], truncation)))
        }
        return steepest * Double(q.count - 1)
    }

    /// Whether a boundary term of steepness `boundary` is sharper than the proxy
    /// (steepness `profile` over the same interval): only then can the proxy's rule miss it.
    static func isSharper(_ boundary: Double, than profile: Double) -> Bool { boundary > 2 * profile + 4 }
}
