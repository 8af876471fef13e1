import HighPrecision

/// Route B of the frozen-square oracle: r outer, θ inner
/// ([FrozenSquareAnyData.md §3](../../../Derivations/FrozenSquareAnyData.md)).
///
/// The radius is cut at the critical radii of the ``KinkArrangement``. On each
/// radial piece the circle `|w| = r` meets the same kink curves, at the angles
/// `arg n ± arccos(−c/(|n| r))` (lines), `arg n ± arccos(−r/|n|)` (circles) and
/// `arg n ± π/2` (origin lines), analytic in r and in a fixed order; the inner
/// integral is split at those angles, so each arc carries an analytic
/// integrand. At a tangency radius two of these angles are born (`arccos` at
/// ±1) and the outer integrand `G(r) = r ∫ f dθ` has a `√(r − r_c)`
/// singularity; the substitution of ``IntervalMap`` makes it analytic, and
/// Gauss–Legendre runs in the new variable. At the other critical radii two
/// angles only swap order and each side is analytic up to the end. Sublevel
/// sets come from the circle minimum `min_θ E(r, θ)`; orders from
/// ``OrderPlanner`` applied to `Double` proxies.
enum RadiusOuterRoute {
    static let name = "B (r outer with endpoint substitution, θ inner, Gauss–Legendre)"

    static func units(_ problem: FrozenSquareProblem, plan: QuadraturePlan, exact: FrozenSquareProblem.Exact,
                      radius: Double, threads: Int) -> [QuadratureUnit] {
        let precision = exact.precision
        return BigFloat.withWorkingPrecision(precision) {
            let level = problem.level(plan)
            let probe = problem.probe
            let arrangement = KinkArrangement(point: exact.point, radius: BigFloat(radius))
            let radii = [BigFloat(0)] + arrangement.criticalRadii
            var units: [QuadratureUnit] = []
            for i in 0..<(radii.count - 1) {
                let (start, end) = (radii[i], radii[i + 1])
                let (a, b) = (start.doubleValue, end.doubleValue)
                let profile = SublevelSet.intervals(on: a, b, samples: 24, level: level) {
                    probe.circleMinimum(radius: $0)
                }
                for interval in profile {
                    let touchesLower = interval.lower <= a, touchesUpper = interval.upper >= b
                    // A tangency radius is singular; 0, the truncation radius and crossings are not.
                    let map = IntervalMap(touchesLower ? start : BigFloat(interval.lower),
                                          touchesUpper ? end : BigFloat(interval.upper),
                                          singularLower: touchesLower && i > 0 && arrangement.isTangency(start),
                                          singularUpper: touchesUpper && i + 1 < radii.count - 1 && arrangement.isTangency(end))
                    let pieces = map.plannedOuterPieces(
                        digits: plan.targetDigits, level: plan.level, truncation: plan.truncation, threads: threads,
                        boundary: { boundaryLevels(radius: $0, problem: problem, curves: arrangement.curves) }
                    ) { r in
                        circleProxy(radius: r, problem: problem, arrangement: arrangement, level: level)
                    }
                    for (u0, u1, n) in pieces {
                        if debugPlans { print("DEBUG \(name) outer [\(u0.doubleValue), \(u1.doubleValue)] n=\(n) \(map.kind)") }
                        for (r, weight) in map.nodes(n, from: u0, to: u1, precision: precision) {
                            units.append(QuadratureUnit(outerWeight: weight) { kernel in
                                circle(radius: r, kernel: kernel, problem: problem, plan: plan, arrangement: arrangement,
                                       level: level, precision: precision)
                            })
                        }
                    }
                }
            }
            return units
        }
    }

