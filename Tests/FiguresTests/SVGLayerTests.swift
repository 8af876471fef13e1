import Foundation
import PropertyBased
import Testing
@testable import Figures

@Suite("SVG layer")
struct SVGLayerTests {
    @Test("Escaped text and attributes read back unchanged through XMLParser")
    func escapingRoundTrip() throws {
        let nasty = "a < b && c > \"d\" 'e' ≥ χ⃗ <tag/> &amp;"
        var doc = SVGDocument(width: 100, height: 50, title: nasty)
        doc.add(SVGElement.text(nasty, x: 1, y: 2).with("data-note", nasty))
        let parsed = try #require(ParsedSVG.parse(doc.render()))
        let text = try #require(parsed.root?.elements(named: "text").first)
        #expect(text.text == nasty)
        #expect(text.attributes["data-note"] == nasty)
        #expect(parsed.root?.elements(named: "title").first?.text == nasty)
    }

    @Test("Fixed-decimal numbers are within half a unit of the last place of the value")
    func numberFormatting() async {
        await propertyCheck(count: 500, input: Gen.double(in: -1e6...1e6), Gen.int(in: 0...6)) { x, decimals in
            let text = SVGNumber.format(x, decimals: decimals)
            let value = Double(text)!
            var unit = 1.0
            for _ in 0..<decimals { unit /= 10 }
            // Half a unit in the last place plus the rounding of x·10^d (a few ulps of x).
            #expect(abs(value - x) <= unit / 2 + 4 * x.ulp)
            #expect(!text.contains("e") && !text.hasSuffix(".") && text != "-0")
            if text.contains(".") { #expect(!text.hasSuffix("0")) }
        }
    }

    @Test("Numbers: fixed examples, negative zero, non-finite")
    func numberExamples() {
        #expect(SVGNumber.format(12.5) == "12.5")
        #expect(SVGNumber.format(-0.004) == "0")
        #expect(SVGNumber.format(-0.005) == "-0.01")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(SVGNumber.label(-0.5, decimals: 2) == "\u{2212}0.50")
        #expect(SVGNumber.label(3, decimals: 1) == "3.0")
        #expect(SVGNumber.powerOfTen(-2) == "10\u{207B}\u{00B2}")
    }

    @Test("Nice ticks: inside the domain, evenly spaced, steps of 1, 2 or 5 × 10^k")
    func niceTicks() async {
        await propertyCheck(count: 300, input: Gen.double(in: -1e4...1e4), Gen.double(in: 1e-3...1e4), Gen.int(in: 2...10)) { lo, span, count in
            let scale = LinearScale(domain: lo...(lo + span), range: (0, 100))
            let ticks = scale.ticks(count: count)
            let step = LinearScale.niceStep(scale.domain, count: count)
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 })
            #expect(ticks.count >= 1 && ticks.count <= 2 * count + 2)
            for t in ticks { #expect(t >= lo - 1e-9 * span && t <= lo + span + 1e-9 * span) }
            for (a, b) in zip(ticks, ticks.dropFirst()) { #expect(abs((b - a) - step) <= 1e-9 * Swift.max(1, abs(b))) }
            // The map and its inverse agree.
            #expect(abs(scale.invert(scale(lo + span / 3)) - (lo + span / 3)) <= 1e-9 * Swift.max(1, abs(lo) + span))
        }
    }

    @Test("Sequential scale: darker (lower luma) for larger values, at every pair of 200 values")
    func sequentialMonotone() {
        let scale = ColorScale.sequential(0...1)
        let lumas = (0...200).map { luma(scale.color(Double($0) / 200).hex) }
        for (a, b) in zip(lumas, lumas.dropFirst()) { #expect(b <= a) }
        #expect(lumas.first! - lumas.last! > 150)
    }

    @Test("Diverging scale: blue for negative, red for positive, white-ish at 0, darker with |v|")
    func divergingScale() {
        let scale = ColorScale.diverging(maxMagnitude: 2)
        let zero = scale.color(0)
        #expect(luma(zero.hex) > 240)
        var previous = luma(zero.hex)
        for k in 1...100 {
            let v = 2 * Double(k) / 100
            let positive = redBlue(scale.color(v).hex), negative = redBlue(scale.color(-v).hex)
            #expect(positive.red > positive.blue)
            #expect(negative.blue > negative.red)
            let l = luma(scale.color(v).hex)
            #expect(l <= previous)
            previous = l
        }
    }

    @Test("Log scale: positions of decades are evenly spaced")
    func logScale() {
        let scale = ColorScale.sequential(1e-3...1e1, logarithmic: true)
        #expect(abs(scale.position(1e-3)) < 1e-12)
        #expect(abs(scale.position(1e-1) - 0.5) < 1e-12)
        #expect(abs(scale.position(10) - 1) < 1e-12)
        #expect(scale.position(0) == 0)
    }
}
