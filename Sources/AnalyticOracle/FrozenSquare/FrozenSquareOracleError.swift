/// Why the frozen-square oracle for any data could not answer; every case names
/// the rejected value and what is allowed.
public enum FrozenSquareOracleError: Error, Equatable, CustomStringConvertible {
    /// Nothing confines `W_4`: no input type with feature 4 has positive weight.
    case improperPosterior(String)
    /// β is not a finite decimal number > 0.
    case invalidBeta(String)
    /// The digits asked for are outside the supported range.
    case digitsOutOfRange(Int, allowed: ClosedRange<Int>)
    /// The two routes did not agree to the digits asked for after every refinement.
    case targetNotMet(String)
    /// A quadrature produced NaN or ±∞ (an internal error).
    case nonFinite(String)

    public var description: String {
        switch self {
        case .improperPosterior(let why):
            return "the frozen-square posterior is improper: \(why); give some input type containing feature 4 (x_4 = 1) a positive weight"
        case .invalidBeta(let text):
            return "beta must be a finite decimal number > 0, got \"\(text)\""
        case .digitsOutOfRange(let digits, let allowed):
            return "digits must be in \(allowed.lowerBound)...\(allowed.upperBound), got \(digits)"
        case .targetNotMet(let what):
            return "the two quadrature routes did not agree to the digits asked for: \(what)"
        case .nonFinite(let what):
            return "internal error: a quadrature produced a non-finite value (\(what))"
        }
    }
}
