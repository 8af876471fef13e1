import HighPrecision

/// Route A of the frozen-square oracle: θ outer, r inner, Gauss–Legendre in
/// both ([FrozenSquareAnyData.md §3](../../../Derivations/FrozenSquareAnyData.md)).
///
/// The circle of directions is cut at the critical angles of the
/// ``KinkArrangement``. On each angular piece the outer integrand
/// `F(θ) = ∫ f(r, θ) r dr` is analytic: the ray meets the same kink curves in
/// the same order, at radii `r = −c/(n·u)` (lines) and `r = −n·u` (circles)
/// that are analytic in θ. The inner integral is split at those radii, so each
/// radial cell carries a polynomial–exponential in r. Both integrals are
/// restricted to the sublevel set `β(E − E_min) ≤ T` (``SublevelSet``), and the
/// orders come from ``OrderPlanner`` applied to `Double` proxies of the
/// integrands.
enum ThetaOuterRoute {
    static let name = "A (θ outer, r inner, Gauss–Legendre)"

    static func units(_ problem: FrozenSquareProblem, plan: QuadraturePlan, exact: FrozenSquareProblem.Exact,
                      radius: Double, threads: Int) -> [QuadratureUnit] {
        let precision = exact.precision
        return BigFloat.withWorkingPrecision(precision) {
            let level = problem.level(plan)
            let probe = problem.probe
            let arrangement = KinkArrangement(point: exact.point, radius: BigFloat(radius))
            let angles = arrangement.criticalAngles
            let twoPi = 2 * BigFloat.pi
            var units: [QuadratureUnit] = []
            for (i, start) in angles.enumerated() {
                let end = i + 1 < angles.count ? angles[i + 1] : angles[0] + twoPi
                let (a, b) = (start.doubleValue, end.doubleValue)
                let profile = SublevelSet.intervals(on: a, b, samples: 24, level: level) {
                    probe.rayMinimum(theta: $0, radius: radius)
                }
                for interval in profile {
                    let lower = interval.lower <= a ? start : BigFloat(interval.lower)
                    let upper = interval.upper >= b ? end : BigFloat(interval.upper)
                    let map = IntervalMap(lower, upper)
                    let pieces = map.plannedOuterPieces(
                        digits: plan.targetDigits, level: plan.level, truncation: plan.truncation, threads: threads,
                        boundary: { boundaryLevels(theta: $0, problem: problem, curves: arrangement.curves, radius: radius) }
                    ) { theta in
                        rayProxy(theta: theta, problem: problem, arrangement: arrangement, radius: radius, level: level)
                    }
                    for (u0, u1, n) in pieces {
                        if debugPlans { print("DEBUG \(name) outer [\(u0.doubleValue), \(u1.doubleValue)] n=\(n)") }
                        for (theta, weight) in map.nodes(n, from: u0, to: u1, precision: precision) {
                            units.append(QuadratureUnit(outerWeight: weight) { kernel in
                                ray(theta: theta, kernel: kernel, problem: problem, plan: plan, arrangement: arrangement,
                                    radius: radius, level: level, precision: precision)
                            })
                        }
                    }
                }
            }
            return units
        }
    }

    /// The radial cells of the ray at `theta` inside the disc, and the
    /// sub-intervals of each where `E ≤ level`.
    static func relevantCells(cosine c: Double, sine s: Double, breaks: [Double], radius: Double, level: Double,
                              probe: LandscapeProbe) -> [(cell: Int, lower: Double, upper: Double)] {
        let ends = [0] + breaks + [radius]
        let relevant = SublevelSet.intervals(on: 0, radius, samples: 128, level: level) { probe.energy(x: $0 * c, y: $0 * s) }
        var out: [(Int, Double, Double)] = []
        for cell in 0..<(ends.count - 1) {
            for interval in relevant where interval.upper > ends[cell] && interval.lower < ends[cell + 1] {
                out.append((cell, max(interval.lower, ends[cell]), min(interval.upper, ends[cell + 1])))
            }
        }
        return out
    }

    /// `q = β (E − E_min)` where the ray at θ crosses each kink curve inside the disc (`nan` elsewhere).
    static func boundaryLevels(theta: Double, problem: FrozenSquareProblem, curves: [KinkCurve], radius: Double) -> [Double] {
        let (c, s) = (Double.cos(theta), Double.sin(theta))
        return curves.filter { $0.kind != .originLine }.map { curve in
            guard let r = curve.radialCrossing(cosine: c, sine: s), r < radius else { return .nan }
            return problem.betaDouble * (problem.probe.energy(x: r * c, y: r * s) - problem.minimum.energy)
        }
    }

    /// The `Double` proxy of the outer integrand at θ:
    /// `∫ r (1 + Σ_x ℓ_x) exp(−β(E − E_min)) dr` over the relevant cells.
    static func rayProxy(theta: Double, problem: FrozenSquareProblem, arrangement: KinkArrangement, radius: Double,
                         level: Double) -> Double {
        let (c, s) = (Double.cos(theta), Double.sin(theta))
        let breaks = arrangement.curves.compactMap { $0.radialCrossing(cosine: c, sine: s) }.filter { $0 < radius }.sorted()
        var total = 0.0
        for (_, a, b) in relevantCells(cosine: c, sine: s, breaks: breaks, radius: radius, level: level, probe: problem.probe) {
            total += DoubleRule.integrate(a, b) { r in problem.proxy(x: r * c, y: r * s) * r }
        }
        return total
    }

    /// The inner integral along the ray of direction `theta`.
    static func ray(theta: BigFloat, kernel: FrozenSquareKernel, problem: FrozenSquareProblem, plan: QuadraturePlan,
                    arrangement: KinkArrangement, radius: Double, level: Double, precision: Int) {
        let c = BigFloat.cos(theta), s = BigFloat.sin(theta)
        let (cd, sd) = (c.doubleValue, s.doubleValue)
        var breaks = arrangement.curves.compactMap { $0.radialCrossing(cosine: c, sine: s) }.filter { $0 < arrangement.radius }
        breaks.sort()
        let ends = [BigFloat(0, precision: precision)] + breaks + [arrangement.radius]
        let cells = relevantCells(cosine: cd, sine: sd, breaks: breaks.map(\.doubleValue), radius: radius, level: level,
                                  probe: problem.probe)
        for (cell, lo, hi) in cells {
            // Exact kink radii where the relevant part reaches the cell's ends.
            guard cell + 1 < ends.count else { continue }
            let a = lo <= ends[cell].doubleValue ? ends[cell] : BigFloat(lo)
            let b = hi >= ends[cell + 1].doubleValue ? ends[cell + 1] : BigFloat(hi)
            guard a < b else { continue }
            let map = IntervalMap(a, b)
            for (u0, u1, n) in map.plannedInnerPieces(digits: plan.targetDigits, level: plan.level, { r in problem.proxy(x: r * cd, y: r * sd) * r }) {
                if debugPlans && debugInner { print("DEBUG   inner [\(u0.doubleValue), \(u1.doubleValue)] n=\(n)") }
                for (r, w) in map.nodes(n, from: u0, to: u1, precision: precision) {
                    kernel.accumulate(x: r * c, y: r * s, radius: r, weight: w)
                }
            }
        }
    }
}
