import HighPrecision
import PropertyBased

/// A random precision and a random fraction `u ∈ [0, 1)` carrying enough
/// decimal digits to fill every bit of that precision, so that property tests
/// exercise full-length mantissas rather than short Doubles.
public struct RandomReal: Sendable, CustomStringConvertible {
    /// The precision of the values it makes, in bits.
    public let precision: Int
    /// The decimal digits of `u` after the point.
    public let fractionDigits: String

    public init(precision: Int, fractionDigits: String) {
        self.precision = precision
        self.fractionDigits = fractionDigits
    }

    /// `u`, correctly rounded to ``precision`` bits.
    public var unit: BigFloat {
        // The digits come from a generator of "0"..."9", so the text is well formed.
        try! BigFloat(decimal: "0." + fractionDigits, precision: precision)
    }

    /// `a + (b − a)·u` at ``precision`` bits: a full-precision number in
    /// `[a, b]` (up to the final rounding at the upper end).
    public func value(in range: ClosedRange<Double>) -> BigFloat {
        let a = BigFloat(range.lowerBound, precision: precision)
        let width = BigFloat(range.upperBound, precision: precision) - a
        return (a + width * unit).rounded(toPrecision: precision)
    }

    public var description: String { "RandomReal(precision: \(precision), u: 0.\(fractionDigits.prefix(20))…)" }
}

extension Gen where Value == Int {
    /// Working precisions in bits; by default from `Double`'s 53 to 4096.
    public static func precision(in range: ClosedRange<Int> = 53...4096) -> Generator<Int, Shrink.Integer<Int>> {
        Gen.int(in: range)
    }
}

extension Gen where Value == RandomReal {
    /// Decimal digits of the fraction: 1240 digits carry ⌊1240·log₂10⌋ = 4119 bits,
    /// more than the largest precision generated.
    public static let fractionDigitCount = 1240

    /// A ``RandomReal`` with a precision drawn from `precisions`.
    public static func real(precisions: ClosedRange<Int> = 53...4096) -> Generator<RandomReal, AnySequence<Any>> {
        precondition(precisions.upperBound <= 4096, "fraction digits cover at most 4096 bits")
        return zip(Gen<Int>.precision(in: precisions), Gen<Character>.number.string(of: fractionDigitCount...fractionDigitCount))
            .map { RandomReal(precision: $0, fractionDigits: $1) }
            .eraseToAny()
    }
}
