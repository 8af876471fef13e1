import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// One closed form, three number types: `Double` (glibc's libm through
/// swift-numerics), ``BigFloat`` and ``BigInterval``.
///
/// `Double` is checked against the 256-bit value with the formula's
/// `doubleRoundingBound` (glibc is not correctly rounded; see ``Formula``): the
/// 256-bit value's own error is below 2^{−240} and does not count.
@Suite("RealNumber: Double against BigFloat")
struct RealNumberTests {
    @Test("closed forms in Double agree with BigFloat within Double's rounding bound", arguments: Formula.allCases)
    func formulasAgreeWithinDoublePrecision(_ formula: Formula) {
        let double = formula.evaluate(Double.self)
        let (big, enclosure) = BigFloat.withWorkingPrecision(256) { (formula.evaluate(BigFloat.self), formula.evaluate(BigInterval.self)) }
        #expect(Tolerance.agree(BigFloat(double), big, factor: formula.doubleRoundingBound, bits: 53),
                "\(formula): Double \(double), BigFloat \(big.decimal(significantDigits: 20)), c = \(Tolerance.errorFactor(BigFloat(double), big, bits: 53))")
        #expect(enclosure.doubleValue == big.doubleValue, "the midpoint of a 256-bit enclosure rounds like the value")
        #expect(big.doubleValue.isFinite && double.isFinite)
    }

    @Test("the essay's α = 2√β/(3π^{3/2}) at β = 50 is 0.846581…")
    func essayAlpha() throws {
        let alpha = try Certified.decimals(digits: 30) { [Formula.alpha.evaluate(BigInterval.self)] }[0]
        // Independent route: python3 mpmath, 2*sqrt(50)/(3*pi**1.5) at mp.dps = 50:
        // 0.84658181245654626381017739912848027.
        #expect(alpha == "0.846581812456546263810177399128")
        #expect(abs(Formula.alpha.evaluate(Double.self) - 0.8465818124565463) <= 8 * 0x1p-53, "c = 8 (Formula.alpha)")
    }

    /// Generic one-argument functions, with the `Double` error budget in ulps:
    /// 1 for +, ×, √ (correctly rounded), 1 for glibc's exp, log, sin, cos, atan2,
    /// pow, 9 for tgamma and 4 for lgamma (upper bounds of glibc's error table);
    /// 1 more for integer powers, which swift-numerics does not round correctly.
    enum Function: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case exp, log, sin, cos, sqrt, atan2, powReal, powInteger, gamma, logGamma, polynomial
        var testDescription: String { rawValue }

        var domain: ClosedRange<Double> {
            switch self {
            case .exp: return -50...50
            case .log, .sqrt: return 0.001...1000
            case .sin, .cos, .atan2: return -10...10
            case .powReal, .powInteger: return 0.1...10
            case .gamma: return 0.1...20
            case .logGamma: return 2.5...40  // away from the zeros of log Γ at 1 and 2
            case .polynomial: return 1...2
            }
        }

        var ulps: Double {
            switch self {
            case .gamma: return 9
            case .logGamma: return 4
            case .powInteger: return 2
            case .polynomial: return 3  // x² + x·(1/3): 1/3 1, products 1, sum 1 (all positive terms)
            default: return 1
            }
        }

        func callAsFunction<T: RealNumber>(_ x: T) -> T {
            switch self {
            case .exp: return T.exp(x)
            case .log: return T.log(x)
            case .sin: return T.sin(x)
            case .cos: return T.cos(x)
            case .sqrt: return T.sqrt(x)
            case .atan2: return T.atan2(y: x, x: T.ratio(13, 10))
            case .powReal: return T.pow(x, T.ratio(7, 4))
            case .powInteger: return T.pow(x, 7)
            case .gamma: return T.gamma(x)
            case .logGamma: return T.logGamma(x)
            case .polynomial: return x * x + x * T.ratio(1, 3)
            }
        }
    }

    @Test("generic functions of a Double agree with BigFloat within their ulp budget", arguments: Function.allCases)
    func functionsAgreeWithinDoublePrecision(_ f: Function) async {
        await propertyCheck(count: 200, input: Gen.double(in: f.domain)) { x in
            let double = f(x)
            let big = BigFloat.withWorkingPrecision(256) { f(BigFloat(x)) }
            // 1 ulp ≤ 2u relative, so k ulps is c = 2k.
            #expect(Tolerance.agree(BigFloat(double), big, factor: 2 * f.ulps, bits: 53),
                    "\(f)(\(x)): Double \(double), BigFloat \(big.decimal(significantDigits: 20)), c = \(Tolerance.errorFactor(BigFloat(double), big, bits: 53))")
        }
    }
}
