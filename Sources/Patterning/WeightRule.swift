import Foundation

/// How a reweighting direction `dh` becomes valid training weights
/// (essay, "From dh to training weights").
///
/// Both rules return weights with mean exactly 1 (up to rounding), so the
/// effective learning rate of `L(w; h) = (1/n) Σ h_x ℓ_x` is unchanged, and
/// both reduce to `h = h₀` at scale `s = 0` when `mean(h₀) = 1`.
public enum WeightRule: Equatable, Sendable {
    /// `h = max(h₀ + s·dh, ε) / mean(max(h₀ + s·dh, ε))`.
    ///
    /// Every weight is at least `ε / mean(max(h₀ + s·dh, ε)) > 0`. When no
    /// entry is clipped and `Σ dh = 0`, `mean(h₀) = 1`, this is exactly
    /// `h₀ + s·dh`.
    case additive(floor: Double = 1e-3)
    /// `h ∝ h₀ · exp(s·dh)`, normalised to mean 1.
    ///
    /// Never negative and needs no floor; types with `h₀ = 0` stay at 0.
    /// Invariant under `dh → dh + c`. To first order in `s`,
    /// `h ≈ h₀ (1 + s (dh − Σ h₀ dh / Σ h₀))` (for `mean(h₀) = 1`).
    case exponential

    /// The default additive floor of the essay, `ε = 10⁻³`.
    public static let defaultFloor = 1e-3

    /// Applies the rule.
    ///
    /// - Throws: `PatterningError.dimensionMismatch` if `dh` and `h₀` differ
    ///   in size; `.nonFinite` for NaN/∞ in `dh`; `.invalidBaselineWeight` for
    ///   a negative or non-finite `h₀` entry or all-zero `h₀`;
    ///   `.nonFiniteScale` for non-finite `s`; `.nonPositiveFloor` for `ε ≤ 0`.
    public func weights(baseline h0: [Double], direction dh: [Double], scale s: Double) throws -> [Double] {
        guard dh.count == h0.count else {
            throw PatterningError.dimensionMismatch(name: "reweighting dh", expected: h0.count, actual: dh.count)
        }
        try PatterningError.checkFinite(dh, name: "reweighting dh")
        if let i = h0.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw PatterningError.invalidBaselineWeight(index: i, value: h0[i])
        }
        guard h0.contains(where: { $0 > 0 }) else { throw PatterningError.invalidBaselineWeight(index: -1, value: 0) }
        guard s.isFinite else { throw PatterningError.nonFiniteScale(s) }
        let raw: [Double]
        switch self {
        case .additive(let floor):
            guard floor > 0, floor.isFinite else { throw PatterningError.nonPositiveFloor(floor) }
            raw = zip(h0, dh).map { max($0 + s * $1, floor) }
            try PatterningError.checkFinite(raw, name: "h₀ + s·dh")
        case .exponential:
            // Shift the exponent by its maximum over the support so that
            // exp never overflows; the normalisation removes the shift.
            let exponents = zip(h0, dh).map { $0 > 0 ? s * $1 : -Double.infinity }
            let top = exponents.max()!
            guard top.isFinite else { throw PatterningError.nonFiniteScale(s) }
            raw = zip(h0, exponents).map { $0 > 0 ? $0 * exp($1 - top) : 0 }
        }
        let mean = raw.reduce(0, +) / Double(raw.count)
        return raw.map { $0 / mean }
    }
}
