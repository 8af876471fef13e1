import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// Finite Doubles of every binade, subnormals and signed zeros included.
private let anyFiniteDouble = Gen<UInt64>.value().map { Double(bitPattern: $0) }.filter { $0.isFinite }

@Suite("Conversion to and from Double")
struct DoubleConversionTests {
    @Test("BigFloat(d).doubleValue returns d bit for bit, at any working precision")
    func doubleRoundTripIsExact() async {
        await propertyCheck(count: 500, input: anyFiniteDouble, Gen<Int>.precision(in: 2...300)) { d, p in
            let x = BigFloat.withWorkingPrecision(p) { BigFloat(d) }
            #expect(x.precision == max(p, 53))
            #expect(x.doubleValue.bitPattern == d.bitPattern, "\(d)")
            for r: BigFloat.Rounding in [.down, .up, .towardZero, .awayFromZero] {
                #expect(x.double(rounding: r).bitPattern == d.bitPattern, "an exact value is unchanged by any rounding")
            }
            // The value itself is exact: its 17-digit decimal parses back in Swift.
            #expect(Double(x.decimal(significantDigits: 17)) == d)
        }
        #expect(BigFloat(-0.0).doubleValue.sign == .minus)
    }

    @Test("doubleValue is the IEEE result for exactly computed sums, products and quotients")
    func doubleValueIsCorrectlyRounded() async {
        let moderate = Gen.double(in: -1e150...1e150)
        await propertyCheck(count: 300, input: moderate, moderate) { a, b in
            // |a|, |b| ≤ 1e150: a·b is exact at 106 bits and a ± b at 2·(1075 + 500) bits;
            // IEEE +, −, × round the exact result once, as doubleValue does.
            let x = BigFloat(a, precision: 3200), y = BigFloat(b, precision: 3200)
            #expect((x + y).doubleValue == a + b)
            #expect((x - y).doubleValue == a - b)
            #expect((x * y).doubleValue == a * b)
            // a/b is never a tie between two Doubles (a midpoint has 54 bits and
            // b·m would need more than a's 53) and is never within 2^{-3200}·|a/b|
            // of one, so rounding the 3200-bit quotient again gives IEEE's a/b.
            if b != 0 { #expect((x / y).doubleValue == a / b) }
            if a >= 0 { #expect(BigFloat.sqrt(x).doubleValue == a.squareRoot()) }
            // Directed conversions bracket the nearest one by at most an ulp.
            let q = x / BigFloat(3, precision: 53)
            let down = q.double(rounding: .down), up = q.double(rounding: .up)
            #expect(down <= q.doubleValue && q.doubleValue <= up && (up == down || up == down.nextUp))
            #expect(BigFloat(down) <= q && q <= BigFloat(up))
        }
    }

    @Test("conversions past Double's range overflow to ±∞ and underflow through subnormals")
    func doubleValueAtTheEdges() {
        let one = BigFloat(1, precision: 64)
        #expect(one.scaled(byPowerOfTwo: 1024).doubleValue == .infinity)
        #expect((-one).scaled(byPowerOfTwo: 5000).doubleValue == -.infinity)
        #expect(one.scaled(byPowerOfTwo: 1023).doubleValue == 0x1p1023)
        #expect(one.scaled(byPowerOfTwo: -1074).doubleValue == .leastNonzeroMagnitude)
        #expect(one.scaled(byPowerOfTwo: -1076).doubleValue == 0, "below half the least subnormal: rounds to 0")
        #expect(one.scaled(byPowerOfTwo: -1076).double(rounding: .up) == .leastNonzeroMagnitude)
        let justAboveHalf = (one + one.scaled(byPowerOfTwo: -60)).scaled(byPowerOfTwo: -1075)
        #expect(justAboveHalf.doubleValue == .leastNonzeroMagnitude)
        #expect(BigFloat.pi(precision: 1000).doubleValue == Double.pi)
        #expect(BigFloat.pi(precision: 1000, rounding: .down).double(rounding: .up) == Double.pi.nextUp)
    }
}
