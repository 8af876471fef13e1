extension Figure {
    /// The susceptibility matrix at the 4→5 bifurcation as heatmaps, the closed
    /// form and the SGLD estimate side by side on one diverging colour scale
    /// (blue negative, red positive, symmetric about 0), rows = observables,
    /// columns = input types. When standard errors are given, estimated cells
    /// that differ from the closed form by more than 5 standard errors are
    /// outlined in black.
    ///
    /// Marks: two `g.heatmap` groups (`data-panel` = `closed-form` /
    /// `estimate`) of `rect.cell`.
    public static func chiMatrix(_ data: ChiComparison) -> Figure {
        let cell = 22.0, rowLabelWidth = 78.0, top = 150.0, gap = 64.0
        let panels: [(String, String, [[Double]])] =
            [("closed-form", "Closed form (AnalyticOracle)", data.closedForm)]
            + (data.estimate.map { [("estimate", "SGLD estimate (TMSEngine)", $0)] } ?? [])
        let magnitude = panels.flatMap { $0.2.flatMap { $0.map(abs) } }.max() ?? 1
        let scale = ColorScale.diverging(maxMagnitude: magnitude)
        let matrixWidth = Double(data.columns.count) * cell, matrixHeight = Double(data.rows.count) * cell
        let width = Swift.max(700, 24 + Double(panels.count) * (rowLabelWidth + matrixWidth) + Double(panels.count - 1) * gap + 120)
        let height = top + matrixHeight + 80
        let title = "Susceptibilities \u{03C7} at the 4\u{2192}5 bifurcation (\u{03B2} = \(SVGNumber.format(data.beta, decimals: 3)))"
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(
            title,
            subtitle: "\u{03C7}\u{2096}\u{2093} = \u{2212}\u{03B2} Cov(\u{03C6}\u{2096}, \u{2113}\u{2093}) at the frozen square (W\u{2080}\u{2026}W\u{2083} fixed, W\u{2084} = 0), one-hot data"))
        var x = 24 + rowLabelWidth
        for (id, name, matrix) in panels {
            let heatmap = Heatmap(values: matrix, scale: scale, left: x, top: top, cellWidth: cell, cellHeight: cell)
            doc.add(heatmap.render(gridLines: true).with("data-panel", id))
            doc.add(.text(name, x: x + matrixWidth / 2, y: 70, size: PlotFrame.Font.panelTitle, anchor: .middle, weight: "bold"))
            for (k, row) in data.rows.enumerated() {
                doc.add(.text(row, x: x - 6, y: top + (Double(k) + 0.5) * cell + 4, size: PlotFrame.Font.small, anchor: .end))
            }
            for (c, column) in data.columns.enumerated() {
                let cx = x + (Double(c) + 0.5) * cell + 4
                doc.add(.text(column, x: cx, y: top - 6, size: PlotFrame.Font.small, rotation: -90))
            }
            doc.add(.text("input type x (features 0\u{2026}4)", x: x + matrixWidth / 2, y: top + matrixHeight + 22, size: PlotFrame.Font.label, anchor: .middle))
            doc.add(.text("observable \u{03C6}\u{2096}", x: x - rowLabelWidth + 4, y: top + matrixHeight + 22, size: PlotFrame.Font.label))
            if id == "estimate", let se = data.standardError {
                var flagged: [SVGElement] = []
                for (k, row) in matrix.enumerated() {
                    for (c, value) in row.enumerated() where abs(value - data.closedForm[k][c]) > 5 * se[k][c] {
                        flagged.append(.rect(x: x + Double(c) * cell + 1, y: top + Double(k) * cell + 1, width: cell - 2, height: cell - 2, fill: "none", stroke: "#000000", strokeWidth: 1.5))
                    }
                }
                doc.add(.group(flagged, class: "flagged"))
                doc.add(.text("outlined: |estimate \u{2212} closed form| > 5 SE (\(flagged.count) cells)", x: x, y: top + matrixHeight + 44, size: PlotFrame.Font.tick, fill: "#444444"))
            }
            x += matrixWidth + gap + rowLabelWidth
        }
        let barX = x - gap - rowLabelWidth + 24
        let tickStep = LinearScale.niceStep(-magnitude...magnitude, count: 4)
        let ticks = LinearScale(domain: -magnitude...magnitude, range: (0, 1)).ticks(count: 4)
        doc.add(Decoration.colorBar(scale, x: barX, y: top, height: matrixHeight, label: "\u{03C7} (blue < 0 < red)", ticks: ticks, decimals: LinearScale.decimals(forStep: tickStep)))
        return Figure(name: "chi-matrix", document: doc)
    }
}
