import HighPrecision

/// The density that the rotation orbit leaves on the slice through a minimum
/// `w*` orthogonal to it, with localization `γ` centred at `w*`
/// ([Audit.md §6](../../../Derivations/Audit.md)).
///
/// Writing `w = R_ψ(w* + y)` with `y ⊥ Jw*`, the map has Jacobian
/// `‖w*‖(1 + u·y)`, `u = w*/‖w*‖²`, and `‖R_ψ(w* + y) − w*‖² = |y|² + 2(1 − cos ψ)(‖w*‖² + w*·y)`
/// exactly, so integrating ψ out of `exp(−(γ/2)‖w − w*‖²)` leaves on the slice
///
/// ```
/// e^{−γ|y|²/2} · t(u·y),    t(x) = (1 + x) · e^{−κ(1+x)} I₀(κ(1+x)),    κ = γ‖w*‖²,
/// ```
///
/// up to a constant. The expansion needs `log t(x) = s x + ½ s₂ x² + O(x³)`:
///
/// ```
/// s  = 1 − κ(1 − r),                  r = I₁(κ)/I₀(κ),
/// s₂ = −1 + κ² − κ r − κ² r²,
/// ```
///
/// `s = 1, s₂ = −1` at `γ = 0` (the orbit is free: the Jacobian alone) and
/// `s → ½ − 1/(8κ)`, `s₂ → −½ + 1/(4κ)` as `κ → ∞` (the angle is pinned and
/// the Gaussian integral over it contributes `(1 + x)^{−1/2}`).
public struct OrbitTilt<T: RealNumber>: Sendable {
    /// `κ = γ‖w*‖²`.
    public let kappa: T
    public let s: T
    public let s2: T

    /// Above this κ the asymptotic series (five terms, error `O(κ⁻⁵)` ≈ `10⁻¹¹`) replaces the power series.
    static var asymptoticThreshold: Double { 200 }

    public init(kappa: T) {
        precondition(kappa.doubleValue >= 0 && kappa.doubleValue.isFinite, "κ must be finite and ≥ 0")
        self.kappa = kappa
        let k = kappa.doubleValue
        if k == 0 {
            (s, s2) = (T(1), T(-1))
        } else if k < Self.asymptoticThreshold {
            // I₀ = Σ q^k/(k!)², I₁ = (κ/2) Σ q^k/(k!(k+1)!), q = κ²/4; the terms peak near k ≈ κ/2.
            let q = kappa * kappa / 4
            var term0 = T(1), term1 = T(1)
            var sum0 = T(1), sum1 = T(1)
            var index = 0
            while index < 2_000 {
                index += 1
                term0 = term0 * q / T(index * index)
                term1 = term1 * q / T(index * (index + 1))
                sum0 = sum0 + term0
                sum1 = sum1 + term1
                if Double(index) > k && term0.doubleValue <= 1e-40 * sum0.doubleValue { break }
            }
            let r = kappa / 2 * sum1 / sum0
            s = 1 - kappa * (1 - r)
            s2 = -1 + kappa * kappa - kappa * r - kappa * kappa * r * r
        } else {
            let x = 1 / kappa
            s = T.ratio(1, 2) - x / 8 - x * x / 8 - T.ratio(25, 128) * x * x * x - T.ratio(13, 32) * x * x * x * x
            s2 = -T.ratio(1, 2) + x / 4 + T.ratio(3, 8) * x * x + T.ratio(25, 32) * x * x * x + T.ratio(65, 32) * x * x * x * x
        }
    }
}
