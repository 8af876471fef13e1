/// The perturbation scale `s` of a patterning step, `h = rule(h, s·dh)`.
public enum StepScale: Equatable, Sendable {
    /// A fixed `s` (the essay's α of the weight rules). The weight change is
    /// then proportional to the tracking error, so it shrinks as the target
    /// is approached.
    case absolute(Double)
    /// `s = maxChange / max_x |dh_x|`: the largest single weight change is
    /// `maxChange` (in units of the mean weight 1). Insensitive to the
    /// overall scale of χ (∝ β), so one value works across temperatures;
    /// the change no longer shrinks with the tracking error.
    case maxChange(Double)
    /// Integral action for event-triggered control: the largest weight change
    /// is `min(cap, perEpoch · Δt)`, with `Δt` the epochs since the previous
    /// estimate (`cap` at the first one). An integrating controller adds
    /// `gain · δμ · Δt` over an interval `Δt`; with a fixed per-step change a
    /// controller that estimates rarely integrates the error proportionally
    /// less, so it cannot push the features over the barrier between minima
    /// (see [PatterningRewrite.md](../../Derivations/PatterningRewrite.md)).
    /// On a periodic schedule with interval `K` this is `maxChange(min(cap, perEpoch·K))`.
    case integral(perEpoch: Double, cap: Double)

    /// `s` for the direction `dh`, the previous estimate `interval` epochs ago
    /// (`nil` at the first step).
    ///
    /// - Throws: `PatterningError.nonFiniteScale` for a non-finite value,
    ///   `.invalidParameter` for a negative `maxChange`, rate or cap.
    public func scale(for dh: [Double], interval: Int? = nil) throws -> Double {
        switch self {
        case .integral(let rate, let cap):
            guard rate >= 0, rate.isFinite else { throw PatterningError.invalidParameter(name: "perEpoch", value: rate, allowed: "finite, ≥ 0") }
            guard cap >= 0, cap.isFinite else { throw PatterningError.invalidParameter(name: "cap", value: cap, allowed: "finite, ≥ 0") }
            return try StepScale.maxChange(interval.map { min(cap, rate * Double($0)) } ?? cap).scale(for: dh)
        case .absolute(let s):
            guard s.isFinite else { throw PatterningError.nonFiniteScale(s) }
            return s
        case .maxChange(let c):
            guard c >= 0, c.isFinite else { throw PatterningError.invalidParameter(name: "maxChange", value: c, allowed: "finite, ≥ 0") }
            let top = dh.map(abs).max() ?? 0
            return top > 0 ? c / top : 0
        }
    }
}
