import HighPrecision

/// Closed-form susceptibilities at the 4→5 bifurcation (the frozen square of
/// ``BifurcationPoint``, posterior ``QuarticPosterior``).
/// Derivation: [BifurcationSusceptibilities.md](../../Derivations/BifurcationSusceptibilities.md);
/// sign and normalisation: [Conventions §6](../../Derivations/Conventions.md),
/// `χ_{k,x} = −β Cov_β(φ_k, ℓ_x)`.
///
/// For an input `x` without feature 4, with `v_x = Σ_{i ∈ x} W_i`:
///
/// ```
/// χ_{dot(i,4), x} = −α |v_x| (v_x · W_i),         α = 2 β^{1/2} / (3 π^{3/2})
/// χ_{pos(4,·), x} = −γ |v_x| v_x,                 γ = 2 Γ(5/4) β^{1/4} / (3 π^{3/2})
/// χ_{norm(4), x}  = −κ |v_x|²,                    κ = (β^{1/4}/4) (Γ(5/4)/√π − Γ(3/4)/π)
/// ```
///
/// and for `x = 00001` (`ℓ = 1 − r² + r⁴`, θ-independent): the dot and pos rows
/// vanish and `χ_{norm(4), 00001} = 4κ − β^{−1/4} Γ(3/4)/(4√π)`. Rows of
/// observables that do not involve `W_4` (`dot(i,j)`, `norm(i)`, `pos(i,·)`,
/// `i, j < 4`) are constant on the posterior, so their χ is 0.
///
/// Scaling: dot rows ∝ β^{1/2}, pos rows ∝ β^{1/4}, the norm row ∝ β^{1/4} except
/// the two-term law of the `00001` column. These exponents are the fingerprint
/// of the quartic well: at a regular (quadratic) minimum with the same angular
/// structure the dot rows would not depend on β and the pos rows would scale as
/// β^{−1/2}; the essay's "regular β¹" is only the prefactor of the covariance
/// (BifurcationSusceptibilities.md).
public struct BifurcationSusceptibilities<T: RealNumber>: Sendable {
    public let beta: T
    public let point: BifurcationPoint<T>
    public let posterior: QuarticPosterior<T>

    public init(beta: T, point: BifurcationPoint<T> = .square) {
        self.beta = beta
        self.point = point
        self.posterior = QuarticPosterior(beta: beta)
    }

    /// `α = 2 β^{1/2} / (3 π^{3/2})` (0.84658… at β = 50), the anti-diagonal entry of the dot rows.
    public var alpha: T { 2 * T.sqrt(beta) / (3 * T.pi * T.sqrt(T.pi)) }

    /// `γ = 2 Γ(5/4) β^{1/4} / (3 π^{3/2})`, the scale of the position rows.
    public var positionCoefficient: T {
        2 * T.gamma(T.ratio(5, 4)) * T.pow(beta, T.ratio(1, 4)) / (3 * T.pi * T.sqrt(T.pi))
    }

    /// `κ = (β^{1/4}/4)(Γ(5/4)/√π − Γ(3/4)/π) = (β/4) Cov(r, r²)`, the scale of the norm row.
    public var normCoefficient: T { beta * posterior.radialCovariance(1, 2) / 4 }

    /// `χ_{norm(4), 00001} = −β (Cov(r, r⁴) − Cov(r, r²)) = 4κ − β^{−1/4} Γ(3/4)/(4√π)`.
    public var ownNormSusceptibility: T {
        -beta * (posterior.radialCovariance(1, 4) - posterior.radialCovariance(1, 2))
    }

    /// `χ_{k,x} = −β Cov(φ_k, ℓ_x)` (Conventions §6).
    ///
    /// - Throws: ``OracleError/unsupportedInput(_:)`` for inputs containing
    ///   feature 4 and another feature.
    public func chi(_ observable: Observable, _ x: InputType) throws -> T {
        if x.contains(4) && x.features != [4] { throw OracleError.unsupportedInput(x.name) }
        guard observable.features.contains(4) else { return 0 }
        if x.contains(4) {
            // ℓ_{00001} = 1 − r² + r⁴ depends on r only: only norm(4) correlates with it.
            if case .norm = observable { return ownNormSusceptibility }
            return 0
        }
        let v = point.signal(x)
        switch observable {
        case .dot(let i, let j):
            if i == j { return 0 }
            return -alpha * v.norm * v.dot(point.vertices[i == 4 ? j : i])
        case .norm:
            return -normCoefficient * v.normSquared
        case .pos(_, .x):
            return -positionCoefficient * v.norm * v.x
        case .pos(_, .y):
            return -positionCoefficient * v.norm * v.y
        }
    }

    /// `Σ_{y one-hot} χ_{k,y} = −β Cov(φ_k, H)` with `H = 1 + r⁴`: `−β Cov(r, r⁴)
    /// = −β^{−1/4} Γ(3/4)/(4√π)` for `norm(4)`, and exactly 0 for every other row
    /// (θ-odd observables are uncorrelated with the θ-independent H).
    public func oneHotTotal(_ observable: Observable) -> T {
        if case .norm(4) = observable { return -beta * posterior.radialCovariance(1, 4) }
        return 0
    }

    /// The mean-preserving variant relative to the one-hot training weights
    /// (Conventions §6): `χ^mp_{k,x} = χ_{k,x} − (1/5) Σ_{y one-hot} χ_{k,y}`.
    /// The dot and pos rows are unchanged; the norm row shifts by
    /// `+β^{−1/4} Γ(3/4)/(20√π)` (see ``oneHotTotal(_:)``).
    public func meanPreservingChi(_ observable: Observable, _ x: InputType) throws -> T {
        let chi = try chi(observable, x)
        guard case .norm(4) = observable else { return chi }
        return chi - oneHotTotal(observable) / 5
    }

    /// The matrix `χ[row][column]` for `rows × inputs`.
    public func matrix(
        rows: [Observable] = Observable.oracleRows, inputs: [InputType] = InputType.oneHot,
        meanPreserving: Bool = false
    ) throws -> [[T]] {
        try rows.map { k in try inputs.map { meanPreserving ? try meanPreservingChi(k, $0) : try chi(k, $0) } }
    }
}
