import RealModule

/// The small real-number interface every closed form in this package is
/// written against, so that one formula evaluates in `Double` (fast, for the
/// engine and for comparisons), in ``BigFloat`` (correctly rounded MPFR at any
/// precision) and in ``BigInterval`` (a rigorous enclosure, for certified
/// digits).
///
/// The requirements are named as in swift-numerics' `RealModule`
/// (`Double.exp(x)`, `Double.atan2(y:x:)`, `Double.logGamma(x)`), so `Double`
/// conforms with no code of its own beyond ``relu(_:)`` and ``doubleValue``.
///
/// Constants and integer conversions of a multi-precision type are made at the
/// *working precision* of the current context (see
/// ``BigFloat/withWorkingPrecision(_:_:)``); the precision rule for results is
/// documented on ``BigFloat``.
///
/// `Comparable` is deliberately not required: an interval has no total order.
/// Closed forms that need a branch use ``relu(_:)``, which every conforming type
/// evaluates exactly.
public protocol RealNumber: Sendable, ExpressibleByIntegerLiteral {
    /// The value `n`, exact whenever `|n| < 2^precision`.
    init(_ n: Int)

    /// π, correctly rounded (or enclosed) at the working precision.
    static var pi: Self { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self

    /// |x|.
    var magnitude: Self { get }

    /// max(x, 0).
    static func relu(_ x: Self) -> Self

    static func sqrt(_ x: Self) -> Self
    /// x^y for x > 0.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// x^n for integer n.
    static func pow(_ x: Self, _ n: Int) -> Self
    static func exp(_ x: Self) -> Self
    /// Natural logarithm, x > 0.
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    /// The angle of the point (x, y), in (−π, π].
    static func atan2(y: Self, x: Self) -> Self
    /// Γ(x); the closed forms only use x > 0.
    static func gamma(_ x: Self) -> Self
    /// log|Γ(x)|.
    static func logGamma(_ x: Self) -> Self

    /// The nearest `Double` (for an interval, the nearest `Double` to its midpoint).
    var doubleValue: Double { get }
}

extension RealNumber {
    /// p/q evaluated in `Self` (exact in `Double` only when representable).
    @inlinable
    public static func ratio(_ p: Int, _ q: Int) -> Self { Self(p) / Self(q) }

    /// x².
    @inlinable
    public static func square(_ x: Self) -> Self { x * x }

    @inlinable
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable
    public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable
    public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }
}

extension Double: RealNumber {
    @inlinable
    public static func relu(_ x: Double) -> Double { x > 0 ? x : 0 }

    @inlinable
    public var doubleValue: Double { self }
}
