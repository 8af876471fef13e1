import HighPrecision

/// A certified enclosure of a branch critical point by the Krawczyk operator
/// ([CriticalPoints.md](../../../Derivations/CriticalPoints.md) §5).
///
/// The rotation is removed by fixing the gauge coordinate `W_{a,y} = 0` of
/// the first live feature `a` (its `x` coordinate is nonzero). On the
/// remaining live coordinates `y`, let `G(y)` be the branch gradient without
/// its gauge component and `J(Y)` the branch Hessian evaluated on a box `Y`
/// in `BigInterval` (entries of the pattern whose pre-activation straddles 0
/// on `Y` take `σ = [0, 1]`, which encloses every slope of the C¹ terms
/// `ReLU(z)²`; a straddling first-order entry that the branch does not force
/// is refused). With `ỹ` the MPFR point and `C ≈ J(ỹ)⁻¹`,
///
/// ```
/// K(Y) = ỹ − C G(ỹ) + (I − C J(Y)) (Y − ỹ).
/// ```
///
/// If `K(Y) ⊂ int Y`, `Y` contains exactly one zero of `G`, and it lies in
/// `K(Y)` (Krawczyk 1969, Moore 1977). Since `∇E · Jw = 0` and `W_{a,x} ≠ 0`,
/// `G = 0` implies `∇E_σ = 0`: the box encloses a critical point of the branch.
/// When the gradient is exactly zero at the MPFR point (the unit square, the
/// digon), the point itself is the enclosure (existence, no uniqueness claim).
public struct CriticalPointEnclosure: Sendable {
    /// The box, one interval per coordinate (dead coordinates and the gauge coordinate exact 0).
    public let box: [BigInterval]
    /// Whether uniqueness in the box was proven (Krawczyk), as opposed to an exact zero gradient.
    public let unique: Bool
    /// The interval Hessian on a box that contains ``box`` (all live coordinates; `nil` for an exact point).
    public let hessian: [[BigInterval]]?

    /// Encloses the critical point of the branch `pattern` near `point` (gauged: `W_{a,y} = 0`).
    ///
    /// - Throws: ``CriticalPointError/certificationFailed(_:)`` if the gauge
    ///   coordinate is not 0, a first-order entry straddles 0, or `K(Y) ⊄ int Y`
    ///   for five inflations of the box.
    public static func certify(
        loss: PiecewiseLoss<BigInterval>, point: [BigFloat], pattern: ActivationPattern, polygon: PolygonConfiguration
    ) throws(CriticalPointError) -> CriticalPointEnclosure {
        let gauge = 2 * polygon.liveFeatures[0] + 1
        guard point[gauge].isZero, !point[gauge - 1].isZero else {
            throw .certificationFailed("the point is not in the gauge W_{\(polygon.liveFeatures[0]),y} = 0")
        }
        let reduced = polygon.liveCoordinates.filter { $0 != gauge }
        let exact = point.map { BigInterval($0) }
        let g0 = try gradient(loss, exact, pattern)
        if reduced.allSatisfy({ g0[$0].lower.isZero && g0[$0].upper.isZero }) {
            return CriticalPointEnclosure(box: exact, unique: false, hessian: nil)
        }
        // C ≈ J(ỹ)⁻¹ from the MPFR Hessian at the point.
        let pointLoss = PiecewiseLoss<BigFloat>(weights: loss.weights.map(\.midpoint), importances: loss.importances.map(\.midpoint), support: loss.support)
        let hessian0 = pointLoss.derivatives(at: point, activation: pattern.indicators(PiecewiseLoss.preActivations(point)), hessian: true).hessian!
        let midpoint = reduced.map { i in reduced.map { hessian0[i][$0] } }
        let c: [[BigFloat]]
        do { c = try DenseLinearSystem.inverse(midpoint) } catch { throw .certificationFailed("singular Hessian at the point: \(error)") }
        let ci = c.map { $0.map { BigInterval($0) } }
        let newton = DenseLinearSystem.multiply(ci, vector: reduced.map { g0[$0] })  // C G(ỹ)
        var radius = BigFloat.max(newton.map(\.magnitude.upper).reduce(BigFloat(0), BigFloat.max).scaled(byPowerOfTwo: 4),
                                  BigFloat(1).scaled(byPowerOfTwo: -(BigFloat.workingPrecision - 40)))
        for _ in 0..<5 {
            var box = exact
            for i in reduced {
                box[i] = BigInterval(lower: BigFloat.subtract(point[i], radius, rounding: .down), upper: BigFloat.add(point[i], radius, rounding: .up))
            }
            if let jacobian = try? Self.hessian(loss, box, pattern) {
                let j = reduced.map { i in reduced.map { jacobian[i][$0] } }
                let cj = DenseLinearSystem.multiply(ci, j)
                let offset = reduced.map { box[$0] - exact[$0] }
                let residual = reduced.indices.map { a in reduced.indices.map { b in (a == b ? BigInterval(1) : BigInterval(0)) - cj[a][b] } }
                let spread = DenseLinearSystem.multiply(residual, vector: offset)
                var k = exact
                var inside = true
                for (a, i) in reduced.enumerated() {
                    k[i] = exact[i] - newton[a] + spread[a]
                    if !(box[i].lower < k[i].lower && k[i].upper < box[i].upper) { inside = false }
                }
                if inside { return CriticalPointEnclosure(box: k, unique: true, hessian: jacobian) }
            }
            radius = radius.scaled(byPowerOfTwo: 8)
        }
        throw .certificationFailed("the Krawczyk operator did not map the box into its interior (last radius \(radius.decimal(significantDigits: 3)))")
    }

