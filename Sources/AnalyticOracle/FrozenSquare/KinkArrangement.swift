import HighPrecision

/// The kink curves of the frozen square inside the disc `|W_4| ≤ R`, and the
/// places where the structure of the cells changes along each integration
/// variable. Derivation: [FrozenSquareAnyData.md §2–3](../../../Derivations/FrozenSquareAnyData.md).
///
/// - **Critical angles** (route A, θ outer): the directions of the origin lines
///   and of the circles' tangents at 0, and the angles of every point where two
///   curves meet inside the disc. Between two consecutive critical angles the
///   ray meets the same curves in the same order, at radii that are analytic in
///   θ. (Where a curve leaves the disc `|w| ≤ R` the integrand is below
///   `e^{−T}`, so that angle needs no cut.)
/// - **Critical radii** (route B, r outer): the tangency radii (`|c|/|n|` of a
///   line, `|n|` of a circle), the radii of the points where two curves meet,
///   and `R`. Between two consecutive critical radii the circle `|w| = r` meets
///   the same curves at angles `arg n ± arccos(·)` that are analytic in r and
///   keep their order.
struct KinkArrangement: Sendable {
    let curves: [KinkCurve]
    /// The truncation radius `R`.
    let radius: BigFloat
    /// Critical angles in `[0, 2π)`, increasing.
    let criticalAngles: [BigFloat]
    /// Critical radii in `(0, R]`, increasing, ending with `R`.
    let criticalRadii: [BigFloat]
    /// The critical radii at which a curve is tangent to the circle `|w| = r`:
    /// there two crossing angles are born (`arccos` at ±1), and the outer
    /// integrand of route B has a `√(r − r_c)` singularity. At the other critical
    /// radii two crossing angles only swap order, and each side is analytic up to the end.
    let tangencyRadii: [BigFloat]

    /// Whether `r` is (within the merge tolerance) one of the ``tangencyRadii``.
    func isTangency(_ r: BigFloat) -> Bool {
        tangencyRadii.contains { !(KinkArrangement.mergeTolerance(r) < ($0 - r).magnitude) }
    }

    init(point: BifurcationPoint<BigFloat>, radius: BigFloat) {
        let curves = KinkCurve.curves(of: point)
        self.curves = curves
        self.radius = radius
        let twoPi = 2 * BigFloat.pi

        var points: [Vector2<BigFloat>] = []
        for i in curves.indices {
            for j in (i + 1)..<curves.count {
                points += curves[i].intersections(with: curves[j]).filter { $0.norm < radius }
            }
        }

        var angles: [BigFloat] = []
        for curve in curves {
            angles += curve.originDirections.map(\.angle)
        }
        angles += points.map(\.angle)
        var distinctAngles = KinkArrangement.distinct(angles.map { KinkArrangement.reduced($0, period: twoPi) })
        if let first = distinctAngles.first, let last = distinctAngles.last, distinctAngles.count > 1,
           first + twoPi - last < KinkArrangement.mergeTolerance(first) {
            distinctAngles.removeLast()  // 2π − ε is the angle 0
        }
        criticalAngles = distinctAngles

        let tangencies = curves.compactMap(\.tangencyRadius).filter { $0.signum > 0 && $0 < radius }
        let radii = tangencies + points.map(\.norm).filter { $0 < radius }
        criticalRadii = KinkArrangement.distinct(radii + [radius])
        tangencyRadii = KinkArrangement.distinct(tangencies)
    }

    /// `2^(−precision/2)`: values closer than this are the same point reached by two formulas.
    static func mergeTolerance(_ x: BigFloat) -> BigFloat { BigFloat(1, precision: x.precision).scaled(byPowerOfTwo: -(x.precision / 2)) }

    /// `x` reduced to `[0, period)`.
    static func reduced(_ x: BigFloat, period: BigFloat) -> BigFloat {
        var y = x
        while y.signum < 0 { y = y + period }
        while !(y < period) { y = y - period }
        return y
    }

    /// Sorted, with values closer than `2^(−precision/2)` (the same point
    /// reached by two formulas) merged.
    static func distinct(_ values: [BigFloat]) -> [BigFloat] {
        let sorted = values.sorted()
        guard let first = sorted.first else { return [] }
        let tolerance = mergeTolerance(first)
        var out = [first]
        for v in sorted.dropFirst() where tolerance < v - out[out.count - 1] { out.append(v) }
        // On the circle, the last angle may coincide with the first + 2π; callers handle periodicity.
        return out
    }
}
