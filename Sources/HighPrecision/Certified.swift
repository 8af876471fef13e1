import CMPFR
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
        /// Why the loop stopped.
        public enum Reason: Sendable, Equatable {
            /// Still uncertified at the precision ceiling.
            case precisionCeiling
            /// An intermediate result left MPFR's exponent range (underflow to 0 or
            /// overflow to ∞, around `2^(±1073741823)` ≈ `10^(±323228496)`):
            /// more precision cannot help, so the loop stops at once.
            case exponentRange
        }

        public let digits: Int
        public let maximumPrecision: Int
        public let enclosure: String
        /// The index (in the list of values) of the first value that failed, if known.
        public let index: Int?
        public let reason: Reason

        public init(digits: Int, maximumPrecision: Int, enclosure: String, index: Int? = nil, reason: Reason = .precisionCeiling) {
            self.digits = digits
            self.maximumPrecision = maximumPrecision
            self.enclosure = enclosure
            self.index = index
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .precisionCeiling:
                "could not certify \(digits) significant digits below \(maximumPrecision) bits (enclosure \(enclosure)); "
                    + "a value that is exactly zero must be computed as an exact zero"
            case .exponentRange:
                "could not certify \(digits) significant digits: an intermediate result underflowed or overflowed "
                    + "MPFR's exponent range (about 10^±323228496; enclosure \(enclosure))"
            }
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
    /// The loop is bounded twice: by the precision ceiling, and by MPFR's
    /// exponent range — when a value is still uncertified and an underflow or
    /// overflow happened while computing it (MPFR's thread-local flags), the loop
    /// stops at once with ``Failure/Reason/exponentRange``, since no precision
    /// can bring back a number MPFR cannot represent.
    ///
    /// - Parameters:
    ///   - digits: the number of significant digits wanted, at least 1.
    ///   - maximumPrecision: the precision ceiling in bits (default:
    ///     ``defaultMaximumPrecision(forDigits:)``, so that even thousands of digits
    ///     get two doublings).
    ///   - progress: called with each working precision before it is tried.
    ///   - values: the closed forms, evaluated once at each working precision tried.
    /// - Throws: ``Failure`` if some value is still uncertified at the ceiling or left
    ///   the exponent range.
    public static func decimals(
        digits: Int, maximumPrecision: Int? = nil, progress: ((Int) -> Void)? = nil,
        _ values: () throws -> [BigInterval]
    ) throws -> [String] {
        try refine(digits: digits, maximumPrecision: maximumPrecision, progress: progress, values) { x, _ in
            x.certifiedDecimal(significantDigits: digits)
        }
    }

    /// The precision loop shared by ``decimals(digits:maximumPrecision:progress:_:)``
    /// and ``decimalsOrZeroBounds(digits:maximumPrecision:_:)``: evaluates `values`
    /// at doubling working precision until `format` accepts every result (it
    /// receives the enclosure and the working precision), bounded by the
    /// precision ceiling and by MPFR's exponent range.
    static func refine(
        digits: Int, maximumPrecision: Int?, progress: ((Int) -> Void)?,
        _ values: () throws -> [BigInterval],
        format: (BigInterval, Int) -> String?
    ) throws -> [String] {
        precondition(digits >= 1)
        let maximumPrecision = maximumPrecision ?? defaultMaximumPrecision(forDigits: digits)
        precondition(BigFloat.precisionRange.contains(maximumPrecision), "maximum precision \(maximumPrecision) outside \(BigFloat.precisionRange)")
        var precision = Swift.min(initialPrecision(forDigits: digits), maximumPrecision)
        let rangeFlags = mpfr_flags_t(MPFR_FLAGS_UNDERFLOW | MPFR_FLAGS_OVERFLOW)
        let saved = mpfr_flags_save()
        defer { mpfr_flags_restore(saved, rangeFlags) }
        while true {
            progress?(precision)
            mpfr_flags_clear(rangeFlags)
            let results = try BigFloat.withWorkingPrecision(precision, values)
            let leftRange = mpfr_flags_test(rangeFlags) != 0
            let strings = results.map { format($0, precision) }
            guard let bad = strings.firstIndex(where: { $0 == nil }) else { return strings.map { $0! } }
            if leftRange || precision >= maximumPrecision {
                throw Failure(
                    digits: digits, maximumPrecision: maximumPrecision, enclosure: results[bad].enclosureText,
                    index: bad, reason: leftRange ? .exponentRange : .precisionCeiling)
            }
            precision = Swift.min(2 * precision, maximumPrecision)
        }
    }
}

extension BigInterval {
    /// `[lower, upper]` with 20 digits each, or only the binary exponents when
    /// an endpoint is far outside the range a short decimal prints quickly.
    var enclosureText: String {
        func text(_ x: BigFloat) -> String {
            if x.isNaN { return "nan" }
            if x.isInfinite { return x.signum > 0 ? "inf" : "-inf" }
            if x.isZero { return "0" }
            if Swift.abs(x.exponent) > 100_000 { return (x.signum < 0 ? "-" : "") + "2^\(x.exponent)" }
            return x.decimal(significantDigits: 20)
        }
        return "[\(text(lower)), \(text(upper))]"
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
        // `relative` may be 0 or ∞ when it leaves the range of a Double.
        var guess: Int
        if relative > 0, relative.isFinite {
            guess = Int(Swift.min(Swift.max(-Double.log10(relative), -1), Double(limit)).rounded(.down)) + 1
        } else {
            guess = relative > 0 ? 0 : limit
        }
        guess = Swift.max(1, Swift.min(guess, limit))
        while guess > 0 && certifiedDecimal(significantDigits: guess) == nil { guess -= 1 }
        lo = guess
        while lo < hi, certifiedDecimal(significantDigits: lo + 1) != nil { lo += 1 }
        return lo
    }
}