    static func indicators(_ w: [BigInterval], _ pattern: ActivationPattern, support: [Int]) throws(CriticalPointError) -> [BigInterval] {
        let (sigma, all) = pattern.indicators(PiecewiseLoss.preActivations(w))
        let straddling = all.filter { support.contains($0 / 5) }
        guard straddling.isEmpty else {
            throw .certificationFailed("first-order pre-activations straddle 0 on the box: \(straddling.map { "z[\(InputType.all[$0 / 5].name), \($0 % 5)]" })")
        }
        return sigma
    }

    static func gradient(_ loss: PiecewiseLoss<BigInterval>, _ w: [BigInterval], _ pattern: ActivationPattern) throws(CriticalPointError) -> [BigInterval] {
        loss.derivatives(at: w, activation: try indicators(w, pattern, support: loss.support), hessian: false).gradient
    }

    static func hessian(_ loss: PiecewiseLoss<BigInterval>, _ w: [BigInterval], _ pattern: ActivationPattern) throws(CriticalPointError) -> [[BigInterval]] {
        loss.derivatives(at: w, activation: try indicators(w, pattern, support: loss.support), hessian: true).hessian!
    }
}

extension PolygonConfiguration {
    /// A certified enclosure of the radius `r` of the regular polygon with
    /// `d/dr E(r P) = 0` (`P` the unit polygon, dead columns 0), by the
    /// interval Newton operator `N(R) = r̃ − f(r̃)/f'(R) ⊂ int R` on the natural
    /// piece (a first-order pre-activation that vanishes identically along
    /// the ray by symmetry, such as `11111` at the pentagon, is taken inactive).
    ///
    /// - Throws: ``CriticalPointError/certificationFailed(_:)`` when the
    ///   operator does not contract for five inflations of the interval.
    public func certifiedRadius(loss: PiecewiseLoss<BigInterval>, near r: BigFloat) throws(CriticalPointError) -> BigInterval {
        let unit: [BigInterval] = idealPoint(radius: BigInterval(1))
        func derivatives(_ radius: BigInterval) -> (slope: BigInterval, curvature: BigInterval) {
            let w = unit.map { $0 * radius }
            let (sigma, straddling) = ActivationPattern.natural.indicators(PiecewiseLoss.preActivations(w))
            var s = sigma
            for i in straddling { s[i] = BigInterval(0) }
            let d = loss.derivatives(at: w, activation: s, hessian: true)
            var slope = BigInterval(0), curvature = BigInterval(0)
            for a in 0..<10 {
                slope = slope + d.gradient[a] * unit[a]
                for b in 0..<10 { curvature = curvature + unit[a] * d.hessian![a][b] * unit[b] }
            }
            return (slope, curvature)
        }
        let point = BigInterval(r)
        let f0 = derivatives(point).slope
        if f0.lower.isZero && f0.upper.isZero { return point }
        var radius = BigFloat.max(f0.magnitude.upper.scaled(byPowerOfTwo: 4), BigFloat(1).scaled(byPowerOfTwo: -(BigFloat.workingPrecision - 40)))
        for _ in 0..<5 {
            let box = BigInterval(lower: BigFloat.subtract(r, radius, rounding: .down), upper: BigFloat.add(r, radius, rounding: .up))
            let slope = derivatives(box).curvature
            if slope.isPositive {
                let n = point - f0 / slope
                if box.lower < n.lower && n.upper < box.upper { return n }
            }
            radius = radius.scaled(byPowerOfTwo: 8)
        }
        throw .certificationFailed("the radial interval Newton operator did not contract for \(name)")
    }
}
