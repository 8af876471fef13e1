import Foundation
import Testing
@testable import Figures

/// Numbers that used to trap converting Double to Int in the SVG writer, the scales and the
/// colours, and data a figure refuses to draw (with a FigureError naming it).
@Suite("Figure guards")
struct FigureGuardsTests {
    @Test("Huge and non-finite coordinates are written without trapping")
    func hugeNumbers() {
        #expect(SVGNumber.format(1e300).count == 301)
        #expect(SVGNumber.format(-1e20) == "-100000000000000000000")
        #expect(SVGNumber.format(.infinity) == "0")
        #expect(SVGNumber.label(1e16, decimals: 2) == "10000000000000000.00")
    }

    @Test("Scales over huge or overflowing domains have no ticks rather than a trap")
    func hugeDomains() {
        #expect(LinearScale(domain: -1e308...1e308, range: (0, 100)).ticks().isEmpty)
        #expect(LinearScale(domain: 1e300...1e301, range: (0, 100)).ticks().count == 5)
        #expect(LinearScale(domain: 1e10...(1e10 + 1e-5), range: (0, 100)).ticks().count <= 1001)
        #expect(LinearScale(domain: 0...10, range: (0, 100)).ticks() == [0, 2, 4, 6, 8, 10])
    }

    @Test("A NaN position has a colour")
    func nanColours() {
        let scale = ColorScale(domain: -1e308...1e308, stops: [RGBColor(hex: "#000000")!, RGBColor(hex: "#ffffff")!])
        _ = scale.color(1e308)
        _ = scale.color(.nan)
        #expect(ColorScale.interpolate(scale.stops, .nan) == RGBColor.mix(scale.stops[0], scale.stops[1], 0.5))
    }

    @Test("Data outside the drawable range or too large to draw is refused")
    func refusedData() {
        #expect(throws: FigureError.outOfRange(what: "closed form entry in row a", value: 1e308, allowed: "[−1e100, 1e100]")) {
            try ChiComparison(beta: 50, rows: ["a"], columns: ["b"], closedForm: [[1e308]])
        }
        let rows = (0...Figure.maximumMatrixSide).map { "r\($0)" }
        #expect(throws: FigureError.self) {
            try ChiComparison(beta: 50, rows: rows, columns: ["b"], closedForm: rows.map { _ in [0.5] })
        }
        #expect(throws: Never.self) {
            try ChiComparison(beta: 50, rows: Array(rows.dropLast()), columns: ["b"], closedForm: rows.dropLast().map { _ in [1e100] })
        }
    }
}
