import CMPFR

/// An arbitrary-precision binary floating-point number over MPFR, with value
/// semantics.
///
/// A `BigFloat` is immutable: it holds a reference to an MPFR number that is
/// initialised once, never written again, and cleared in `deinit`. Copies share
/// the reference, which is why the type is `Sendable` under Swift 6 strict
/// concurrency.
///
/// ## Precision rule
/// Every value carries its precision in bits (``precision``).
/// - The result of an arithmetic operation or a function has the **maximum of
///   its operands' precisions**, and is correctly rounded to nearest at that
///   precision (MPFR's guarantee), unless a `rounding:` argument asks for a
///   directed rounding.
/// - Constants (``pi``, ``e(precision:rounding:)``, ``ln2(precision:rounding:)``), integer literals, `init(_: Int)` and
///   decimal strings parsed without an explicit precision take the **working
///   precision** of the current context: ``workingPrecision``, a task-local value
///   (default 256 bits) set with ``withWorkingPrecision(_:_:)``.
/// - `init(_: Double)` is exact: it uses `max(workingPrecision, 53)` bits.
///
/// Certified error bounds are not a property of a single rounded value; they
/// come from ``BigInterval``, which evaluates the same closed forms with
/// outward (directed) rounding.
public struct BigFloat: Sendable {
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let pointer: UnsafeMutablePointer<__mpfr_struct>

        @usableFromInline
        init(precision: Int) {
            pointer = .allocate(capacity: 1)
            mpfr_init2(pointer, mpfr_prec_t(precision))
        }

        deinit {
            mpfr_clear(pointer)
            pointer.deallocate()
        }
    }

    @usableFromInline let storage: Storage

    @usableFromInline
    init(storage: Storage) { self.storage = storage }

    /// The smallest and largest precisions accepted, in bits.
    public static let precisionRange: ClosedRange<Int> = 2...(1 << 24)

    /// The working precision of the current context, in bits (default 256).
    @TaskLocal public static var workingPrecision: Int = 256

    /// Runs `body` with ``workingPrecision`` set to `bits`.
    public static func withWorkingPrecision<R>(_ bits: Int, _ body: () throws -> R) rethrows -> R {
        precondition(precisionRange.contains(bits), "precision \(bits) outside \(precisionRange)")
        return try $workingPrecision.withValue(bits, operation: body)
    }

    /// The precision of this value, in bits.
    @inlinable
    public var precision: Int { Int(cmpfr_get_prec(storage.pointer)) }

    /// Builds a value of `precision` bits by letting `body` set it.
    @inlinable
    static func make(precision: Int, _ body: (UnsafeMutablePointer<__mpfr_struct>) -> Void) -> BigFloat {
        let s = Storage(precision: precision)
        body(s.pointer)
        return BigFloat(storage: s)
    }

    /// Directed-rounding modes (MPFR's RNDN, RNDD, RNDU, RNDZ, RNDA).
    public enum Rounding: Sendable {
        case nearest, down, up, towardZero, awayFromZero

        @usableFromInline
        var mpfr: mpfr_rnd_t {
            switch self {
            case .nearest: return MPFR_RNDN
            case .down: return MPFR_RNDD
            case .up: return MPFR_RNDU
            case .towardZero: return MPFR_RNDZ
            case .awayFromZero: return MPFR_RNDA
            }
        }
    }
}

// MARK: - Construction

/// A NaN or infinite `Double` where a finite number is required.
public struct NonFiniteDoubleError: Error, CustomStringConvertible {
    public let value: Double
    public var description: String { "expected a finite number, got \(value)" }
}

extension BigFloat {
    /// `n` at `precision` bits (default: the working precision), rounded as asked
    /// when `|n| ≥ 2^precision`.
    public init(_ n: Int, precision: Int, rounding: Rounding = .nearest) {
        self = BigFloat.make(precision: precision) { _ = cmpfr_set_si($0, n, rounding.mpfr) }
    }

    /// `n` at the working precision.
    public init(_ n: Int) { self.init(n, precision: BigFloat.workingPrecision) }

