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

    /// `s` for the direction `dh`.
    ///
    /// - Throws: `PatterningError.nonFiniteScale` for a non-finite value,
    ///   `.invalidParameter` for a negative `maxChange`.
    public func scale(for dh: [Double]) throws -> Double {
        switch self {
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
