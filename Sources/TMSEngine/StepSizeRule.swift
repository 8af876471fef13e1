/// A default Langevin step that moves the flat (quartic) directions of a singular posterior and
/// still resolves its stiffest direction ([EngineSampler.md](../../Derivations/EngineSampler.md), "Default step"):
///
/// ```
/// ε = min(c/√β, a/K_max),   K_max = nβ·|λ|_max(∇²L(w*)) + γ   (free coordinates),
/// ```
///
/// - `c/√β`: at a dead feature the posterior has radius `∝ β^{−1/4}` and the chain is scale
///   invariant in `c = ε√β` (autocorrelation ≈ 1.2/c draws for the angle, 0.3/c for the loss;
///   SGLD's LLC bias ≈ 0.57c + 1.3c², [Audit.md](../../Derivations/Audit.md) §2);
/// - `a/K_max`: in a quadratic direction of curvature `K` SGLD's stationary variance is
///   `1/(K(1 − εK/4))`, too large by `≈ εK/4`, and MALA's acceptance falls as `εK` grows.
public struct StepSizeRule: Sendable, Equatable, Codable {
    /// `c`, the step in units of `1/√β`.
    public var scale: Double
    /// `a`, the largest `ε·K` allowed in the stiffest direction.
    public var stiffness: Double

    public init(scale: Double, stiffness: Double) {
        self.scale = scale
        self.stiffness = stiffness
    }

    /// SGLD: `c = 0.01` (the audit's SGLD default; LLC bias ≈ +0.006 at a dead feature, ≈ 120
    /// draws of autocorrelation), `a = 0.1` (variance ≤ 2.5% too large in the stiffest direction).
    public static let sgld = StepSizeRule(scale: 0.01, stiffness: 0.1)
    /// MALA: `c = 0.1` (the audit's MALA default, acceptance ≈ 0.94 at a dead feature),
    /// `a = 0.5` (acceptance ≈ 0.9 on the trained pentagon at β = 1000, γ = 100).
    public static let mala = StepSizeRule(scale: 0.1, stiffness: 0.5)

    /// The rule for `method`.
    public static func `default`(for method: SamplerSettings.Method) -> StepSizeRule {
        method == .mala ? mala : sgld
    }

    /// `ε = min(c/√β, a/K_max)` for the potential at `center` (β = nβ/N).
    public func stepSize<P: SamplingPotential>(
        potential: P, center: [Double], mask: ParameterMask? = nil, nBeta: Double, localization: Double
    ) -> Double {
        let beta = potential.inverseTemperature(nBeta: nBeta)
        let curvature = Self.largestCurvature(potential: potential, center: center, mask: mask, nBeta: nBeta, localization: localization)
        let flat = scale / beta.squareRoot()
        return curvature > 0 ? min(flat, stiffness / curvature) : flat
    }

    /// `K_max = nβ·|λ|_max + γ`, `|λ|_max` the largest eigenvalue magnitude of `∇²L` at `center` on the
    /// free coordinates: 100 power iterations from a fixed start, Hessian–vector products by central
    /// differences of the gradient with `δ = 10⁻³·max(1, max|w*_i|)` (wide enough that a ReLU kink
    /// at `w*` does not dominate). An estimate for choosing a step, not a certified bound.
    public static func largestCurvature<P: SamplingPotential>(
        potential: P, center: [Double], mask: ParameterMask? = nil, nBeta: Double, localization: Double
    ) -> Double {
        let free = mask?.freeCoordinates ?? Array(0..<potential.dimension)
        guard center.count == potential.dimension, !free.isEmpty else { return localization }
        let delta = 1e-3 * max(1, center.map(abs).max() ?? 1)
        var mixer = SplitMix64(seed: 0x5EED_57E9)
        var v = free.map { _ in Double(mixer.next() >> 11) * 0x1.0p-53 - 0.5 }
        var lambda = 0.0
        for _ in 0..<100 {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { break }
            v = v.map { $0 / norm }
            var plus = center, minus = center
            for (a, k) in free.enumerated() { plus[k] += delta * v[a]; minus[k] -= delta * v[a] }
            let gp = potential.lossAndGradient(plus).gradient, gm = potential.lossAndGradient(minus).gradient
            let hv = free.map { (gp[$0] - gm[$0]) / (2 * delta) }
            lambda = zip(hv, v).reduce(0) { $0 + $1.0 * $1.1 }  // Rayleigh quotient of the unit v
            v = hv
        }
        return nBeta * abs(lambda) + localization
    }
}
