import AnalyticOracle

extension Figure {
    /// The patterning trajectory of a saved run: the weighted (red) and
    /// natural (blue) loss per step above a heatmap of the per-type weights
    /// `h_x` (rows = the 32 input types grouped by cardinality, columns =
    /// patterning steps), coloured on a light-to-dark log scale.
    ///
    /// Marks: `g.heatmap` of `rect.cell` (`data-row` = position in the
    /// cardinality order, `data-column` = step, `data-value` = `h_x`);
    /// `polyline.weighted-loss`, `polyline.natural-loss`.
    public static func patterningTrajectory(_ run: PatterningTrace) -> Figure {
        let left = 130.0, plotWidth = 680.0, lossTop = 96.0, lossHeight = 150.0
        let heatTop = lossTop + lossHeight + 50, cellHeight = 16.0
        let order = InputTypeOrder.byCardinality
        let values = order.map { x in run.weights.map { $0[x.index] } }
        let positive = run.weights.flatMap { $0 }.filter { $0 > 0 }
        let lo = Swift.max(positive.min() ?? 1e-3, 1e-6), hi = Swift.min(Swift.max(positive.max() ?? 1, lo * 10), 1e300)
        let decadeLo = pow(10, floor(log10(lo))), decadeHi = pow(10, ceil(log10(hi)))
        let scale = ColorScale.sequential(decadeLo...decadeHi, logarithmic: true)
        let steps = run.stepCount
        let heatmap = Heatmap(values: values, scale: scale, left: left, top: heatTop, cellWidth: plotWidth / Double(steps), cellHeight: cellHeight)
        let width = left + plotWidth + 190, height = heatTop + heatmap.height + 60

        let title = "Patterning trajectory" + (run.label.isEmpty ? "" : ": " + run.label)
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(title, subtitle: "per-type data weights h\u{2093} at each patterning step (bottom) and the losses they produce (top)"))

        // Loss curves, x in step-centre coordinates aligned with the heatmap columns.
        let losses = run.weightedLoss + run.naturalLoss
        let frame = PlotFrame(
            left: left, top: lossTop, width: plotWidth, height: lossHeight,
            x: -0.5...(Double(steps) - 0.5), y: LinearScale.niceDomain(losses, count: 4, pad: 0.05))
        doc.add(frame.axes(xLabel: nil, yLabel: "loss", xTicks: 8, yTicks: 4))
        for (series, color, name) in [(run.weightedLoss, "#c0392b", "weighted-loss"), (run.naturalLoss, "#2166ac", "natural-loss")] {
            doc.add(.polyline(series.enumerated().map { frame.point(Double($0.offset), $0.element) }, stroke: color, width: 2).classed(name))
        }
        doc.add(Decoration.legend([
            (.line("#c0392b", dash: nil), "weighted L(w; h)"), (.line("#2166ac", dash: nil), "natural L(w; h\u{2080})"),
        ], x: frame.right + 14, y: lossTop + 12))

        // Heatmap, with cardinality group separators and labels.
        doc.add(heatmap.render())
        var row = 0
        for k in 0...5 {
            let members = order.filter { $0.features.count == k }
            let groupTop = heatTop + Double(row) * cellHeight
            if row > 0 { doc.add(.line(x1: left, y1: groupTop, x2: left + plotWidth, y2: groupTop, stroke: "#ffffff", width: 2)) }
            if row > 0 { doc.add(.line(x1: left - 100, y1: groupTop, x2: left, y2: groupTop, stroke: "#bbbbbb", width: 1)) }
            doc.add(.text("k=\(k)", x: left - 100, y: groupTop + Double(members.count) * cellHeight / 2 + 4, size: PlotFrame.Font.small, weight: "bold", fill: "#555555"))
            for (m, x) in members.enumerated() {
                doc.add(.text(x.name, x: left - 5, y: groupTop + (Double(m) + 0.5) * cellHeight + 4, size: PlotFrame.Font.small, anchor: .end).with("font-family", "DejaVu Sans Mono, monospace"))
            }
            row += members.count
        }
        let stepScale = LinearScale(domain: -0.5...(Double(steps) - 0.5), range: (left, left + plotWidth))
        for t in stepScale.ticks(count: 8) where t >= 0 {
            let px = stepScale(t)
            doc.add(.line(x1: px, y1: heatTop + heatmap.height, x2: px, y2: heatTop + heatmap.height + 4, stroke: "#444444"))
            doc.add(.text(SVGNumber.label(t, decimals: 0), x: px, y: heatTop + heatmap.height + 17, size: PlotFrame.Font.tick, anchor: .middle))
        }
        doc.add(.text("patterning step", x: left + plotWidth / 2, y: heatTop + heatmap.height + 36, size: PlotFrame.Font.label, anchor: .middle))
        doc.add(.text("input type x (k = active features)", x: 20, y: heatTop + heatmap.height / 2, size: PlotFrame.Font.label, anchor: .middle, rotation: -90))
        let decades = Int(log10(decadeLo).rounded())...Int(log10(decadeHi).rounded())
        let tickValues = decades.map { pow(10, Double($0)) }
        doc.add(Decoration.colorBar(
            scale, x: left + plotWidth + 20, y: heatTop, height: heatmap.height, label: "data weight h\u{2093} (log scale)",
            ticks: tickValues, decimals: 0, tickText: { v in SVGNumber.powerOfTen(Int(log10(v).rounded())) }))
        return Figure(name: "patterning-trajectory", document: doc)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
