import Foundation
import Testing
@testable import Figures

@Suite("χ-matrix figure")
struct ChiMatrixFigureTests {
    @Test("Closed form alone: 17 × 17 cells, colours follow the values, the essay's α in the anti-diagonal")
    func closedForm() throws {
        let data = try ChiComparison.closedForm(beta: 50)
        let root = try checkCommon(.chiMatrix(data))
        let cells = root.cells(panel: "closed-form")
        #expect(cells.count == 17 * 17)
        #expect(root.cells(panel: "estimate").isEmpty)
        checkCellColours(cells, diverging: true)
        // The cell of dot(0,4) × 10000 (row 3, column 1) holds −α, α = 2√β/(3π^{3/2}) = 0.846582… at β = 50.
        let cell = try #require(cells.first { $0.attributes["data-row"] == "3" && $0.attributes["data-column"] == "1" })
        #expect(abs(Double(cell.attributes["data-value"]!)! + 0.846582) < 2e-6)
        // Rows not involving W4 are exactly zero and drawn in the scale's centre colour.
        let zeroRow = cells.filter { $0.attributes["data-row"] == "0" }
        #expect(zeroRow.allSatisfy { $0.attributes["data-value"] == "0" && $0.attributes["fill"] == ColorScale.diverging(maxMagnitude: 1).color(0).hex })
    }

    @Test("Closed form and a small SGLD estimate side by side; the estimate agrees within 5 SE on most cells")
    func withEstimate() throws {
        let data = try ChiComparison.closedForm(beta: 50).estimated(
            settings: .init(stepSize: 1e-3, nBeta: 1600, chains: 2, burnIn: 500, draws: 3000, seed: 7))
        let root = try checkCommon(.chiMatrix(data))
        let estimate = root.cells(panel: "estimate")
        #expect(estimate.count == 17 * 17)
        checkCellColours(root.cells(), diverging: true)
        // Both panels share one colour scale: equal values get equal colours.
        let closed = root.cells(panel: "closed-form")
        let zeros = (closed + estimate).filter { $0.attributes["data-value"] == "0" }
        #expect(Set(zeros.map { $0.attributes["fill"]! }).count == 1)
        // Outlined cells are exactly those more than 5 SE from the closed form.
        let se = try #require(data.standardError), est = try #require(data.estimate)
        var far = 0
        for k in 0..<17 { for x in 0..<17 where abs(est[k][x] - data.closedForm[k][x]) > 5 * se[k][x] { far += 1 } }
        #expect(root.elements(class: "flagged").first?.elements(named: "rect").count == far)
    }

    @Test("Bad shapes are rejected with the count in the message")
    func badShape() throws {
        let data = try ChiComparison.closedForm(beta: 50)
        #expect(throws: FigureError.wrongCount(what: "estimate rows", expected: 17, got: 1)) {
            try data.with(estimate: [[0]])
        }
        #expect(throws: FigureError.self) { try ChiComparison(beta: -1, rows: [], columns: [], closedForm: []) }
        #expect(FigureError.wrongCount(what: "estimate rows", expected: 17, got: 1).description.contains("got 1"))
    }
}
