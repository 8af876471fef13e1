/// A grid of coloured cells: `values[row][column]` drawn at `(left, top)` with
/// cells of `cellWidth × cellHeight`, row 0 at the top.
///
/// Each cell is a `rect.cell` with `data-row`, `data-column` and `data-value`
/// (the value at 6 decimals), so tests can check colours against values.
public struct Heatmap: Sendable {
    public let values: [[Double]]
    public let scale: ColorScale
    public let left: Double, top: Double, cellWidth: Double, cellHeight: Double

    public init(values: [[Double]], scale: ColorScale, left: Double, top: Double, cellWidth: Double, cellHeight: Double) {
        self.values = values
        self.scale = scale
        self.left = left
        self.top = top
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
    }

    public var rowCount: Int { values.count }
    public var columnCount: Int { values.first?.count ?? 0 }
    public var width: Double { Double(columnCount) * cellWidth }
    public var height: Double { Double(rowCount) * cellHeight }

    /// The cells and a frame; `className` names the group.
    public func render(className: String = "heatmap", gridLines: Bool = false) -> SVGElement {
        var cells: [SVGElement] = []
        cells.reserveCapacity(rowCount * columnCount + 1)
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                // Cells overlap by a hair so no background seams show between them.
                let overlap = gridLines ? 0 : 0.6
                var cell = SVGElement.rect(
                    x: left + Double(c) * cellWidth, y: top + Double(r) * cellHeight,
                    width: cellWidth + overlap, height: cellHeight + overlap, fill: scale.color(value).hex)
                if gridLines { cell = cell.with("stroke", "#ffffff").with("stroke-width", "0.5") }
                cells.append(cell.classed("cell").data([
                    "row": "\(r)", "column": "\(c)", "value": SVGNumber.format(value, decimals: 6),
                ]))
            }
        }
        cells.append(.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444444", strokeWidth: 0.8))
        return .group(cells, class: className)
    }
}
