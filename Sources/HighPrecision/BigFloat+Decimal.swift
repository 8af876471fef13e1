import CMPFR

/// A decimal string that could not be read as a number.
public struct MalformedDecimalError: Error, CustomStringConvertible, Equatable {
    /// The text that was rejected.
    public let text: String
    public var description: String { "not a decimal number: \"\(text)\" (expected e.g. 1, -2.5, 3.0e-7)" }
}

extension BigFloat {
    /// Reads a finite decimal number (`[+-]digits[.digits][e[+-]digits]`),
    /// correctly rounded to `precision` bits (default: the working precision).
    ///
    /// - Throws: ``MalformedDecimalError`` naming the text, for anything else
    ///   (empty strings, `nan`, `inf`, hexadecimal, trailing characters).
    public init(decimal text: String, precision: Int? = nil, rounding: Rounding = .nearest) throws {
        guard BigFloat.isDecimalLiteral(text) else { throw MalformedDecimalError(text: text) }
        let p = precision ?? BigFloat.workingPrecision
        var consumedAll = false
        let value = BigFloat.make(precision: p) { ptr in
            text.withCString { cstr in
                var end: UnsafeMutablePointer<CChar>? = nil
                _ = mpfr_strtofr(ptr, cstr, &end, 10, rounding.mpfr)
                consumedAll = end.map { $0.pointee == 0 } ?? false
            }
        }
        guard consumedAll, value.isFinite else { throw MalformedDecimalError(text: text) }
        self = value
    }

    /// Whether `text` is a plain decimal literal: optional sign, digits with
    /// an optional point, optional exponent (`50`, `-0.1`, `1.5e3`); no `inf`,
    /// `nan`, hex or spaces.
    public static func isDecimalLiteral(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        var mantissaDigits = 0
        while let c = s.first, c.isASCII, c.isNumber { mantissaDigits += 1; s = s.dropFirst() }
        if s.first == "." {
            s = s.dropFirst()
            while let c = s.first, c.isASCII, c.isNumber { mantissaDigits += 1; s = s.dropFirst() }
        }
        guard mantissaDigits > 0 else { return false }
        if s.first == "e" || s.first == "E" {
            s = s.dropFirst()
            if s.first == "+" || s.first == "-" { s = s.dropFirst() }
            var exponentDigits = 0
            while let c = s.first, c.isASCII, c.isNumber { exponentDigits += 1; s = s.dropFirst() }
            guard exponentDigits > 0 else { return false }
        }
        return s.isEmpty
    }

    /// The significant decimal digits and the decimal exponent `e` such that the
    /// value is `0.d₁d₂…dₙ × 10^e`, rounded as asked. `nil` for zero, NaN, ±∞.
    public func decimalDigits(_ count: Int, rounding: Rounding = .nearest) -> (negative: Bool, digits: String, exponent: Int)? {
        precondition(count >= 1, "at least one significant digit")
        guard isFinite, !isZero else { return nil }
        var exp: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &exp, 10, count, storage.pointer, rounding.mpfr) else { return nil }
        defer { mpfr_free_str(raw) }
        var s = String(cString: raw)
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        return (negative, s, Int(exp))
    }

    /// The value with `digits` significant decimal digits, rounded as asked:
    /// positional notation when the decimal exponent is in −5…20
    /// (`0.0012345`, `846.58`), scientific otherwise (`1.2345e-7`). Zero prints as
    /// `0`, and non-finite values as `nan`, `inf`, `-inf`.
    public func decimal(significantDigits digits: Int, rounding: Rounding = .nearest) -> String {
        if isNaN { return "nan" }
        if isInfinite { return signum < 0 ? "-inf" : "inf" }
        guard let (negative, d, e) = decimalDigits(digits, rounding: rounding) else { return "0" }
        return BigFloat.format(negative: negative, digits: d, exponent: e)
    }

    /// Formats `±0.d₁d₂… × 10^e` as described in ``decimal(significantDigits:rounding:)``.
    static func format(negative: Bool, digits d: String, exponent e: Int) -> String {
        let sign = negative ? "-" : ""
        let pointPosition = e  // digits before the decimal point
        let decimalExponent = e - 1  // the value is d₁.d₂… × 10^(e−1)
        if !(-5...20).contains(decimalExponent) {
            let head = d.prefix(1)
            let tail = d.dropFirst()
            let mantissa = tail.isEmpty ? String(head) : "\(head).\(tail)"
            return "\(sign)\(mantissa)e\(e - 1)"
        }
        if pointPosition <= 0 {
            return "\(sign)0.\(String(repeating: "0", count: -pointPosition))\(d)"
        }
        if pointPosition >= d.count {
            return "\(sign)\(d)\(String(repeating: "0", count: pointPosition - d.count))"
        }
        let i = d.index(d.startIndex, offsetBy: pointPosition)
        return "\(sign)\(d[..<i]).\(d[i...])"
    }
}

extension BigFloat: CustomStringConvertible {
    /// The value with as many decimal digits as its precision carries.
    public var description: String {
        decimal(significantDigits: Swift.max(1, Int(Double(precision) * 0.30102999566398) + 1))
    }
}
