import HighPrecision

/// The posterior of the dead feature at the frozen square,
/// `p(W_4) ∝ exp(−β H) = e^{−β} exp(−β |W_4|⁴)` on the plane, i.e.
/// `p(r, θ) ∝ r e^{−β r⁴}` with θ uniform and independent of r.
/// Derivation: [QuarticPosterior.md](../../Derivations/QuarticPosterior.md);
/// β as in [Conventions §3](../../Derivations/Conventions.md).
///
/// ```
/// ∫_ℝ² e^{−β|w|⁴} dw = π^{3/2} / (2 β^{1/2}),
/// E[r^k]           = Γ((k+2)/4) / Γ(1/2) · β^{−k/4},
/// E[H] − H(0)      = E[r⁴] = 1/(2β),      LLC = β (E[H] − H(0)) = 1/2.
/// ```
public struct QuarticPosterior<T: RealNumber>: Sendable {
    /// The inverse temperature β > 0.
    public let beta: T

    public init(beta: T) { self.beta = beta }

    /// `∫_ℝ² e^{−β|w|⁴} dw = π^{3/2} / (2 β^{1/2})`, the normalizer of `r e^{−βr⁴} dr dθ`.
    public var planeNormalizer: T { T.pi * T.sqrt(T.pi) / (2 * T.sqrt(beta)) }

    /// `Z = ∫ e^{−β H} dW_4 = e^{−β} π^{3/2} / (2 β^{1/2})` (`H(0) = 1`).
    public var partitionFunction: T { T.exp(-beta) * planeNormalizer }

    /// `E[r^k] = Γ((k+2)/4) / Γ(1/2) · β^{−k/4}`, for `k > −2`.
    public func radialMoment(_ k: Int) -> T {
        precondition(k > -2, "E[r^k] diverges for k ≤ −2")
        return T.gamma(T.ratio(k + 2, 4)) / T.sqrt(T.pi) * T.pow(beta, T.ratio(-k, 4))
    }

    /// `Cov(r^a, r^b) = E[r^{a+b}] − E[r^a] E[r^b]`.
    public func radialCovariance(_ a: Int, _ b: Int) -> T {
        radialMoment(a + b) - radialMoment(a) * radialMoment(b)
    }

    /// `E[H] = 1 + E[r⁴] = 1 + 1/(2β)`.
    public var expectedTotalLoss: T { 1 + radialMoment(4) }

    /// The local learning coefficient of the dead-feature block,
    /// `β (E[H] − H(0)) = β E[r⁴] = Γ(3/2)/Γ(1/2) = 1/2` for every β.
    public var llc: T { beta * radialMoment(4) }
}
