import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// The same closed form at p and 2p bits: the rounded values agree to p bits,
/// the p-bit enclosure contains the 2p-bit value, and certified digits equal
/// the rounding of a value computed with twice the bits.
///
/// The 2p-bit value stands in for the exact one: it is within
/// `c·2^{−2p}·|x|` of it, so the checks below could only fail spuriously when the
/// exact value is that close to an enclosure endpoint or a decimal tie, a
/// chance below `c·2^{−p} ≤ 2^{−49}` per check.
@Suite("Precision ladder and certified digits")
struct PrecisionLadderTests {
    @Test("the value at p bits agrees with the value at 2p bits to the formula's rounding bound", .tags(.consistency), arguments: Formula.allCases)
    func valueAtPAgreesWithValueAt2P(_ formula: Formula) async {
        await propertyCheck(count: 20, input: Gen<Int>.precision(in: 53...2048)) { p in
            let coarse = BigFloat.withWorkingPrecision(p) { formula.evaluate(BigFloat.self) }
            let fine = BigFloat.withWorkingPrecision(2 * p) { formula.evaluate(BigFloat.self) }
            #expect(coarse.precision == p && fine.precision == 2 * p)
            // c·u for the coarse value, plus c·u² ≤ u for the fine one.
            #expect(Tolerance.agree(coarse, fine, factor: formula.roundingBound + 1, bits: p),
                    "\(formula) at \(p) bits: c = \(Tolerance.errorFactor(coarse, fine, bits: p))")
        }
    }

    @Test("the enclosure at p bits contains the value at 2p bits", .tags(.consistency), arguments: Formula.allCases)
    func enclosureAtPContainsValueAt2P(_ formula: Formula) async {
        await propertyCheck(count: 20, input: Gen<Int>.precision(in: 53...2048)) { p in
            let enclosure = BigFloat.withWorkingPrecision(p) { formula.evaluate(BigInterval.self) }
            let fine = BigFloat.withWorkingPrecision(2 * p) { formula.evaluate(BigFloat.self) }
            #expect(enclosure.contains(fine), "\(formula) at \(p) bits")
        }
    }

    @Test("Certified.decimals equals the 2p-bit value rounded to the same digits")
    func certifiedDecimalsEqualFineRounding() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...300)) { digits in
            let certified = try Certified.decimals(digits: digits) { Formula.allCases.map { $0.evaluate(BigInterval.self) } }
            let p = 2 * Certified.initialPrecision(forDigits: digits) + 64
            let fine = BigFloat.withWorkingPrecision(p) { Formula.allCases.map { $0.evaluate(BigFloat.self) } }
            for (formula, (text, value)) in zip(Formula.allCases, zip(certified, fine)) {
                #expect(text == value.decimal(significantDigits: digits), "\(formula), \(digits) digits")
            }
        }
    }

    @Test("the Ziv loop doubles the precision until a value near a decimal tie is decided")
    func zivLoopRaisesPrecision() throws {
        // 1.25 + 10^{-151}: 2-digit rounding is 1.3, but a p-bit enclosure of the
        // text contains the tie 1.25 until 2^{-p} < 10^{-151}, i.e. p > 502 bits.
        let text = "1.25" + String(repeating: "0", count: 148) + "1"
        var precisions: [Int] = []
        let strings = try Certified.decimals(digits: 2) {
            precisions.append(BigFloat.workingPrecision)
            return [try BigInterval(decimal: text)]
        }
        #expect(strings == ["1.3"])
        let first = Certified.initialPrecision(forDigits: 2)
        #expect(first == 71, "⌈2·log₂10⌉ + 64")
        #expect(precisions == [first, 2 * first, 4 * first, 8 * first])

        let failure = #expect(throws: Certified.Failure.self) {
            _ = try Certified.decimals(digits: 2, maximumPrecision: 300) { [try BigInterval(decimal: text)] }
        }
        #expect(failure?.digits == 2 && failure?.maximumPrecision == 300)
        #expect(failure?.description.contains("1.25") == true, "the message shows the enclosure")
    }

    @Test("thousands of digits still get Ziv retries above 2^15 bits")
    func longRequestsRetry() throws {
        // 9900 digits start at ⌈9900·log₂10⌉ + 64 = 32951 bits, above 2^15. The value
        // lies 10^{−9961} above a 9900-digit tie, so it needs ≈ 9962·log₂10 ≈ 33093
        // bits: one doubling, which the old fixed ceiling of 2^15 bits forbade.
        let digits = 9900
        let text = "1." + String(repeating: "2", count: digits - 1) + "5" + String(repeating: "0", count: 60) + "1"
        #expect(Certified.initialPrecision(forDigits: digits) > 1 << 15)
        var precisions: [Int] = []
        let strings = try Certified.decimals(digits: digits) {
            precisions.append(BigFloat.workingPrecision)
            return [try BigInterval(decimal: text)]
        }
        #expect(precisions.count == 2)
        #expect(strings == ["1." + String(repeating: "2", count: digits - 2) + "3"], "rounded up past the tie")
    }

    @Test("an exact zero prints as 0; a zero that is only enclosed cannot be certified")
    func zeros() throws {
        #expect(try Certified.decimals(digits: 10) { [BigInterval(0), BigInterval(7) - BigInterval(7)] } == ["0", "0"])
        let failure = #expect(throws: Certified.Failure.self) {
            _ = try Certified.decimals(digits: 5, maximumPrecision: 1024) { [BigInterval.sin(BigInterval.pi)] }
        }
        #expect(failure?.description.contains("exactly zero") == true)
    }

    @Test("certifiedDigitCount is the largest certified count, and those digits are π's")
    func certifiedDigitCountOfPi() async throws {
        // The published 110 truncated digits t: t ≤ π < t + 10^{−109}, so t rounds like π
        // to at most ~105 digits, which 2^{−p} for p ≤ 345 cannot exceed.
        let pi = try BigFloat(decimal: Constant.pi.published, precision: 1024)
        await propertyCheck(count: 30, input: Gen<Int>.precision(in: 53...345)) { p in
            let enclosure = BigFloat.withWorkingPrecision(p) { BigInterval.pi }
            let count = enclosure.certifiedDigitCount()
            let text = try #require(enclosure.certifiedDecimal(significantDigits: count))
            #expect(enclosure.certifiedDecimal(significantDigits: count + 1) == nil)
            #expect(text == pi.decimal(significantDigits: count), "\(count) digits at \(p) bits")
            // The width is ≤ 2 ulps = 2^{2−p}: about (p − 2)·log₁₀2 digits are decided,
            // fewer when π's next digits come close to a rounding boundary.
            #expect(Double(count) >= Double(p - 2) * 0.30103 - 4, "\(count) digits at \(p) bits")
        }
    }
}
