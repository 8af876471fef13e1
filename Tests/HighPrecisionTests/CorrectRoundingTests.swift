import HighPrecision
import PropertyBased
import TestSupport
import Testing

private let allRoundings: [BigFloat.Rounding] = [.nearest, .down, .up, .towardZero, .awayFromZero]

/// Two random full-precision operands at independent random precisions.
private let operands = zip(Gen.real(), Gen.real())

/// Correct rounding checked against a second route: the exact result computed
/// at a precision large enough to hold it, then rounded once; or, when the exact
/// result has no finite expansion, the defining inequality checked exactly.
@Suite("Correctly rounded arithmetic")
struct CorrectRoundingTests {
    @Test("+, −, × equal the exact result rounded once, in every rounding mode")
    func ringOperationsAreCorrectlyRounded() async {
        await propertyCheck(count: 60, input: operands) { ra, rb in
            // |a|, |b| ∈ [1/4, 8]: a ± b is exact with max(pa, pb) + 7 bits, a·b with pa + pb.
            let a = ra.value(in: 0.25...8), b = -rb.value(in: 0.25...8)
            let p = max(a.precision, b.precision), wide = a.precision + b.precision + 8
            let exactSum = BigFloat.add(a.rounded(toPrecision: wide), b, rounding: .nearest)
            let exactDifference = BigFloat.subtract(a.rounded(toPrecision: wide), b, rounding: .nearest)
            let exactProduct = BigFloat.multiply(a.rounded(toPrecision: wide), b, rounding: .nearest)
            for r in allRoundings {
                let sum = BigFloat.add(a, b, rounding: r)
                let difference = BigFloat.subtract(a, b, rounding: r)
                let product = BigFloat.multiply(a, b, rounding: r)
                #expect(sum.precision == p && difference.precision == p && product.precision == p)
                #expect(sum == exactSum.rounded(toPrecision: p, rounding: r), "a + b, \(r)")
                #expect(difference == exactDifference.rounded(toPrecision: p, rounding: r), "a − b, \(r)")
                #expect(product == exactProduct.rounded(toPrecision: p, rounding: r), "a × b, \(r)")
            }
            #expect(a + b == exactSum.rounded(toPrecision: p))
            #expect(a * b == exactProduct.rounded(toPrecision: p))
        }
    }

    @Test("÷ and √ bracket the exact result by one ulp and pick the nearer end")
    func divisionAndSquareRootAreCorrectlyRounded() async {
        await propertyCheck(count: 60, input: operands) { ra, rb in
            let a = ra.value(in: 0.5...64), b = rb.value(in: 0.5...64)
            let p = max(a.precision, b.precision)
            // Products of p-bit numbers are exact at 2p bits (+2 for the ulp midpoint).
            func exact(_ x: BigFloat, _ y: BigFloat) -> BigFloat {
                BigFloat.multiply(x.rounded(toPrecision: 2 * p + 4), y, rounding: .nearest)
            }
            let down = BigFloat.divide(a, b, rounding: .down), up = BigFloat.divide(a, b, rounding: .up)
            #expect(exact(b, down) <= a && a <= exact(b, up), "b·q↓ ≤ a ≤ b·q↑")
            let ulp = BigFloat(1, precision: 2).scaled(byPowerOfTwo: down.exponent - p)
            #expect(up - down == ulp, "a/b has infinitely many bits: q↑ is the successor of q↓")
            let midpoint = BigFloat.add(down.rounded(toPrecision: p + 1), up, rounding: .nearest).scaled(byPowerOfTwo: -1)
            #expect(a / b == (a < exact(b, midpoint) ? down : up), "nearest of q↓, q↑")

            let rootDown = BigFloat.sqrt(a, rounding: .down), rootUp = BigFloat.sqrt(a, rounding: .up)
            #expect(exact(rootDown, rootDown) <= a && a <= exact(rootUp, rootUp), "(√a↓)² ≤ a ≤ (√a↑)²")
            #expect(rootDown.precision == a.precision)
            let rootMid = BigFloat.add(rootDown.rounded(toPrecision: a.precision + 1), rootUp, rounding: .nearest).scaled(byPowerOfTwo: -1)
            if rootDown != rootUp {
                #expect(BigFloat.sqrt(a) == (a < exact(rootMid, rootMid) ? rootDown : rootUp), "nearest of √a↓, √a↑")
            } else {
                #expect(exact(rootDown, rootDown) == a, "√a representable only if a is a square")
            }
        }
    }

    @Test("xⁿ equals repeated exact multiplication rounded once; x⁻ⁿ brackets 1/xⁿ")
    func integerPowersAreCorrectlyRounded() async {
        await propertyCheck(count: 60, input: Gen.real(), Gen.int(in: 2...12)) { rx, n in
            let x = rx.value(in: 0.5...3), p = x.precision
            var power = x.rounded(toPrecision: n * p)  // x^k has at most k·p bits
            for _ in 1..<n { power = BigFloat.multiply(power, x, rounding: .nearest) }
            for r in allRoundings {
                #expect(BigFloat.pow(x, n, rounding: r) == power.rounded(toPrecision: p, rounding: r), "x^\(n), \(r)")
            }
            #expect(BigFloat.pow(-x, n) == (n % 2 == 0 ? BigFloat.pow(x, n) : -BigFloat.pow(x, n)), "sign of (−x)^\(n)")
            let down = BigFloat.pow(x, -n, rounding: .down), up = BigFloat.pow(x, -n, rounding: .up)
            let wide = (n + 1) * p + 8
            let one = BigFloat(1, precision: 2)
            #expect(BigFloat.multiply(down.rounded(toPrecision: wide), power, rounding: .nearest) <= one)
            #expect(one <= BigFloat.multiply(up.rounded(toPrecision: wide), power, rounding: .nearest))
            #expect(BigFloat.pow(x, 0) == one && BigFloat.pow(x, 1) == x)
        }
    }

