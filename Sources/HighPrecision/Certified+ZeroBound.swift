extension Certified {
    /// Like ``decimals(digits:maximumPrecision:progress:_:)``, for values of which some
    /// are exactly zero in truth but only enclosed by a small interval around
    /// 0 (a rotation eigenvalue, a pre-activation that vanishes by symmetry).
    ///
    /// Each value prints as its `digits` certified significant digits; an
    /// exact zero prints as `0`; an enclosure that contains 0 and lies within
    /// `±2^{−p/2}` at working precision `p` prints as `|x| ≤ b` with `b` an
    /// upper bound of its magnitude (2 significant digits, rounded up) — a
    /// certified bound, not a digit. Anything else is recomputed at doubled
    /// precision, up to `maximumPrecision`.
    ///
    /// - Throws: ``Failure`` if some value is neither certified nor bounded at the ceiling, or left the exponent range.
    public static func decimalsOrZeroBounds(
        digits: Int, maximumPrecision: Int? = nil, _ values: () throws -> [BigInterval]
    ) throws -> [String] {
        try refine(digits: digits, maximumPrecision: maximumPrecision, progress: nil, values) { x, precision in
            zeroBoundDecimal(x, digits: digits, precision: precision)
        }
    }

    /// The certified digits of `x`, or `|x| ≤ b` for a tiny enclosure of 0 at `precision` bits, or `nil`.
    static func zeroBoundDecimal(_ x: BigInterval, digits: Int, precision: Int) -> String? {
        if let s = x.certifiedDecimal(significantDigits: digits) { return s }
        let threshold = BigFloat(1, precision: 2).scaled(byPowerOfTwo: -precision / 2)
        let m = x.magnitude.upper
        guard x.isFinite, !(x.isPositive || x.isNegative), !(threshold < m) else { return nil }
        let bound = m.decimalDigits(2, rounding: .up).map { BigFloat.format(negative: false, digits: $0.digits, exponent: $0.exponent) } ?? "0"
        return "|x| ≤ \(bound)"
    }
}
