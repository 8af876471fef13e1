import RealModule

/// Certified decimal output: digits that are proven, not just printed.
///
/// A value is evaluated as a ``BigInterval`` (outward rounding at every step), so
/// the exact real number `x` lies in `[lower, upper]`. Rounding to nearest is
/// monotone, so if `lower` and `upper` round to the same `D`-digit decimal, so
/// does `x`: that string is the correctly rounded `D`-digit value of `x`, and
/// every digit printed is certified. When the endpoints disagree, the value is
/// evaluated again at twice the precision (Ziv's strategy).
public enum Certified {
    /// A value could not be certified to the digits asked for.
    public struct Failure: Error, CustomStringConvertible {
        public let digits: Int
        public let maximumPrecision: Int
        public let enclosure: String
        public var description: String {
            "could not certify \(digits) significant digits below \(maximumPrecision) bits (enclosure \(enclosure)); "
                + "a value that is exactly zero must be computed as an exact zero"
        }
    }

    /// The initial working precision for `digits` decimal digits: `⌈digits · log₂10⌉ + 64` bits.
    public static func initialPrecision(forDigits digits: Int) -> Int {
        Int((Double(digits) * 3.3219280948873626).rounded(.up)) + 64
    }

    /// The default precision ceiling for `digits` digits: 2^15 bits, or four
    /// times ``initialPrecision(forDigits:)`` (two doublings) when that is larger.
    public static func defaultMaximumPrecision(forDigits digits: Int) -> Int {
        Swift.max(1 << 15, 4 * initialPrecision(forDigits: digits))
    }

    /// Evaluates `values` (a closed form in ``BigInterval``) at increasing working
    /// precision until every result prints with `digits` certified significant
    /// digits, and returns those strings.
    ///
    /// - Parameter maximumPrecision: the precision ceiling in bits (default:
    ///   ``defaultMaximumPrecision(forDigits:)``, so that even thousands of digits
    ///   get two doublings).
    /// - Throws: ``Failure`` if some value is still uncertified at the ceiling.
    public static func decimals(
        digits: Int, maximumPrecision: Int? = nil,
        _ values: () throws -> [BigInterval]
    ) throws -> [String] {
        precondition(digits >= 1)
        let maximumPrecision = maximumPrecision ?? defaultMaximumPrecision(forDigits: digits)
        precondition(BigFloat.precisionRange.contains(maximumPrecision), "maximum precision \(maximumPrecision) outside \(BigFloat.precisionRange)")
        var precision = Swift.min(initialPrecision(forDigits: digits), maximumPrecision)
        while true {
            let results = try BigFloat.withWorkingPrecision(precision, values)
            let strings = results.map { $0.certifiedDecimal(significantDigits: digits) }
            if strings.allSatisfy({ $0 != nil }) { return strings.map { $0! } }
            if precision >= maximumPrecision {
                let bad = zip(results, strings).first { $0.1 == nil }!.0
                throw Failure(digits: digits, maximumPrecision: maximumPrecision,
                              enclosure: "[\(bad.lower.decimal(significantDigits: 20)), \(bad.upper.decimal(significantDigits: 20))]")
            }
            precision = Swift.min(2 * precision, maximumPrecision)
        }
    }
}

extension BigInterval {
    /// The `D`-digit decimal string shared by every number in the interval, or
    /// `nil` if the endpoints round differently (see ``Certified``). An exact zero
    /// prints as `0`.
    public func certifiedDecimal(significantDigits digits: Int) -> String? {
        if lower.isZero && upper.isZero { return "0" }
        guard isFinite, isPositive || isNegative else { return nil }
        let lo = lower.decimal(significantDigits: digits)
        let hi = upper.decimal(significantDigits: digits)
        return lo == hi ? lo : nil
    }

    /// The largest number of significant digits (at most `limit`) that
    /// ``certifiedDecimal(significantDigits:)`` certifies; 0 if none.
    public func certifiedDigitCount(limit: Int = 10_000) -> Int {
        if lower.isZero && upper.isZero { return limit }
        guard isFinite, isPositive || isNegative else { return 0 }
        var lo = 0, hi = limit  // invariant: lo digits certified (0 trivially)
        // Certification is monotone in the digit count only approximately
        // (ties), so search downwards from an estimate.
        let relative = BigFloat.divide(width, lower.magnitude, rounding: .up).doubleValue
        var guess = relative > 0 ? Int((-Double.log10(relative)).rounded(.down)) + 1 : limit
        guess = Swift.max(1, Swift.min(guess, limit))
        while guess > 0 && certifiedDecimal(significantDigits: guess) == nil { guess -= 1 }
        lo = guess
        while lo < hi, certifiedDecimal(significantDigits: lo + 1) != nil { lo += 1 }
        return lo
    }
}
