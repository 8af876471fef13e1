/// A rough `Double` pass over the posterior that sizes the losses' variations:
/// `E[ℓ_x]` and `sd(ℓ_x)` to a few digits, so that the integrand proxy of
/// ``OrderPlanner`` weighs every input's kinks as they weigh in the
/// covariances (`χ` is compared with `β sd(φ) sd(ℓ_x)`, not with `E[ℓ_x]`).
///
/// r outer over the sublevel set of the circle minimum, θ inner over the
/// sublevel set on each circle, 48-point Gauss–Legendre rules, no splitting at
/// kinks: the numbers only steer the planning.
enum PosteriorPilot {
    static func lossMoments(_ problem: FrozenSquareProblem, radius: Double, level: Double) -> (means: [Double], deviations: [Double]) {
        let probe = problem.probe
        let rule = GaussLegendre<Double>(count: 48, newtonSteps: 8)
        var mass = 0.0
        var first = [Double](repeating: 0, count: 32), second = [Double](repeating: 0, count: 32)
        var losses = [Double](repeating: 0, count: 32)
        let profile = SublevelSet.intervals(on: 0, radius, samples: 48, level: level) { probe.circleMinimum(radius: $0) }
        for rInterval in profile {
            for (r, wr) in rule.mapped(to: rInterval.lower, rInterval.upper) {
                let arcs = SublevelSet.intervals(on: 0, 2 * Double.pi, samples: 256, level: level) { probe.energy(r: r, theta: $0) }
                for arc in arcs {
                    for (theta, wt) in rule.mapped(to: arc.lower, arc.upper) {
                        let energy = losses.withUnsafeMutableBufferPointer {
                            probe.energy(x: r * Double.cos(theta), y: r * Double.sin(theta), losses: $0.baseAddress!)
                        }
                        let w = wr * wt * r * Double.exp(-problem.betaDouble * (energy - problem.minimum.energy))
                        mass += w
                        for t in 0..<32 {
                            first[t] += w * losses[t]
                            second[t] += w * losses[t] * losses[t]
                        }
                    }
                }
            }
        }
        guard mass > 0 else { return (first, [Double](repeating: 1, count: 32)) }
        let means = first.map { $0 / mass }
        let deviations = (0..<32).map { t in max(second[t] / mass - means[t] * means[t], 0).squareRoot() }
        return (means, deviations)
    }
}
