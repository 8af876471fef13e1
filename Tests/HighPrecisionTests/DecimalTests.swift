import HighPrecision
import PropertyBased
import TestSupport
import Testing

@Suite("Decimal input and output")
struct DecimalTests {
    @Test("printing 1 + ⌈p·log₁₀2⌉ digits and parsing back gives the same value", .tags(.consistency))
    func decimalRoundTrip() async throws {
        await propertyCheck(count: 100, input: Gen.real(), Gen.int(in: -300...300)) { r, k in
            let x = r.value(in: -1...1).scaled(byPowerOfTwo: k), p = x.precision
            let text = x.decimal(significantDigits: Tolerance.roundTripDigits(bits: p))
            let back = try BigFloat(decimal: text, precision: p)
            #expect(back == x && back.precision == p, "\(p) bits: \(text.prefix(40))…")
        }
    }

    @Test("malformed strings throw an error naming the text",
          arguments: ["", "abc", "1.2.3", "nan", "inf", "0x10", "1e", "--1", " 1", "1 ", "+", "-", ".", "e5", "1e+",
                      "Infinity", "NaN", "-inf", "1,5", "1_000", "0b1", "1e5.0", "٣", "1e٣", "+-1", "1e--2", "1..", "1ee3"])
    func malformedStringsAreRejected(_ text: String) {
        for make in [{ _ = try BigFloat(decimal: text) }, { _ = try BigFloat(decimal: text, precision: 64, rounding: .up) },
                     { _ = try BigInterval(decimal: text) }] {
            let error = #expect(throws: MalformedDecimalError.self) { try make() }
            #expect(error?.text == text)
            #expect(error?.description.contains("\"\(text)\"") == true, "the message quotes the text")
        }
    }

    @Test("well-formed strings parse like Swift's Double parser at 53 bits",
          arguments: ["1", "-2.5", "3.0e-7", "+.5", "5.", "1E3", "007", "-0", "0.1", "123456789012345678901234567890",
                      "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "9007199254740993", "0.30000000000000004"])
    func wellFormedStringsParse(_ text: String) throws {
        let x = try BigFloat(decimal: text, precision: 53)
        let d = try #require(Double(text))
        #expect(x.doubleValue.bitPattern == d.bitPattern, "\(text)")
    }

    @Test("Swift's shortest Double text parses back exactly; 17 MPFR digits parse back in Swift")
    func decimalAgreesWithSwiftDoubleText() async throws {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { bits in
            // Each draw checks a Double and the subnormal with its sign and significand bits
            // (subnormals are 1/2048 of all bit patterns: they would otherwise hardly ever be drawn).
            for d in [Double(bitPattern: bits), Double(bitPattern: bits & 0x800F_FFFF_FFFF_FFFF)] {
                guard d.isFinite else { continue }
                // Swift's printer → MPFR's parser, correctly rounded to the precision of d's grid: 53 bits
                // for a normal Double, fewer for a subnormal (at 53 bits MPFR would keep bits the
                // subnormal lacks, and the conversion to Double would round a second time: 8% of random
                // subnormals then miss by one ulp). A subnormal power of two is excluded: its shortest
                // text may lie in the binade below, whose grid at that precision is twice as fine.
                let precision = d.isSubnormal ? d.exponent + 1075 : 53
                if !(d.isSubnormal && d.significandBitPattern.nonzeroBitCount == 1) {
                    let parsed = try BigFloat(decimal: d.description, precision: max(1, precision))
                    #expect(parsed.doubleValue.bitPattern == d.bitPattern, "\(d) at \(precision) bits")
                }
                // MPFR's printer → Swift's parser: 17 significant digits identify a Double.
                let text = BigFloat(d).decimal(significantDigits: 17)
                #expect(Double(text)?.bitPattern == d.bitPattern, "\(text)")
            }
        }
    }

    @Test("formatting: positional for decimal exponents −5…20, scientific otherwise",
          arguments: [
            ("0.0012345", 5, "0.0012345"), ("846.58", 5, "846.58"), ("1.2345e-7", 5, "1.2345e-7"),
            ("0.00001", 1, "0.00001"), ("0.000001", 1, "1e-6"), ("0.0000123", 3, "0.0000123"),
            ("1e20", 1, "100000000000000000000"), ("1e21", 2, "1.0e21"), ("123456", 3, "123000"),
            ("-1", 3, "-1.00"), ("0.999996", 5, "1.0000"), ("-9.5e-9", 2, "-9.5e-9"), ("6.02214076e23", 4, "6.022e23"),
            ("0.15625", 2, "0.16"), ("0.125", 2, "0.12"), ("2.5", 1, "2"), ("3.5", 1, "4"), ("0", 5, "0"),
          ])
    func formatting(_ text: String, _ digits: Int, _ expected: String) throws {
        let x = try BigFloat(decimal: text, precision: 128)
        #expect(x.decimal(significantDigits: digits) == expected)
        // The printed text is the value rounded to `digits`: it parses back within
        // half a unit in the last printed digit.
        if !x.isZero {
            let back = try BigFloat(decimal: expected, precision: 128)
            let (_, _, e) = try #require(x.decimalDigits(digits))
            let halfUnit = try BigFloat(decimal: "5e\(e - digits - 1)", precision: 128)
            #expect(Tolerance.distance(back, x) <= halfUnit)
        }
    }

    @Test("directed decimal output brackets the value; special values print as words")
    func directedOutputAndSpecialValues() async throws {
        await propertyCheck(count: 100, input: Gen.real(), Gen.int(in: 1...60)) { r, digits in
            let x = r.value(in: -1000...1000)
            let down = try BigFloat(decimal: x.decimal(significantDigits: digits, rounding: .down), precision: x.precision + 256)
            let up = try BigFloat(decimal: x.decimal(significantDigits: digits, rounding: .up), precision: x.precision + 256)
            #expect(down <= x && x <= up)
        }
        let zero = BigFloat(0, precision: 64), one = BigFloat(1, precision: 64)
        #expect((zero / zero).decimal(significantDigits: 5) == "nan")
        #expect((one / zero).decimal(significantDigits: 5) == "inf" && (-one / zero).decimal(significantDigits: 5) == "-inf")
        #expect(zero.description == "0" && zero.decimalDigits(3) == nil)
    }
}
