import CMPFR

/// A fixed bank of mutable MPFR numbers at one precision, for allocation-free
/// inner loops (the quadrature kernels of the frozen-square oracle evaluate the
/// model and accumulate hundreds of sums at every node).
///
/// ``BigFloat`` is immutable, so each of its operations allocates a new MPFR
/// number; at 200 bits that allocation costs several times the arithmetic.
/// Registers are written in place instead. Every operation is MPFR's, correctly
/// rounded to nearest at ``precision``, so a computation written with registers
/// gives bit for bit the result of the same sequence of ``BigFloat`` operations
/// at a working precision of ``precision`` bits (operands at that precision).
///
/// Registers are addressed by index `0..<count`. The bank is a reference type
/// and not `Sendable`: use one bank per thread.
public final class BigFloatRegisters {
    /// The number of registers.
    public let count: Int
    /// The precision of every register, in bits.
    public let precision: Int
    private let base: UnsafeMutablePointer<__mpfr_struct>

    /// `count` registers of `precision` bits, each holding +0.
    public init(count: Int, precision: Int) {
        precondition(count >= 0, "a register bank needs a non-negative count, got \(count)")
        precondition(BigFloat.precisionRange.contains(precision), "precision \(precision) outside \(BigFloat.precisionRange)")
        self.count = count
        self.precision = precision
        base = .allocate(capacity: Swift.max(count, 1))
        for i in 0..<count {
            mpfr_init2(base + i, mpfr_prec_t(precision))
            _ = cmpfr_set_si(base + i, 0, MPFR_RNDN)
        }
    }

    deinit {
        for i in 0..<count { mpfr_clear(base + i) }
        base.deallocate()
    }

    @inline(__always)
    private func p(_ i: Int) -> UnsafeMutablePointer<__mpfr_struct> {
        assert(i >= 0 && i < count, "register \(i) outside 0..<\(count)")
        return base + i
    }

    // MARK: - Loading and reading

    /// `r[i] ← x`, rounded to ``precision``.
    @inline(__always)
    public func set(_ i: Int, _ x: BigFloat) { _ = mpfr_set(p(i), x.storage.pointer, MPFR_RNDN) }

    /// `r[i] ← n`.
    @inline(__always)
    public func set(_ i: Int, _ n: Int) { _ = cmpfr_set_si(p(i), n, MPFR_RNDN) }

    /// `r[i] ← d` (exact when ``precision`` ≥ 53).
    @inline(__always)
    public func set(_ i: Int, double d: Double) { _ = mpfr_set_d(p(i), d, MPFR_RNDN) }

    /// `r[dst] ← r[src]`.
    @inline(__always)
    public func copy(_ dst: Int, _ src: Int) { _ = mpfr_set(p(dst), p(src), MPFR_RNDN) }

    /// `r[i]` as a ``BigFloat`` of ``precision`` bits.
    public func value(_ i: Int) -> BigFloat {
        let src = p(i)
        return BigFloat.make(precision: precision) { _ = mpfr_set($0, src, MPFR_RNDN) }
    }

    /// `r[i]` rounded to the nearest `Double`.
    @inline(__always)
    public func doubleValue(_ i: Int) -> Double { mpfr_get_d(p(i), MPFR_RNDN) }

    /// −1, 0 or +1 (0 also for NaN).
    @inline(__always)
    public func signum(_ i: Int) -> Int { cmpfr_nan_p(p(i)) != 0 ? 0 : Int(cmpfr_sgn(p(i))) }

    /// Whether `r[i]` is neither NaN nor ±∞.
    @inline(__always)
    public func isFinite(_ i: Int) -> Bool { cmpfr_nan_p(p(i)) == 0 && cmpfr_inf_p(p(i)) == 0 }

    // MARK: - Arithmetic (each result correctly rounded to nearest)

    /// `r[dst] ← r[a] + r[b]`.
    @inline(__always)
    public func add(_ dst: Int, _ a: Int, _ b: Int) { _ = mpfr_add(p(dst), p(a), p(b), MPFR_RNDN) }

    /// `r[dst] ← r[a] − r[b]`.
    @inline(__always)
    public func subtract(_ dst: Int, _ a: Int, _ b: Int) { _ = mpfr_sub(p(dst), p(a), p(b), MPFR_RNDN) }

    /// `r[dst] ← r[a] · r[b]`.
    @inline(__always)
    public func multiply(_ dst: Int, _ a: Int, _ b: Int) { _ = mpfr_mul(p(dst), p(a), p(b), MPFR_RNDN) }

    /// `r[dst] ← r[a] / r[b]`.
    @inline(__always)
    public func divide(_ dst: Int, _ a: Int, _ b: Int) { _ = mpfr_div(p(dst), p(a), p(b), MPFR_RNDN) }

    /// `r[dst] ← r[a] · r[b] + r[c]` with a single rounding.
    @inline(__always)
    public func fusedMultiplyAdd(_ dst: Int, _ a: Int, _ b: Int, _ c: Int) {
        _ = mpfr_fma(p(dst), p(a), p(b), p(c), MPFR_RNDN)
    }

    /// `r[dst] ← −r[a]` (exact).
    @inline(__always)
    public func negate(_ dst: Int, _ a: Int) { _ = mpfr_neg(p(dst), p(a), MPFR_RNDN) }

    /// `r[dst] ← √r[a]`.
    @inline(__always)
    public func sqrt(_ dst: Int, _ a: Int) { _ = mpfr_sqrt(p(dst), p(a), MPFR_RNDN) }

    /// `r[dst] ← exp(r[a])`.
    @inline(__always)
    public func exp(_ dst: Int, _ a: Int) { _ = mpfr_exp(p(dst), p(a), MPFR_RNDN) }

    /// `r[dst] ← max(r[a], 0)`: `r[a]` when positive or NaN, +0 otherwise
    /// (as ``BigFloat/relu(_:)``).
    @inline(__always)
    public func relu(_ dst: Int, _ a: Int) {
        let x = p(a)
        if cmpfr_nan_p(x) != 0 || cmpfr_sgn(x) > 0 {
            if dst != a { _ = mpfr_set(p(dst), x, MPFR_RNDN) }
        } else {
            _ = cmpfr_set_si(p(dst), 0, MPFR_RNDN)
        }
    }
}
