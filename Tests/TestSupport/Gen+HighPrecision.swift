import HighPrecision
import PropertyBased

/// A random precision and a random fraction `u ∈ [0, 1]` carrying enough
/// random bits to fill every bit of that precision, so that property tests
/// exercise full-length mantissas rather than short Doubles.
public struct RandomReal: Sendable, CustomStringConvertible {
    /// The precision of the values it makes, in bits.
    public let precision: Int
    /// Random words; `u` uses the top 62 bits of each, most significant first.
    public let words: [UInt64]

    /// Bits of `u` taken from each word (so that every word fits in an `Int`).
    public static let bitsPerWord = 62

    public init(precision: Int, words: [UInt64]) {
        precondition(words.count * RandomReal.bitsPerWord >= precision, "\(words.count) words cannot fill \(precision) bits")
        self.precision = precision
        self.words = words
    }

    /// The same random bits at another precision.
    public func with(precision: Int) -> RandomReal { RandomReal(precision: precision, words: words) }

    /// `u = Σ wᵢ·2^{−62(i+1)}`, rounded to ``precision`` bits.
    public var unit: BigFloat {
        let bits = precision + 64
        let used = Swift.min(words.count, bits / RandomReal.bitsPerWord + 1)
        var u = BigFloat(0, precision: bits)
        for w in words[..<used].reversed() {
            u = (u + BigFloat(Int(w >> 2), precision: bits)).scaled(byPowerOfTwo: -RandomReal.bitsPerWord)
        }
        return u.rounded(toPrecision: precision)
    }

    /// `a + (b − a)·u` at ``precision`` bits: a full-precision number in
    /// `[a, b]` (up to the final rounding at the upper end).
    public func value(in range: ClosedRange<Double>) -> BigFloat {
        let a = BigFloat(range.lowerBound, precision: precision)
        let width = BigFloat(range.upperBound, precision: precision) - a
        return (a + width * unit).rounded(toPrecision: precision)
    }

    public var description: String {
        "RandomReal(precision: \(precision), u ≈ \(unit.rounded(toPrecision: 53).doubleValue))"
    }
}

extension Gen where Value == Int {
    /// Working precisions in bits; by default from `Double`'s 53 to 4096.
    public static func precision(in range: ClosedRange<Int> = 53...4096) -> Generator<Int, Shrink.Integer<Int>> {
        Gen.int(in: range)
    }
}

extension Gen where Value == RandomReal {
    /// A ``RandomReal`` with a precision drawn from `precisions`.
    public static func real(precisions: ClosedRange<Int> = 53...4096) -> Generator<RandomReal, AnySequence<Any>> {
        let count = precisions.upperBound / RandomReal.bitsPerWord + 1
        return zip(Gen<Int>.precision(in: precisions), Gen<UInt64>.value().array(of: count...count))
            .map { RandomReal(precision: $0, words: $1) }
            .eraseToAny()
    }
}
