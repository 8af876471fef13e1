import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// Whether two enclosures of the same real number share a point (they must).
private func overlap(_ a: BigInterval, _ b: BigInterval) -> Bool {
    !(b.upper < a.lower) && !(a.upper < b.lower)
}

/// `[lo, hi]` from two Doubles in `range` (in either order) at `precision` bits,
/// and a full-precision point `t` of it drawn from `r`.
private func interval(_ r: RandomReal, _ d1: Double, _ d2: Double, in range: ClosedRange<Double>) -> (BigInterval, [BigFloat]) {
    let width = range.upperBound - range.lowerBound
    let a = BigFloat(range.lowerBound + width * min(d1, d2), precision: r.precision)
    let b = BigFloat(range.lowerBound + width * max(d1, d2), precision: r.precision)
    let t = BigFloat.min(BigFloat.max(a + (b - a) * r.unit, a), b)
    return (BigInterval(lower: a, upper: b), [a, t, b])
}

@Suite("BigInterval enclosures")
struct IntervalTests {
    enum Identity: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case gammaRecurrence, gammaHalfSquared, gammaReflection, pythagorean, expLog
        var testDescription: String { rawValue }

        /// Both sides of the identity at `x ∈ [1/8, 7/8]`, as enclosures.
        func sides(_ x: BigInterval) -> (BigInterval, BigInterval) {
            switch self {
            case .gammaRecurrence: return (BigInterval.gamma(x + 1), x * BigInterval.gamma(x))
            case .gammaHalfSquared: return (BigInterval.square(BigInterval.gamma(BigInterval.ratio(1, 2))), BigInterval.pi)
            case .gammaReflection: return (BigInterval.gamma(x) * BigInterval.gamma(1 - x), BigInterval.pi / BigInterval.sin(BigInterval.pi * x))
            case .pythagorean: return (BigInterval.square(BigInterval.sin(8 * x)) + BigInterval.square(BigInterval.cos(8 * x)), 1)
            case .expLog: return (BigInterval.exp(BigInterval.log(x)), x)
            }
        }
    }

    @Test("both sides of an identity give intersecting, tight enclosures", arguments: Identity.allCases)
    func identitiesInIntervals(_ identity: Identity) async {
        await propertyCheck(count: 25, input: Gen.real()) { r in
            let p = r.precision
            let (lhs, rhs) = BigFloat.withWorkingPrecision(p) { identity.sides(BigInterval(r.value(in: 0.125...0.875))) }
            #expect(overlap(lhs, rhs), "\(identity) at \(p) bits")
            // Tightness: each of these chains has ≤ 12 operations with condition
            // numbers ≤ 30 (sin near π/8 inside the reflection formula), and each
            // outward rounding widens by ≤ 2u relative, so widths stay below 2^{10}·u.
            for side in [lhs, rhs] where !side.isPoint {
                #expect(Tolerance.agree(side.upper, side.lower, factor: 1024, bits: p), "\(identity): width \(side.width.decimal(significantDigits: 3)) at \(p) bits")
            }
        }
    }

    @Test("the BigFloat evaluation at p bits lies in the BigInterval enclosure at p bits", arguments: Formula.allCases)
    func pointEvaluationLiesInEnclosure(_ formula: Formula) async {
        // Induction over the formula: if every BigFloat intermediate lies in the
        // matching interval, its exact image does, and rounding to nearest at p bits
        // is monotone and fixes the p-bit endpoints, so the rounded image does too.
        await propertyCheck(count: 30, input: Gen<Int>.precision()) { p in
            let (point, enclosure) = BigFloat.withWorkingPrecision(p) { (formula.evaluate(BigFloat.self), formula.evaluate(BigInterval.self)) }
            #expect(enclosure.contains(point), "\(formula) at \(p) bits")
            #expect(Tolerance.agree(enclosure.upper, enclosure.lower, factor: 4 * formula.roundingBound, bits: p),
                    "an enclosure is at most twice as wide as the error bound on each side")
        }
    }

    /// Interval operations, each with the domain its random intervals are drawn from.
    enum Operation: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case add, subtract, multiply, divide, magnitude, relu, sqrt, exp, log, sin, cos
        case powEven, powOdd, powNegative, powReal, atan2, gamma, logGamma
        var testDescription: String { rawValue }

        var domain: ClosedRange<Double> {
            switch self {
            case .exp: return -30...30
            case .log, .powReal: return 0.01...50
            case .sin, .cos: return -12...12
            case .gamma, .logGamma: return 0.05...6
            case .sqrt: return -1...20
            default: return -4...4
            }
        }

        /// The enclosure over `(x, y)`.
        func enclosure(_ x: BigInterval, _ y: BigInterval) -> BigInterval {
            switch self {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .magnitude: return x.magnitude
            case .relu: return BigInterval.relu(x)
            case .sqrt: return BigInterval.sqrt(x)
            case .exp: return BigInterval.exp(x)
            case .log: return BigInterval.log(x)
            case .sin: return BigInterval.sin(x)
            case .cos: return BigInterval.cos(x)
            case .powEven: return BigInterval.pow(x, 4)
            case .powOdd: return BigInterval.pow(x, 3)
            case .powNegative: return BigInterval.pow(x, -3)
            case .powReal: return BigInterval.pow(x, y)
            case .atan2: return BigInterval.atan2(y: y, x: x)
            case .gamma: return BigInterval.gamma(x)
            case .logGamma: return BigInterval.logGamma(x)
            }
        }

        /// f(s, t) rounded as asked, or nil where f is undefined.
        func point(_ s: BigFloat, _ t: BigFloat, _ r: BigFloat.Rounding) -> BigFloat? {
            switch self {
            case .add: return BigFloat.add(s, t, rounding: r)
            case .subtract: return BigFloat.subtract(s, t, rounding: r)
            case .multiply: return BigFloat.multiply(s, t, rounding: r)
            case .divide: return t.isZero ? nil : BigFloat.divide(s, t, rounding: r)
            case .magnitude: return s.magnitude
            case .relu: return BigFloat.relu(s)
            case .sqrt: return s.signum < 0 ? nil : BigFloat.sqrt(s, rounding: r)
            case .exp: return BigFloat.exp(s, rounding: r)
            case .log: return BigFloat.log(s, rounding: r)
            case .sin: return BigFloat.sin(s, rounding: r)
            case .cos: return BigFloat.cos(s, rounding: r)
            case .powEven: return BigFloat.pow(s, 4, rounding: r)
            case .powOdd: return BigFloat.pow(s, 3, rounding: r)
            case .powNegative: return s.isZero ? nil : BigFloat.pow(s, -3, rounding: r)
            case .powReal: return BigFloat.pow(s, t, rounding: r)
            case .atan2: return s.isZero && t.isZero ? nil : BigFloat.atan2(y: t, x: s, rounding: r)
            case .gamma: return BigFloat.gamma(s, rounding: r)
            case .logGamma: return BigFloat.logGamma(s, rounding: r)
            }
        }
    }

    @Test("every point of the arguments maps into the enclosure (endpoints and a random interior point)",
          arguments: Operation.allCases)
    func enclosuresContainEveryImage(_ op: Operation) async {
        let input = zip(Gen.real(precisions: 53...1024), Gen.real(precisions: 53...1024),
                        zip(Gen.double(in: 0...1), Gen.double(in: 0...1)), zip(Gen.double(in: 0...1), Gen.double(in: 0...1)))
        await propertyCheck(count: 40, input: input) { rx, ry, dx, dy in
            let ry = ry.with(precision: rx.precision)
            let yDomain: ClosedRange<Double> = op == .powReal ? -3...3 : -4...4
            let (x, xs) = interval(rx, dx.0, dx.1, in: op.domain)
            let (y, ys) = interval(ry, dy.0, dy.1, in: yDomain)
            let f = BigFloat.withWorkingPrecision(rx.precision) { op.enclosure(x, y) }
            for s in xs {
                for t in ys {
                    // f(s, t) ∈ [f↓, f↑] computed 64 bits finer; both must lie in f(X, Y).
                    // (64 bits finer than the enclosure's endpoints, so that a p-bit
                    // endpoint cannot fall strictly between f↓ and f(s, t).)
                    let fine = f.precision + 64
                    guard let lo = op.point(s.rounded(toPrecision: fine), t, .down),
                          let hi = op.point(s.rounded(toPrecision: fine), t, .up) else { continue }
                    #expect(f.contains(lo) && f.contains(hi),
                            "\(op) at s = \(s.decimal(significantDigits: 10)), t = \(t.decimal(significantDigits: 10)): [\(f.lower.decimal(significantDigits: 10)), \(f.upper.decimal(significantDigits: 10))]")
                }
            }
        }
    }

    @Test("division by an interval containing 0 and 0·∞ stay valid enclosures")
    func degenerateArithmetic() {
        BigFloat.withWorkingPrecision(128) {
            let x = BigInterval(lower: BigFloat(1), upper: BigFloat(2))
            let straddle = BigInterval(lower: BigFloat(-1), upper: BigFloat(1))
            let q = x / straddle
            #expect(q.lower.isInfinite && q.lower.signum < 0 && q.upper.isInfinite && q.upper.signum > 0)
            // [0, 1]·(−∞, +∞) = (−∞, +∞) and [0, 0]·(−∞, +∞) = {0} in interval arithmetic
            // (IEEE 1788): 0·∞ stands for 0 times finite numbers, never NaN.
            let unit = BigInterval(lower: BigFloat(0), upper: BigFloat(1))
            let all = BigInterval.entire(precision: 128)
            let product = unit * all
            #expect(!product.lower.isNaN && !product.upper.isNaN && product.contains(BigFloat(-5)) && product.contains(BigFloat(5)))
            let zeroProduct = BigInterval(0) * all
            #expect(zeroProduct.contains(BigFloat(0)) && !zeroProduct.lower.isNaN && !zeroProduct.upper.isNaN)
            // log of an interval reaching 0 is unbounded below, never NaN.
            let logUnit = BigInterval.log(unit)
            #expect(logUnit.lower.isInfinite && logUnit.upper.isZero)
            // Γ is only enclosed for x > 0.
            #expect(!BigInterval.gamma(straddle).isFinite && BigInterval.gamma(straddle).contains(BigFloat(7)))
        }
    }

    @Test("decimal enclosures are the tightest: the endpoints are adjacent p-bit numbers around the text")
    func decimalEnclosures() async throws {
        await propertyCheck(count: 100, input: Gen.real(), Gen.int(in: 1...40)) { r, digits in
            let text = r.value(in: -50...50).decimal(significantDigits: digits)
            let x = try BigInterval(decimal: text, precision: r.precision)
            let exact = try BigFloat(decimal: text, precision: r.precision + 4 * digits + 200)
            #expect(x.contains(exact))
            if !x.isPoint {
                #expect(x.upper == BigFloat.add(x.lower, BigFloat(1, precision: 2).scaled(byPowerOfTwo: x.lower.exponent - r.precision), rounding: .nearest)
                        || x.lower.exponent != x.upper.exponent, "one ulp apart")
            }
        }
    }
}