    /// `d` exactly, at `max(precision ?? workingPrecision, 53)` bits.
    ///
    /// - Throws: ``NonFiniteDoubleError`` for NaN and ±∞.
    public init(checking d: Double, precision: Int? = nil) throws {
        guard d.isFinite else { throw NonFiniteDoubleError(value: d) }
        self.init(d, precision: precision)
    }

    /// `d` exactly, at `max(precision ?? workingPrecision, 53)` bits.
    /// `d` must be finite (see ``init(checking:precision:)`` for a throwing form).
    public init(_ d: Double, precision: Int? = nil) {
        precondition(d.isFinite, "BigFloat(Double) needs a finite value, got \(d)")
        let p = Swift.max(precision ?? BigFloat.workingPrecision, 53)
        self = BigFloat.make(precision: p) { _ = mpfr_set_d($0, d, MPFR_RNDN) }
    }

    /// This value rounded to `precision` bits.
    public func rounded(toPrecision precision: Int, rounding: Rounding = .nearest) -> BigFloat {
        BigFloat.make(precision: precision) { _ = mpfr_set($0, storage.pointer, rounding.mpfr) }
    }

    /// π at `precision` bits (default: the working precision).
    public static func pi(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        make(precision: precision ?? workingPrecision) { _ = mpfr_const_pi($0, rounding.mpfr) }
    }

    /// e = exp(1) at `precision` bits (default: the working precision).
    public static func e(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        make(precision: precision ?? workingPrecision) { p in
            _ = cmpfr_set_si(p, 1, MPFR_RNDN)
            _ = mpfr_exp(p, p, rounding.mpfr)
        }
    }

    /// ln 2 at `precision` bits (default: the working precision).
    public static func ln2(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        make(precision: precision ?? workingPrecision) { _ = mpfr_const_log2($0, rounding.mpfr) }
    }
}

// MARK: - Inspection

extension BigFloat {
    public var isNaN: Bool { cmpfr_nan_p(storage.pointer) != 0 }
    public var isInfinite: Bool { cmpfr_inf_p(storage.pointer) != 0 }
    public var isFinite: Bool { !isNaN && !isInfinite }
    public var isZero: Bool { cmpfr_zero_p(storage.pointer) != 0 }
    /// −1, 0 or +1 (0 also for NaN).
    public var signum: Int { isNaN ? 0 : Int(cmpfr_sgn(storage.pointer)) }

    /// The binary exponent e with 2^(e−1) ≤ |x| < 2^e (x finite, non-zero).
    public var exponent: Int { Int(cmpfr_get_exp(storage.pointer)) }

    /// The nearest `Double`.
    public var doubleValue: Double { mpfr_get_d(storage.pointer, MPFR_RNDN) }

    /// The `Double` obtained with a directed rounding.
    public func double(rounding: Rounding) -> Double { mpfr_get_d(storage.pointer, rounding.mpfr) }
}

// MARK: - Arithmetic with an explicit rounding

extension BigFloat {
    @usableFromInline
    static func binary(
        _ a: BigFloat, _ b: BigFloat, _ rounding: Rounding,
        _ f: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32
    ) -> BigFloat {
        make(precision: Swift.max(a.precision, b.precision)) { _ = f($0, a.storage.pointer, b.storage.pointer, rounding.mpfr) }
    }

    @usableFromInline
    static func unary(
        _ a: BigFloat, _ rounding: Rounding,
        _ f: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32
    ) -> BigFloat {
        make(precision: a.precision) { _ = f($0, a.storage.pointer, rounding.mpfr) }
    }

