import CMPFR

/// A closed interval `[lower, upper]` of ``BigFloat`` endpoints that is
/// guaranteed to contain the exact real value it stands for.
///
/// Every operation rounds its lower endpoint down (MPFR's RNDD) and its upper
/// endpoint up (RNDU), so the enclosure property survives any sequence of
/// operations: if `x ∈ X` and `y ∈ Y` then `x ∘ y ∈ X ∘ Y`. Monotone functions
/// (`exp`, `log`, `sqrt`, Γ on either side of its minimum) are evaluated at the
/// endpoints; `sin` and `cos` use their Lipschitz constant 1 around the midpoint.
///
/// `BigInterval` conforms to ``RealNumber``, so a closed form written once
/// generically evaluates in `Double`, in ``BigFloat`` and here, where the result
/// states how many of its digits are proven
/// (``certifiedDecimal(significantDigits:)``, ``Certified``).
///
/// Precision: as for ``BigFloat`` (the maximum of the operands; constants at the
/// working precision).
public struct BigInterval: Sendable {
    /// A lower bound of the value, rounded down.
    public let lower: BigFloat
    /// An upper bound of the value, rounded up.
    public let upper: BigFloat

    /// The interval `[lower, upper]`; `lower ≤ upper` is required.
    public init(lower: BigFloat, upper: BigFloat) {
        precondition(!(upper < lower), "empty interval [\(lower), \(upper)]")
        self.lower = lower
        self.upper = upper
    }

    /// The point interval `[x, x]`.
    public init(_ x: BigFloat) {
        lower = x
        upper = x
    }

    /// The tightest interval at `precision` bits containing the decimal `text`.
    public init(decimal text: String, precision: Int? = nil) throws {
        lower = try BigFloat(decimal: text, precision: precision, rounding: .down)
        upper = try BigFloat(decimal: text, precision: precision, rounding: .up)
    }

    /// The whole real line, the result of an operation with no finite enclosure.
    public static func entire(precision: Int) -> BigInterval {
        let inf = BigFloat.make(precision: precision) { mpfr_set_inf($0, 1) }
        return BigInterval(lower: -inf, upper: inf)
    }

    public var precision: Int { Swift.max(lower.precision, upper.precision) }
    /// The midpoint, rounded to nearest.
    public var midpoint: BigFloat { BigFloat.add(lower, upper, rounding: .nearest).scaled(byPowerOfTwo: -1) }
    /// An upper bound of `upper − lower`.
    public var width: BigFloat { BigFloat.subtract(upper, lower, rounding: .up) }
    /// An upper bound of the distance from ``midpoint`` to either endpoint.
    public var radius: BigFloat {
        let m = midpoint
        return BigFloat.max(BigFloat.subtract(upper, m, rounding: .up), BigFloat.subtract(m, lower, rounding: .up))
    }
    public var isPoint: Bool { lower == upper }
    public var isFinite: Bool { lower.isFinite && upper.isFinite }

    /// Whether `x` lies in the interval.
    public func contains(_ x: BigFloat) -> Bool { !(x < lower) && !(upper < x) }

    /// Whether every point of the interval is > 0.
    public var isPositive: Bool { lower.signum > 0 }
    /// Whether every point of the interval is < 0.
    public var isNegative: Bool { upper.signum < 0 }
}

// MARK: - Helpers

extension BigInterval {
    /// The hull of the corner values of `×` or `÷`, rounded outwards.
    ///
    /// A corner that is NaN comes from 0·∞ or ∞/∞; as in IEEE 1788 it counts as
    /// 0, which the closure of the set of products (quotients) of finite points
    /// contains, so the hull stays a valid enclosure instead of turning NaN.
    @inline(__always)
    static func bounds(_ candidates: [(BigFloat.Rounding) -> BigFloat]) -> BigInterval {
        func zeroIfNaN(_ x: BigFloat) -> BigFloat { x.isNaN ? BigFloat(0, precision: x.precision) : x }
        let lows = candidates.map { zeroIfNaN($0(.down)) }
        let highs = candidates.map { zeroIfNaN($0(.up)) }
        return BigInterval(lower: lows.dropFirst().reduce(lows[0], BigFloat.min),
                           upper: highs.dropFirst().reduce(highs[0], BigFloat.max))
    }

    /// `f` increasing: `[f(lower)↓, f(upper)↑]`.
    @inline(__always)
    func increasing(_ f: (BigFloat, BigFloat.Rounding) -> BigFloat) -> BigInterval {
        BigInterval(lower: f(lower, .down), upper: f(upper, .up))
    }

    /// `f` decreasing: `[f(upper)↓, f(lower)↑]`.
    @inline(__always)
    func decreasing(_ f: (BigFloat, BigFloat.Rounding) -> BigFloat) -> BigInterval {
        BigInterval(lower: f(upper, .down), upper: f(lower, .up))
    }