    /// The arcs of the circle of radius `r` between consecutive crossing
    /// angles (given sorted in `[cut, cut + 2π)`), and the sub-intervals of each
    /// where `E ≤ level`.
    static func relevantArcs(radius r: Double, breaks: [Double], level: Double,
                             probe: LandscapeProbe) -> [(arc: Int, lower: Double, upper: Double)] {
        let cut = breaks.first ?? 0
        let ends = (breaks.isEmpty ? [cut] : breaks) + [cut + 2 * Double.pi]
        let relevant = SublevelSet.intervals(on: cut, cut + 2 * Double.pi, samples: 256, level: level) {
            probe.energy(r: r, theta: $0)
        }
        var out: [(Int, Double, Double)] = []
        for arc in 0..<(ends.count - 1) {
            for interval in relevant where interval.upper > ends[arc] && interval.lower < ends[arc + 1] {
                out.append((arc, max(interval.lower, ends[arc]), min(interval.upper, ends[arc + 1])))
            }
        }
        return out
    }

    /// The crossing angles at radius `r` in `[cut, cut + 2π)`, sorted (Double, for proxies).
    static func crossings(radius r: Double, curves: [KinkCurve]) -> [Double] {
        let twoPi = 2 * Double.pi
        var angles = curves.flatMap { $0.angularCrossings(radius: r) }.map { a -> Double in
            var x = a.truncatingRemainder(dividingBy: twoPi)
            if x < 0 { x += twoPi }
            return x
        }
        angles.sort()
        return angles
    }

    /// `q = β (E − E_min)` at each branch of each kink curve's crossing of the
    /// circle of radius `r` (`nan` where a branch does not exist).
    static func boundaryLevels(radius r: Double, problem: FrozenSquareProblem, curves: [KinkCurve]) -> [Double] {
        curves.filter { $0.kind != .originLine }.flatMap { curve -> [Double] in
            let angles = curve.angularCrossings(radius: r)
            return (0..<2).map { branch in
                guard branch < angles.count else { return .nan }
                return problem.betaDouble * (problem.probe.energy(r: r, theta: angles[branch]) - problem.minimum.energy)
            }
        }
    }

    /// The `Double` proxy of the outer integrand at r:
    /// `r ∫ (1 + Σ_x ℓ_x) exp(−β(E − E_min)) dθ` over the relevant arcs.
    static func circleProxy(radius r: Double, problem: FrozenSquareProblem, arrangement: KinkArrangement,
                            level: Double) -> Double {
        let breaks = crossings(radius: r, curves: arrangement.curves)
        var total = 0.0
        for (_, a, b) in relevantArcs(radius: r, breaks: breaks, level: level, probe: problem.probe) {
            total += DoubleRule.integrate(a, b) { theta in problem.proxy(x: r * Double.cos(theta), y: r * Double.sin(theta)) }
        }
        return r * total
    }

    /// The inner integral around the circle of radius `r`.
    static func circle(radius r: BigFloat, kernel: FrozenSquareKernel, problem: FrozenSquareProblem, plan: QuadraturePlan,
                       arrangement: KinkArrangement, level: Double, precision: Int) {
        let twoPi = 2 * BigFloat.pi
        var breaks = KinkArrangement.distinct(arrangement.curves.flatMap { $0.angularCrossings(radius: r) }
            .map { KinkArrangement.reduced($0, period: twoPi) })
        if breaks.isEmpty { breaks = [BigFloat(0)] }
        let ends = breaks + [breaks[0] + twoPi]
        let rd = r.doubleValue
        let arcs = relevantArcs(radius: rd, breaks: breaks.map(\.doubleValue), level: level, probe: problem.probe)
        for (arc, lo, hi) in arcs {
            let a = lo <= ends[arc].doubleValue ? ends[arc] : BigFloat(lo)
            let b = hi >= ends[arc + 1].doubleValue ? ends[arc + 1] : BigFloat(hi)
            guard a < b else { continue }
            let map = IntervalMap(a, b)
            let pieces = map.plannedInnerPieces(digits: plan.targetDigits, level: plan.level) { theta in
                problem.proxy(x: rd * Double.cos(theta), y: rd * Double.sin(theta))
            }
            for (u0, u1, n) in pieces {
                if debugPlans && debugInner { print("DEBUG   inner [\(u0.doubleValue), \(u1.doubleValue)] n=\(n)") }
                for (theta, w) in map.nodes(n, from: u0, to: u1, precision: precision) {
                    kernel.accumulate(x: r * BigFloat.cos(theta), y: r * BigFloat.sin(theta), radius: r, weight: w)
                }
            }
        }
    }
}
