import HighPrecision

/// A number printed with only the digits that two independent quadrature
/// routes agree on ("verified by two routes"; never "certified", which is
/// reserved for interval enclosures, [CertifiedDigits.md](../../../Derivations/CertifiedDigits.md)).
///
/// - `verified`: both routes round to ``text`` at ``digits`` significant digits.
/// - `verifiedZero`: both routes are within ``tolerance`` of 0, where the
///   tolerance is `10^{−D}` times the quantity's natural scale (for χ,
///   `β sd(φ) sd(ℓ)`): printed as `0`.
/// - `exact`: a structural value (a row that does not read `W_4`, the input
///   `00000`), known without quadrature.
/// - `disagreement`: the routes differ in the first digit (never printed as a number).
public struct VerifiedDecimal: Sendable, Equatable, CustomStringConvertible {
    public enum Status: String, Sendable { case verified, verifiedZero = "verified-zero", exact, disagreement }

    public let status: Status
    /// The agreed digits (`"0"` for a verified zero, `"?"` for a disagreement).
    public let text: String
    /// Significant digits agreed (0 for a zero or a disagreement; for an exact value, the digits asked for).
    public let digits: Int
    /// For a verified zero: the bound on `|value|`.
    public let tolerance: Double?

    public var description: String { text }

    /// An exact structural value.
    static func exact(_ value: BigFloat, digits: Int) -> VerifiedDecimal {
        VerifiedDecimal(status: .exact, text: value.decimal(significantDigits: digits), digits: digits, tolerance: nil)
    }

    /// The agreement of `a` and `b` at up to `digits` significant digits, for a
    /// quantity of natural size `scale` (see the type's description).
    static func agreement(_ a: BigFloat, _ b: BigFloat, scale: BigFloat, digits: Int) -> VerifiedDecimal {
        let tolerance = scale.magnitude * BigFloat.pow(BigFloat(10, precision: a.precision), -digits)
        if !(tolerance < a.magnitude) && !(tolerance < b.magnitude) {
            return VerifiedDecimal(status: .verifiedZero, text: "0", digits: 0, tolerance: tolerance.doubleValue)
        }
        for k in stride(from: digits, through: 1, by: -1) {
            let text = a.decimal(significantDigits: k)
            if text == b.decimal(significantDigits: k) {
                return VerifiedDecimal(status: .verified, text: text, digits: k, tolerance: nil)
            }
        }
        return VerifiedDecimal(status: .disagreement, text: "?", digits: 0, tolerance: nil)
    }

    /// Whether `a` and `b` meet `digits` for a quantity of size `scale`: they agree to
    /// `digits` significant digits, are both zero to `10^{−digits}` of the scale, or
    /// differ by at most `10^{−(digits+2)}` of the scale (a value much smaller than its
    /// scale, or one that straddles a rounding boundary, then prints fewer digits).
    static func meetsTarget(_ a: BigFloat, _ b: BigFloat, scale: BigFloat, digits: Int, agreed: VerifiedDecimal) -> Bool {
        switch agreed.status {
        case .exact, .verifiedZero: return true
        case .disagreement: break
        case .verified: if agreed.digits >= digits { return true }
        }
        let bound = scale.magnitude * BigFloat.pow(BigFloat(10, precision: a.precision), -(digits + 2))
        return !(bound < (a - b).magnitude)
    }
}