    /// A Lipschitz-1 function `f` with values in [−1, 1], enclosed around the midpoint.
    func lipschitzUnit(_ f: (BigFloat, BigFloat.Rounding) -> BigFloat) -> BigInterval {
        if isPoint { return BigInterval(lower: f(lower, .down), upper: f(lower, .up)) }
        let m = midpoint, r = radius, p = precision
        let one = BigFloat(1, precision: p)
        let lo = BigFloat.max(BigFloat.subtract(f(m, .down), r, rounding: .down), -one)
        let hi = BigFloat.min(BigFloat.add(f(m, .up), r, rounding: .up), one)
        return BigInterval(lower: lo, upper: hi)
    }
}

// MARK: - RealNumber

extension BigInterval: RealNumber {
    public typealias IntegerLiteralType = Int

    public init(integerLiteral value: Int) { self.init(value) }

    /// The tightest enclosure of `n` at the working precision.
    public init(_ n: Int) {
        let p = BigFloat.workingPrecision
        self.init(lower: BigFloat(n, precision: p, rounding: .down), upper: BigFloat(n, precision: p, rounding: .up))
    }

    public static var pi: BigInterval {
        BigInterval(lower: BigFloat.pi(rounding: .down), upper: BigFloat.pi(rounding: .up))
    }

    public static func + (a: BigInterval, b: BigInterval) -> BigInterval {
        BigInterval(lower: BigFloat.add(a.lower, b.lower, rounding: .down), upper: BigFloat.add(a.upper, b.upper, rounding: .up))
    }

    public static func - (a: BigInterval, b: BigInterval) -> BigInterval {
        BigInterval(lower: BigFloat.subtract(a.lower, b.upper, rounding: .down), upper: BigFloat.subtract(a.upper, b.lower, rounding: .up))
    }

    public static func * (a: BigInterval, b: BigInterval) -> BigInterval {
        // Sign cases with finite endpoints need two products (no 0·∞ can arise); the rest takes the hull.
        if a.isFinite && b.isFinite {
            let (al, au, bl, bu) = (a.lower.signum, a.upper.signum, b.lower.signum, b.upper.signum)
            func product(_ x: BigFloat, _ y: BigFloat, _ z: BigFloat, _ w: BigFloat) -> BigInterval {
                BigInterval(lower: BigFloat.multiply(x, y, rounding: .down), upper: BigFloat.multiply(z, w, rounding: .up))
            }
            if al >= 0 && bl >= 0 { return product(a.lower, b.lower, a.upper, b.upper) }
            if au <= 0 && bu <= 0 { return product(a.upper, b.upper, a.lower, b.lower) }
            if al >= 0 && bu <= 0 { return product(a.upper, b.lower, a.lower, b.upper) }
            if au <= 0 && bl >= 0 { return product(a.lower, b.upper, a.upper, b.lower) }
        }
        return bounds([
            { BigFloat.multiply(a.lower, b.lower, rounding: $0) },
            { BigFloat.multiply(a.lower, b.upper, rounding: $0) },
            { BigFloat.multiply(a.upper, b.lower, rounding: $0) },
            { BigFloat.multiply(a.upper, b.upper, rounding: $0) },
        ])
    }

    /// Division; a divisor interval containing 0 gives ``entire(precision:)``.
    public static func / (a: BigInterval, b: BigInterval) -> BigInterval {
        guard b.isPositive || b.isNegative else { return entire(precision: Swift.max(a.precision, b.precision)) }
        return bounds([
            { BigFloat.divide(a.lower, b.lower, rounding: $0) },
            { BigFloat.divide(a.lower, b.upper, rounding: $0) },
            { BigFloat.divide(a.upper, b.lower, rounding: $0) },
            { BigFloat.divide(a.upper, b.upper, rounding: $0) },
        ])
    }

    public static prefix func - (x: BigInterval) -> BigInterval { BigInterval(lower: -x.upper, upper: -x.lower) }

    public var magnitude: BigInterval {
        if lower.signum >= 0 { return self }
        if upper.signum <= 0 { return -self }
        return BigInterval(lower: BigFloat(0, precision: precision), upper: BigFloat.max(-lower, upper))
    }

    public static func relu(_ x: BigInterval) -> BigInterval {
        BigInterval(lower: BigFloat.relu(x.lower), upper: BigFloat.relu(x.upper))
    }

    /// √x on the part of `x` that is ≥ 0.
    public static func sqrt(_ x: BigInterval) -> BigInterval {
        relu(x).increasing { BigFloat.sqrt($0, rounding: $1) }
    }

