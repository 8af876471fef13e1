/// One audited number: an estimate with its standard error, against the
/// oracle's value of the same quantity.
///
/// `bias = estimate − oracle`, `z = bias / standardError`. An entry whose
/// standard error is exactly 0 (a quantity that is constant on the posterior,
/// such as the χ row of an observable that does not involve `W_4` at the
/// frozen square) has `z = 0` when the estimate equals the oracle to
/// ``exactTolerance(_:)`` and `z = ±∞` otherwise. Without a standard error, `z` is `nil`.
public struct AuditEntry: Sendable, Equatable {
    /// The case this entry belongs to (e.g. `mala β=50 ε=0.0028`).
    public var caseLabel: String
    /// What is estimated: `chi[dot(0,4),10000]`, `chi_mp[norm(4),00001]`, `E[r^2]`, `llc`.
    public var quantity: String
    public var estimate: Double
    public var standardError: Double?
    public var oracle: Double

    /// Agreement required of an entry with zero standard error: `1e-12 · max(1, |oracle|)`.
    public static func exactTolerance(_ oracle: Double) -> Double { 1e-12 * max(1, oracle.magnitude) }

    public init(caseLabel: String, quantity: String, estimate: Double, standardError: Double?, oracle: Double) {
        self.caseLabel = caseLabel
        self.quantity = quantity
        self.estimate = estimate
        self.standardError = standardError
        self.oracle = oracle
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

    /// Whether the nominal 95% interval `estimate ± 1.96·SE` contains the oracle
    /// (`nil` without a positive standard error).
    public var covered: Bool? {
        guard let se = standardError, se > 0, let z else { return nil }
        return z.magnitude <= AuditEntry.normalQuantile975
    }

    /// `Φ⁻¹(0.975)`.
    public static let normalQuantile975 = 1.959963984540054
}