    /// The elementary and special functions, each on a domain where it is
    /// smooth and finite.
    enum Function: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case exp, log, sin, cos, gamma, logGamma, atan2, pow, sqrt
        var testDescription: String { rawValue }
        var domain: ClosedRange<Double> {
            switch self {
            case .exp: return -40...40
            case .log, .pow, .sqrt: return 0.001...1000
            case .sin, .cos: return -100...100
            case .gamma, .logGamma: return 0.01...60
            case .atan2: return -10...10
            }
        }
        func callAsFunction(_ x: BigFloat, _ y: BigFloat, _ r: BigFloat.Rounding) -> BigFloat {
            switch self {
            case .exp: return BigFloat.exp(x, rounding: r)
            case .log: return BigFloat.log(x, rounding: r)
            case .sin: return BigFloat.sin(x, rounding: r)
            case .cos: return BigFloat.cos(x, rounding: r)
            case .gamma: return BigFloat.gamma(x, rounding: r)
            case .logGamma: return BigFloat.logGamma(x, rounding: r)
            case .atan2: return BigFloat.atan2(y: y, x: x, rounding: r)
            case .pow: return BigFloat.pow(x, y, rounding: r)
            case .sqrt: return BigFloat.sqrt(x, rounding: r)
            }
        }
    }

    @Test("functions at p bits are the rounding of an enclosure at p + 64 bits", arguments: Function.allCases)
    func functionsAreCorrectlyRounded(_ f: Function) async {
        let count = (f == .gamma || f == .logGamma) ? 25 : 50
        await propertyCheck(count: count, input: Gen.real(precisions: 53...2048), Gen.double(in: -3...3)) { rx, yDouble in
            let x = rx.value(in: f.domain), p = x.precision
            let y = BigFloat(yDouble, precision: p)
            // [lo, hi] ∋ f(x) exactly (directed roundings at a higher precision).
            let lo = f(x.rounded(toPrecision: p + 64), y, .down), hi = f(x.rounded(toPrecision: p + 64), y, .up)
            #expect(lo <= hi)
            for r in allRoundings {
                // Rounding to p bits is monotone, so if both ends of [lo, hi] round
                // to the same p-bit number, that number is the correct rounding of
                // f(x). Otherwise f(x) is within 2^{-p-64} of a rounding boundary:
                // only check that the result lies in the bracket's rounding range.
                let a = lo.rounded(toPrecision: p, rounding: r), b = hi.rounded(toPrecision: p, rounding: r)
                let result = f(x, y, r)
                #expect(result.precision == p)
                if a == b {
                    #expect(result == a, "\(f)(\(x.decimal(significantDigits: 20))), \(r)")
                } else {
                    #expect(a <= result && result <= b)
                }
            }
        }
    }

    @Test("comparisons agree with Double's on values converted exactly")
    func comparisonsMatchDouble() async {
        await propertyCheck(count: 200, input: Gen.double(in: -4...4), Gen.double(in: -4...4), Gen<Int>.precision(in: 53...600)) { a, b, p in
            let x = BigFloat(a, precision: p), y = BigFloat(b, precision: 53)
            #expect((x < y) == (a < b) && (x == y) == (a == b) && (x <= y) == (a <= b) && (x > y) == (a > b))
            #expect(BigFloat.max(x, y).doubleValue == max(a, b) && BigFloat.min(x, y).doubleValue == min(a, b))
            #expect(x == BigFloat(a, precision: 53), "equality is numeric, not precision-sensitive")
        }
        let nan = BigFloat(0, precision: 64) / BigFloat(0, precision: 64)
        #expect(nan.isNaN && !(nan == nan) && !(nan < nan) && !(nan < BigFloat(1)) && !(BigFloat(1) < nan))
    }

    @Test("negation and magnitude are exact and keep the precision")
    func negationAndMagnitudeAreExact() async {
        await propertyCheck(count: 100, input: Gen.real()) { r in
            let x = r.value(in: -5...5), p = x.precision
            let zero = BigFloat(0, precision: p)
            #expect((-x).precision == p && x.magnitude.precision == p)
            #expect(-x == BigFloat.subtract(zero, x, rounding: .down) && -x == BigFloat.subtract(zero, x, rounding: .up),
                    "0 − x is exact in both directed roundings, so it equals −x")
            #expect(-(-x) == x && (-x + x).isZero)
            #expect(x.magnitude == (x.signum < 0 ? -x : x) && x.magnitude.signum >= 0)
            #expect(BigFloat.multiply(x, x, rounding: .down) == BigFloat.multiply(x.magnitude, x.magnitude, rounding: .down))
            #expect(BigFloat.relu(x) == (x.signum > 0 ? x : zero) && BigFloat.relu(x).precision == p)
        }
    }
}