    public static func exp(_ x: BigInterval) -> BigInterval { x.increasing { BigFloat.exp($0, rounding: $1) } }

    /// log x; a lower endpoint ≤ 0 gives −∞ there.
    public static func log(_ x: BigInterval) -> BigInterval { x.increasing { BigFloat.log($0, rounding: $1) } }

    /// x^y = exp(y log x) for x > 0.
    public static func pow(_ x: BigInterval, _ y: BigInterval) -> BigInterval { exp(y * log(x)) }

    public static func pow(_ x: BigInterval, _ n: Int) -> BigInterval {
        if n == 0 { return BigInterval(1) }
        if n < 0 { return BigInterval(1) / pow(x, -n) }
        let base = n % 2 == 0 ? x.magnitude : x
        return base.increasing { BigFloat.pow($0, n, rounding: $1) }
    }

    public static func sin(_ x: BigInterval) -> BigInterval { x.lipschitzUnit { BigFloat.sin($0, rounding: $1) } }
    public static func cos(_ x: BigInterval) -> BigInterval { x.lipschitzUnit { BigFloat.cos($0, rounding: $1) } }

    /// atan2 with Lipschitz constant `1/dist(box, 0)`; a box that touches the
    /// origin or the branch cut (x < 0, y ∋ 0) gives [−π, π].
    public static func atan2(y: BigInterval, x: BigInterval) -> BigInterval {
        let p = Swift.max(x.precision, y.precision)
        let whole = BigInterval(lower: BigFloat.pi(precision: p, rounding: .up).negated, upper: BigFloat.pi(precision: p, rounding: .up))
        let yHasZero = !(y.isPositive || y.isNegative)
        let xHasZero = !(x.isPositive || x.isNegative)
        if (yHasZero && !x.isPositive) || (xHasZero && yHasZero) { return whole }
        if x.isPoint && y.isPoint {
            return BigInterval(lower: BigFloat.atan2(y: y.lower, x: x.lower, rounding: .down),
                               upper: BigFloat.atan2(y: y.lower, x: x.lower, rounding: .up))
        }
        // Distance from the box to the origin, rounded down.
        func gap(_ i: BigInterval) -> BigFloat {
            i.isPositive ? i.lower : (i.isNegative ? -i.upper : BigFloat(0, precision: p))
        }
        let gx = gap(x), gy = gap(y)
        let dist2 = BigFloat.add(BigFloat.multiply(gx, gx, rounding: .down), BigFloat.multiply(gy, gy, rounding: .down), rounding: .down)
        let dist = BigFloat.sqrt(dist2, rounding: .down)
        let spread = BigFloat.divide(BigFloat.add(x.radius, y.radius, rounding: .up), dist, rounding: .up)
        let mx = x.midpoint, my = y.midpoint
        return BigInterval(lower: BigFloat.subtract(BigFloat.atan2(y: my, x: mx, rounding: .down), spread, rounding: .down),
                           upper: BigFloat.add(BigFloat.atan2(y: my, x: mx, rounding: .up), spread, rounding: .up))
    }

    /// Γ(x) for x > 0: decreasing below its minimum at x₀ = 1.4616321…, increasing
    /// above. Arguments that reach 0 or below give ``entire(precision:)``.
    public static func gamma(_ x: BigInterval) -> BigInterval {
        gammaLike(x) { BigFloat.gamma($0, rounding: $1) } minimum: { try! BigFloat(decimal: "0.8856031944108887", precision: $0, rounding: .down) }
    }

    /// log Γ(x) for x > 0, with the same monotonicity as Γ.
    public static func logGamma(_ x: BigInterval) -> BigInterval {
        gammaLike(x) { BigFloat.logGamma($0, rounding: $1) } minimum: { try! BigFloat(decimal: "-0.1214862905358497", precision: $0, rounding: .down) }
    }

    private static func gammaLike(
        _ x: BigInterval, _ f: (BigFloat, BigFloat.Rounding) -> BigFloat,
        minimum: (Int) -> BigFloat
    ) -> BigInterval {
        guard x.isPositive else { return entire(precision: x.precision) }
        let p = x.precision
        let x0Low = try! BigFloat(decimal: "1.4616321449683622", precision: p, rounding: .down)
        let x0High = try! BigFloat(decimal: "1.4616321449683624", precision: p, rounding: .up)
        if !(x0Low < x.upper) { return x.decreasing(f) }
        if !(x.lower < x0High) { return x.increasing(f) }
        return BigInterval(lower: minimum(p), upper: BigFloat.max(f(x.lower, .up), f(x.upper, .up)))
    }

    public var doubleValue: Double { midpoint.doubleValue }
}

extension BigFloat {
    /// −x (exact).
    public var negated: BigFloat { -self }
}
