extension Figure {
    /// Susceptibilities over a training run: the loss, the LLC (±2 standard
    /// errors), and the total susceptibility `‖χ‖_F = (Σ_{k,x} χ_{k,x}²)^{1/2}`
    /// per checkpoint as lines, above two heatmaps over the checkpoints:
    /// `χ_{k,x*}` for every observable `k` at one input `x*`, and `χ_{k*,x}`
    /// for one observable `k*` at every input `x` (diverging colours, blue < 0 < red).
    ///
    /// Marks: `polyline.loss`, `polyline.llc`, `polyline.chi-norm`; two
    /// `g.heatmap` groups (`data-panel` = `by-observable` / `by-input`) of
    /// `rect.cell` (`data-row`, `data-column` = checkpoint, `data-value`).
    public static func trainingSusceptibilities(_ trace: SusceptibilityTrace, input: String = "00001", observable: String = "norm(4)") throws(FigureError) -> Figure {
        guard let x = trace.inputs.firstIndex(of: input) else { throw .unknownName(what: "input type", name: input) }
        guard let k = trace.observables.firstIndex(of: observable) else { throw .unknownName(what: "observable", name: observable) }
        let left = 120.0, plotWidth = 640.0, lineHeight = 110.0, gap = 34.0, top = 84.0
        let checkpoints = trace.checkpoints
        let epochs = checkpoints.map { Double($0.epoch) }
        let T = checkpoints.count
        // Lines share the epoch axis with the heatmap columns (centres of the cells).
        let halfStep = T > 1 ? (epochs[T - 1] - epochs[0]) / Double(T - 1) / 2 : 1
        let epochDomain = (epochs[0] - halfStep)...(epochs[T - 1] + halfStep)
        let chiNorm = checkpoints.map { c in c.chi.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let byObservable = trace.observables.indices.map { r in checkpoints.map { $0.chi[r][x] } }
        let inputOrder = trace.inputs.indices.sorted { (trace.inputs[$0].filter { $0 == "1" }.count, $0) < (trace.inputs[$1].filter { $0 == "1" }.count, $1) }
        let byInput = inputOrder.map { c in checkpoints.map { $0.chi[k][c] } }
        let cellWidth = plotWidth / Double(T)
        let heat1Top = top + 3 * (lineHeight + gap) + 40, heat1Height = Double(trace.observables.count) * 14
        let heat2Top = heat1Top + heat1Height + 48, heat2Height = Double(trace.inputs.count) * 12
        let width = left + plotWidth + 110, height = heat2Top + heat2Height + 70

        let title = "Susceptibilities over training" + (trace.label.isEmpty ? "" : ": " + trace.label)
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(title, subtitle: "at each checkpoint: SGLD around the current weights, \u{03B2} = \(SVGNumber.format(trace.beta)); \u{03C7}\u{2096}\u{2093} = \u{2212}\u{03B2} Cov(\u{03C6}\u{2096}, \u{2113}\u{2093})"))

        let series: [(String, String, [Double], String)] = [
            ("loss", "loss L(w; h)", checkpoints.map(\.loss), "#222222"),
            ("llc", "LLC \u{03BB}\u{0302} \u{00B1} 2 SE", checkpoints.map(\.llc), "#2166ac"),
            ("chi-norm", "\u{2016}\u{03C7}\u{2016} (Frobenius)", chiNorm, "#b2182b"),
        ]
        for (p, (name, label, values, color)) in series.enumerated() {
            var band = values
            if name == "llc" {
                band = []
                for c in checkpoints { band += [c.llc - 2 * c.llcStandardError, c.llc + 2 * c.llcStandardError] }
            }
            let frame = PlotFrame(
                left: left, top: top + Double(p) * (lineHeight + gap), width: plotWidth, height: lineHeight,
                x: epochDomain, y: LinearScale.niceDomain(band, count: 3, pad: 0.05))
            doc.add(frame.axes(xLabel: p == 2 ? "epoch" : nil, yLabel: label, xTicks: 6, yTicks: 3, xTickLabels: p == 2))
            if name == "llc" {
                for c in checkpoints {
                    let px = frame.x(Double(c.epoch))
                    doc.add(.line(x1: px, y1: frame.y(c.llc - 2 * c.llcStandardError), x2: px, y2: frame.y(c.llc + 2 * c.llcStandardError), stroke: "#92c5de", width: 1.5))
                }
            }
            let points = zip(epochs, values).map { frame.point($0, $1) }
            doc.add(.polyline(points, stroke: color, width: 2).classed(name))
            for (px, py) in points where T <= 60 { doc.add(.circle(cx: px, cy: py, r: 2.2, fill: color)) }
        }

        func heatmapPanel(_ values: [[Double]], top: Double, cellHeight: Double, rowLabels: [String], id: String, heading: String, mono: Bool) {
            let magnitude = values.flatMap { $0.map(abs) }.max() ?? 1
            let scale = ColorScale.diverging(maxMagnitude: magnitude)
            let heatmap = Heatmap(values: values, scale: scale, left: left, top: top, cellWidth: cellWidth, cellHeight: cellHeight)
            doc.add(heatmap.render().with("data-panel", id))
            doc.add(.text(heading, x: left, y: top - 8, size: PlotFrame.Font.panelTitle, weight: "bold"))
            for (r, label) in rowLabels.enumerated() {
                var text = SVGElement.text(label, x: left - 6, y: top + (Double(r) + 0.5) * cellHeight + 4, size: PlotFrame.Font.small, anchor: .end)
                if mono { text = text.with("font-family", "DejaVu Sans Mono, monospace") }
                doc.add(text)
            }
            let ticks = LinearScale(domain: -magnitude...magnitude, range: (0, 1)).ticks(count: 4)
            doc.add(Decoration.colorBar(scale, x: left + plotWidth + 14, y: top, height: heatmap.height, label: "\u{03C7}", ticks: ticks, decimals: LinearScale.decimals(forStep: LinearScale.niceStep(-magnitude...magnitude, count: 4))))
        }
        heatmapPanel(byObservable, top: heat1Top, cellHeight: 14, rowLabels: trace.observables, id: "by-observable", heading: "\u{03C7}\u{2096},\u{2093} for input x = \(input), every observable \u{03C6}\u{2096}", mono: false)
        heatmapPanel(byInput, top: heat2Top, cellHeight: 12, rowLabels: inputOrder.map { trace.inputs[$0] }, id: "by-input", heading: "\u{03C7}\u{2096},\u{2093} for observable \(observable), every input x (by cardinality)", mono: true)
        let axis = LinearScale(domain: epochDomain, range: (left, left + plotWidth))
        let decimals = LinearScale.decimals(forStep: LinearScale.niceStep(epochDomain, count: 6))
        for t in axis.ticks(count: 6) {
            doc.add(.line(x1: axis(t), y1: heat2Top + heat2Height, x2: axis(t), y2: heat2Top + heat2Height + 4, stroke: "#444444"))
            doc.add(.text(SVGNumber.label(t, decimals: decimals), x: axis(t), y: heat2Top + heat2Height + 17, size: PlotFrame.Font.tick, anchor: .middle))
        }
        doc.add(.text("epoch (one column per checkpoint)", x: left + plotWidth / 2, y: heat2Top + heat2Height + 36, size: PlotFrame.Font.label, anchor: .middle))
        return Figure(name: "training-susceptibilities", document: doc)
    }
}
