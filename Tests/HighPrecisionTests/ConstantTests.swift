import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// Mathematical constants against their published decimal expansions.
///
/// The expansions are the first 110 significant digits, **truncated** (not
/// rounded), as the OEIS lists them. They were taken from the OEIS entries named
/// below and cross-checked with python3 `mpmath` (`mp.dps = 140`); the first
/// 40 digits of each were also checked against the OEIS pages by hand.
enum Constant: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pi, e, sqrt2, ln2, gammaQuarter, gammaThreeQuarters

    var testDescription: String { rawValue }

    /// OEIS sequence holding the decimal expansion.
    var source: String {
        switch self {
        case .pi: return "OEIS A000796"
        case .e: return "OEIS A001113"
        case .sqrt2: return "OEIS A002193"
        case .ln2: return "OEIS A002162"
        case .gammaQuarter: return "OEIS A068466"
        case .gammaThreeQuarters: return "OEIS A068465"
        }
    }

    /// 110 significant digits, truncated.
    var published: String {
        switch self {
        case .pi:  // OEIS A000796
            return "3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679821480865"
        case .e:  // OEIS A001113
            return "2.7182818284590452353602874713526624977572470936999595749669676277240766303535475945713821785251664274274663919"
        case .sqrt2:  // OEIS A002193
            return "1.4142135623730950488016887242096980785696718753769480731766797379907324784621070388503875343276415727350138462"
        case .ln2:  // OEIS A002162
            return "0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754200148102"
        case .gammaQuarter:  // OEIS A068466
            return "3.6256099082219083119306851558676720029951676828800654674333779995699192435387291216183601367233843003614717513"
        case .gammaThreeQuarters:  // OEIS A068465
            return "1.2254167024651776451290983033628905268512392481080706112301189382898228884267983572371723762149150665821733802"
        }
    }

    /// Independent routes to the constant, evaluated at the working precision.
    func routes<T: RealNumber>(_: T.Type) -> [T] {
        switch self {
        case .pi:
            return [T.pi, 4 * T.atan2(y: 1, x: 1), T.square(T.gamma(T.ratio(1, 2)))]
        case .e:
            return [T.exp(1), T.square(T.exp(T.ratio(1, 2)))]
        case .sqrt2:
            return [T.sqrt(2), T.pow(2, T.ratio(1, 2)), 2 * T.cos(T.pi / 4)]
        case .ln2:
            return [T.log(2), T.log(10) - T.log(5)]
        case .gammaQuarter:
            return [T.gamma(T.ratio(1, 4)), T.exp(T.logGamma(T.ratio(1, 4)))]
        case .gammaThreeQuarters:
            // Reflection: Γ(1/4)Γ(3/4) = π / sin(π/4) = π√2.
            return [T.gamma(T.ratio(3, 4)), T.pi * T.sqrt(2) / T.gamma(T.ratio(1, 4))]
        }
    }
}

/// 110 digits need 110·log₂10 ≈ 366 bits; 448 leaves room for the roundings of
/// the longest route (≤ 10 roundings, condition ≤ 4 → < 2^6 ulps).
private let constantPrecision = 448
private let publishedDigitCount = 110

@Suite("Constants against published expansions")
struct ConstantTests {
    @Test("every BigFloat route truncates to the published digits", arguments: Constant.allCases)
    func bigFloatRoutesMatchPublishedDigits(_ c: Constant) throws {
        let expected = significand(of: c.published)
        #expect(expected.digits.count == publishedDigitCount, "\(c.source)")
        let values = BigFloat.withWorkingPrecision(constantPrecision) { c.routes(BigFloat.self) }
        for (i, v) in values.enumerated() {
            #expect(v.precision == constantPrecision)
            let got = try #require(v.decimalDigits(publishedDigitCount, rounding: .towardZero))
            #expect(got.digits == expected.digits && got.exponent == expected.exponent,
                    "route \(i) of \(c) (\(c.source)): \(got.digits)e\(got.exponent)")
        }
    }

    @Test("BigInterval enclosures prove the published digits", arguments: Constant.allCases)
    func enclosuresCertifyPublishedDigits(_ c: Constant) throws {
        let expected = significand(of: c.published)
        let enclosures = BigFloat.withWorkingPrecision(constantPrecision) { c.routes(BigInterval.self) }
        for (i, x) in enclosures.enumerated() {
            // Truncation is monotone: if both endpoints truncate to the same
            // digits, so does every number between them, the constant included.
            for endpoint in [x.lower, x.upper] {
                let got = try #require(endpoint.decimalDigits(publishedDigitCount, rounding: .towardZero))
                #expect(got.digits == expected.digits && got.exponent == expected.exponent, "route \(i) of \(c)")
            }
            // Tightness: fewer than 10 roundings with condition ≤ 4 widen by < 2^7 ulps.
            #expect(Tolerance.agree(x.upper, x.lower, factor: 128, bits: constantPrecision), "route \(i) of \(c): width \(x.width)")
        }
    }

    @Test("Certified.decimals agrees with the published expansion rounded to 100 digits", arguments: Constant.allCases)
    func certifiedDecimalsMatchPublishedRounding(_ c: Constant) throws {
        // The published 110 truncated digits t satisfy t ≤ x < t + 10^{-109}; the
        // 100-digit rounding of t is that of x unless digits 101–110 are 4999999999
        // or 9999999999, which they are not for these constants.
        let expected = try BigFloat(decimal: c.published, precision: 1024).decimal(significantDigits: 100)
        let strings = try Certified.decimals(digits: 100) { c.routes(BigInterval.self) }
        for (i, s) in strings.enumerated() {
            #expect(s == expected, "route \(i) of \(c)")
        }
    }

    @Test("named constants equal the functions that define them, in every rounding")
    func namedConstantsAreCorrectlyRounded() async {
        let roundings: [BigFloat.Rounding] = [.nearest, .down, .up, .towardZero, .awayFromZero]
        await propertyCheck(count: 40, input: Gen<Int>.precision()) { p in
            let one = BigFloat(1, precision: p), two = BigFloat(2, precision: p)
            for r in roundings {
                // Both sides are correctly rounded values of the same real number.
                #expect(BigFloat.e(precision: p, rounding: r) == BigFloat.exp(one, rounding: r), "e at \(p), \(r)")
                #expect(BigFloat.ln2(precision: p, rounding: r) == BigFloat.log(two, rounding: r), "ln 2 at \(p), \(r)")
                let minusOne = BigFloat(-1, precision: p)
                #expect(BigFloat.pi(precision: p, rounding: r) == BigFloat.atan2(y: BigFloat(0, precision: p), x: minusOne, rounding: r),
                        "π = atan2(0, −1) at \(p), \(r)")
            }
            let enclosure = BigFloat.withWorkingPrecision(p) { BigInterval.pi }
            #expect(enclosure.lower == BigFloat.pi(precision: p, rounding: .down))
            #expect(enclosure.upper == BigFloat.pi(precision: p, rounding: .up))
            #expect(enclosure.lower < enclosure.upper, "π is irrational: its enclosure is never a point")
        }
    }
}