    public static func add(_ a: BigFloat, _ b: BigFloat, rounding: Rounding) -> BigFloat { binary(a, b, rounding, mpfr_add) }
    public static func subtract(_ a: BigFloat, _ b: BigFloat, rounding: Rounding) -> BigFloat { binary(a, b, rounding, mpfr_sub) }
    public static func multiply(_ a: BigFloat, _ b: BigFloat, rounding: Rounding) -> BigFloat { binary(a, b, rounding, mpfr_mul) }
    public static func divide(_ a: BigFloat, _ b: BigFloat, rounding: Rounding) -> BigFloat { binary(a, b, rounding, mpfr_div) }
    public static func sqrt(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_sqrt) }
    public static func exp(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_exp) }
    public static func log(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_log) }
    public static func sin(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_sin) }
    public static func cos(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_cos) }
    public static func gamma(_ x: BigFloat, rounding: Rounding) -> BigFloat { unary(x, rounding, mpfr_gamma) }
    public static func pow(_ x: BigFloat, _ y: BigFloat, rounding: Rounding) -> BigFloat { binary(x, y, rounding, mpfr_pow) }
    public static func atan2(y: BigFloat, x: BigFloat, rounding: Rounding) -> BigFloat { binary(y, x, rounding, mpfr_atan2) }

    public static func pow(_ x: BigFloat, _ n: Int, rounding: Rounding) -> BigFloat {
        make(precision: x.precision) { _ = mpfr_pow_si($0, x.storage.pointer, n, rounding.mpfr) }
    }

    public static func logGamma(_ x: BigFloat, rounding: Rounding) -> BigFloat {
        make(precision: x.precision) { p in
            var sign: Int32 = 0
            _ = mpfr_lgamma(p, &sign, x.storage.pointer, rounding.mpfr)
        }
    }

    /// x · 2^k, exact.
    public func scaled(byPowerOfTwo k: Int) -> BigFloat {
        BigFloat.make(precision: precision) { _ = mpfr_mul_2si($0, storage.pointer, k, MPFR_RNDN) }
    }
}

// MARK: - RealNumber

extension BigFloat: RealNumber {
    public init(integerLiteral value: Int) { self.init(value) }
    public typealias IntegerLiteralType = Int

    public static var pi: BigFloat { pi() }

    public static func + (lhs: BigFloat, rhs: BigFloat) -> BigFloat { add(lhs, rhs, rounding: .nearest) }
    public static func - (lhs: BigFloat, rhs: BigFloat) -> BigFloat { subtract(lhs, rhs, rounding: .nearest) }
    public static func * (lhs: BigFloat, rhs: BigFloat) -> BigFloat { multiply(lhs, rhs, rounding: .nearest) }
    public static func / (lhs: BigFloat, rhs: BigFloat) -> BigFloat { divide(lhs, rhs, rounding: .nearest) }
    public static prefix func - (operand: BigFloat) -> BigFloat { unary(operand, .nearest, mpfr_neg) }

    public var magnitude: BigFloat { BigFloat.unary(self, .nearest, mpfr_abs) }
    public static func relu(_ x: BigFloat) -> BigFloat { x.isNaN || x.signum > 0 ? x : BigFloat(0, precision: x.precision) }

    public static func sqrt(_ x: BigFloat) -> BigFloat { sqrt(x, rounding: .nearest) }
    public static func pow(_ x: BigFloat, _ y: BigFloat) -> BigFloat { pow(x, y, rounding: .nearest) }
    public static func pow(_ x: BigFloat, _ n: Int) -> BigFloat { pow(x, n, rounding: .nearest) }
    public static func exp(_ x: BigFloat) -> BigFloat { exp(x, rounding: .nearest) }
    public static func log(_ x: BigFloat) -> BigFloat { log(x, rounding: .nearest) }
    public static func sin(_ x: BigFloat) -> BigFloat { sin(x, rounding: .nearest) }
    public static func cos(_ x: BigFloat) -> BigFloat { cos(x, rounding: .nearest) }
    public static func atan2(y: BigFloat, x: BigFloat) -> BigFloat { atan2(y: y, x: x, rounding: .nearest) }
    public static func gamma(_ x: BigFloat) -> BigFloat { gamma(x, rounding: .nearest) }
    public static func logGamma(_ x: BigFloat) -> BigFloat { logGamma(x, rounding: .nearest) }
}

// MARK: - Comparison

extension BigFloat: Comparable {
    /// Numeric equality; NaN equals nothing. Precision does not matter.
    public static func == (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_equal_p(lhs.storage.pointer, rhs.storage.pointer) != 0
    }

    public static func < (lhs: BigFloat, rhs: BigFloat) -> Bool {
        mpfr_less_p(lhs.storage.pointer, rhs.storage.pointer) != 0
    }

    public static func max(_ a: BigFloat, _ b: BigFloat) -> BigFloat { a < b ? b : a }
    public static func min(_ a: BigFloat, _ b: BigFloat) -> BigFloat { b < a ? b : a }
}
