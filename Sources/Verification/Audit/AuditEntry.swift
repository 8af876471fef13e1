/// One audited number: an estimate with its standard error, against the
/// oracle's value of the same quantity.
///
/// `bias = estimate − oracle`, `z = bias / standardError`. An entry whose
/// standard error is exactly 0 (a quantity that is constant on the posterior,
/// such as the χ row of an observable that does not involve `W_4` at the
/// frozen square) has `z = 0` when the estimate equals the oracle to
/// ``exactTolerance(_:)`` and `z = ±∞` otherwise. Without a standard error, `z` is `nil`.
///
/// **Asymptotic references.** When the oracle's value is an expansion with
/// a stated bound on what it leaves out (`|truth − oracle| ≤` ``referenceBound``,
/// e.g. the `O(β⁻²)` term of the full model's finite-β expansion), `z` is still
/// `bias/SE`, and the gate judges ``gateZ``: the part of the bias beyond the
/// bound, `sign(bias) · max(0, |bias| − bound)/SE`
/// ([Audit.md §4](../../../Derivations/Audit.md), "Reference uncertainty").
/// For an exact reference the bound is 0 and `gateZ = z`.
public struct AuditEntry: Sendable, Equatable {
    /// The case this entry belongs to (e.g. `mala β=50 ε=0.0028`).
    public var caseLabel: String
    /// What is estimated: `chi[dot(0,4),10000]`, `chi_mp[norm(4),00001]`, `E[r^2]`, `llc`.
    public var quantity: String
    public var estimate: Double
    public var standardError: Double?
    public var oracle: Double
    /// `|truth − oracle| ≤ referenceBound`: 0 for an exact (closed-form, certified) reference.
    public var referenceBound: Double

    /// Agreement required of an entry with zero standard error: `1e-12 · max(1, |oracle|)`.
    public static func exactTolerance(_ oracle: Double) -> Double { 1e-12 * max(1, oracle.magnitude) }

    public init(caseLabel: String, quantity: String, estimate: Double, standardError: Double?, oracle: Double, referenceBound: Double = 0) {
        self.caseLabel = caseLabel
        self.quantity = quantity
        self.estimate = estimate
        self.standardError = standardError
        self.oracle = oracle
        self.referenceBound = referenceBound
    }

    /// `estimate − oracle`.
    public var bias: Double { estimate - oracle }

    /// `bias / standardError` (see the type's discussion for a zero or missing standard error).
    public var z: Double? {
        guard let se = standardError else { return nil }
        if se > 0 { return bias / se }
        if bias.magnitude <= AuditEntry.exactTolerance(oracle) { return 0 }
        return bias > 0 ? .infinity : -.infinity
    }

    /// The z the gate judges: `sign(bias) · max(0, |bias| − referenceBound)/SE`, i.e. the
    /// bias beyond what the reference itself may be off by (`z` when the reference is exact).
    public var gateZ: Double? {
        guard let se = standardError else { return nil }
        let excess = Swift.max(0, bias.magnitude - referenceBound)
        if se > 0 { return (bias < 0 ? -excess : excess) / se }
        if excess <= AuditEntry.exactTolerance(oracle) { return 0 }
        return bias > 0 ? .infinity : -.infinity
    }

    /// Whether the nominal 95% interval `estimate ± 1.96·SE`, widened by the reference's
    /// bound, contains the oracle (`nil` without a positive standard error).
    public var covered: Bool? {
        guard let se = standardError, se > 0, let z = gateZ else { return nil }
        return z.magnitude <= AuditEntry.normalQuantile975
    }

    /// `Φ⁻¹(0.975)`.
    public static let normalQuantile975 = 1.959963984540054
}
