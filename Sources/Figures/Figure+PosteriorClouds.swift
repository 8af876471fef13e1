import AnalyticOracle

extension Figure {
    /// Posterior sample clouds for a few input types side by side: each
    /// panel plots every feature's position across the draws, shaded by the
    /// loss `ℓ_x` on that panel's input (darker = higher), with the χ
    /// displacement arrows `−β (Cov[W_{i,x}, ℓ_x], Cov[W_{i,y}, ℓ_x])` drawn
    /// from each feature's centre `W_i*` (one length scale for the figure).
    ///
    /// Marks: `circle.draw` (`data-feature`, `data-loss`), `g.arrow`
    /// (`data-feature`, `data-input`, `data-chi-x`, `data-chi-y`, and the pixel
    /// end points `data-x1 … data-y2`).
    public static func posteriorClouds(_ cloud: PosteriorCloud, inputs: [Int] = [1, 2, 3]) throws(FigureError) -> Figure {
        guard !inputs.isEmpty else { throw .empty("no input types chosen") }
        for x in inputs where !(0..<32).contains(x) { throw .outOfRange(what: "input type index", value: Double(x), allowed: "0...31") }
        let side = 300.0, gap = 150.0, left = 80.0, top = 120.0
        let width = left + Double(inputs.count) * (side + gap) - 20, height = top + side + 90
        let title = "Posterior clouds and susceptibility arrows" + (cloud.label.isEmpty ? "" : ": " + cloud.label)
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(title, subtitle: "each dot: where W\u{1D62} landed in one SGLD draw, shaded by the loss \u{2113}\u{2093} of that draw (darker = higher); arrows: \u{03C7}\u{20D7} = \u{2212}\u{03B2} Cov(W\u{1D62}, \u{2113}\u{2093}), \u{03B2} = \(SVGNumber.format(cloud.beta))"))
        let layout = CloudLayout(cloud, inputs: inputs, panelSide: side, arrowFraction: 0.3)
        for (p, x) in inputs.enumerated() {
            let frame = PlotFrame(left: left + Double(p) * (side + gap), top: top, width: side, height: side, x: layout.domain, y: layout.domain)
            let panel = cloudPanel(cloud, input: x, frame: frame, layout: layout, pointRadius: 2.2, labels: true)
            doc.add(panel.element)
            doc.add(frame.axes(xLabel: "W\u{1D62},x", yLabel: "W\u{1D62},y", title: nil, xTicks: 4, yTicks: 4, grid: false))
            doc.add(inputGlyph(x, x: frame.left, y: frame.top - 28, cell: 14))
            doc.add(.text("input x = \(InputType.all[x].name)", x: frame.left + 84, y: frame.top - 16, size: PlotFrame.Font.panelTitle, weight: "bold"))
            let ticks = LinearScale(domain: panel.scale.domain, range: (0, 1)).ticks(count: 3)
            let step = LinearScale.niceStep(panel.scale.domain, count: 3)
            doc.add(Decoration.colorBar(panel.scale, x: frame.right + 12, y: frame.top, height: side, label: "\u{2113}\u{2093}, loss on \(InputType.all[x].name)", ticks: ticks, decimals: LinearScale.decimals(forStep: step)))
        }
        doc.add(layout.arrowLegend(x: left, y: top + side + 62))
        return Figure(name: "posterior-clouds", document: doc)
    }

    /// The 32-panel grid: one small cloud panel per input type (4 rows of 8,
    /// by type index), each shaded by its own `ℓ_x` rescaled to the panel's
    /// range, with the χ arrows on one common length scale.
    public static func posteriorCloudGrid(_ cloud: PosteriorCloud, pointsPerFeature: Int = 80) -> Figure {
        let side = 130.0, gapX = 22.0, gapY = 58.0, left = 80.0, top = 110.0
        let columns = 8, rows = 4
        let thinned = cloud.thinned(to: pointsPerFeature)
        let width = left + Double(columns) * (side + gapX) + 110, height = top + Double(rows) * (side + gapY) + 40
        let title = "Susceptibility arrows for all 32 inputs" + (cloud.label.isEmpty ? "" : ": " + cloud.label)
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(title, subtitle: "per panel: clouds shaded by the loss on that input (rescaled to the panel's range); arrows \u{03C7}\u{20D7} = \u{2212}\u{03B2} Cov(W\u{1D62}, \u{2113}\u{2093}) on one common scale"))
        let layout = CloudLayout(cloud, inputs: Array(0..<32), panelSide: side, arrowFraction: 0.28)
        for x in 0..<32 {
            let frame = PlotFrame(
                left: left + Double(x % columns) * (side + gapX), top: top + Double(x / columns) * (side + gapY),
                width: side, height: side, x: layout.domain, y: layout.domain)
            doc.add(cloudPanel(thinned, input: x, frame: frame, layout: layout, pointRadius: 1.4, labels: false, relative: true).element)
            let bottomRow = x / columns == rows - 1, leftColumn = x % columns == 0
            doc.add(frame.axes(
                xLabel: bottomRow ? "W\u{1D62},x" : nil, yLabel: leftColumn ? "W\u{1D62},y" : nil, xTicks: 3, yTicks: 3, grid: false,
                xTickLabels: bottomRow, yTickLabels: leftColumn))
            doc.add(inputGlyph(x, x: frame.left, y: frame.top - 20, cell: 11))
            doc.add(.text(InputType.all[x].name, x: frame.left + 70, y: frame.top - 10, size: PlotFrame.Font.tick, weight: "bold").with("font-family", "DejaVu Sans Mono, monospace"))
        }
        let bar = ColorScale.sequential(0...1)
        doc.add(Decoration.colorBar(bar, x: width - 90, y: top, height: 2 * side, label: "\u{2113}\u{2093} (panel min \u{2192} max)", ticks: [0, 0.5, 1], decimals: 1))
        doc.add(layout.arrowLegend(x: left, y: height - 30))
        let features: [(Decoration.Swatch, String)] = (0..<5).map { (.line(RGBColor.feature($0).hex, dash: nil), "W\($0)*") }
        doc.add(Decoration.legend(features, x: width - 90, y: top + 2 * side + 60, rowHeight: 17))
        return Figure(name: "posterior-cloud-grid", document: doc)
    }

    /// Five small squares, filled for the active features of input type `x`.
    static func inputGlyph(_ x: Int, x left: Double, y top: Double, cell: Double) -> SVGElement {
        .group((0..<5).map { j in
            let active = x & (1 << j) != 0
            return .rect(x: left + Double(j) * (cell + 2), y: top, width: cell, height: cell, fill: active ? RGBColor.feature(j).hex : "#ffffff", stroke: "#555555", strokeWidth: 0.8)
        }, class: "input-glyph").with("data-input", "\(x)")
    }

    private static func cloudPanel(
        _ cloud: PosteriorCloud, input x: Int, frame: PlotFrame, layout: CloudLayout, pointRadius: Double, labels: Bool, relative: Bool = false
    ) -> (element: SVGElement, scale: ColorScale) {
        let values = cloud.losses.map { $0[x] }
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let scale = relative ? ColorScale.sequential(lo...(hi > lo ? hi : lo + 1)) : ColorScale.sequential(LinearScale.niceDomain(values, count: 3))
        var parts: [SVGElement] = []
        let (ox, oy) = frame.point(0, 0)
        for i in 0..<5 {
            let c = cloud.center[feature: i]
            let (px, py) = frame.point(c.x, c.y)
            parts.append(.line(x1: ox, y1: oy, x2: px, y2: py, stroke: RGBColor.feature(i).hex, width: 1.5, dash: "3 2"))
        }
        // Draws in order of increasing loss, so the darkest (highest-loss) dots are on top.
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        for i in 0..<5 {
            for n in order {
                let w = cloud.draws[n][feature: i]
                let (px, py) = frame.point(w.x, w.y)
                guard px >= frame.left, px <= frame.right, py >= frame.top, py <= frame.bottom else { continue }
                parts.append(.circle(cx: px, cy: py, r: pointRadius, fill: scale.color(values[n]).hex, opacity: 0.85)
                    .classed("draw").data(["feature": "\(i)", "loss": SVGNumber.format(values[n], decimals: 5)]))
            }
        }
        for i in 0..<5 {
            let c = cloud.center[feature: i], a = cloud.arrows[x][i]
            let (px, py) = frame.point(c.x, c.y)
            let end = (px + layout.pixelsPerChi * a.x, py - layout.pixelsPerChi * a.y)
            parts.append(.arrow(x1: px, y1: py, x2: end.0, y2: end.1, color: "#000000", width: labels ? 2.2 : 1.6, head: labels ? 9 : 6)
                .classed("arrow").data([
                    "feature": "\(i)", "input": "\(x)",
                    "chi-x": SVGNumber.format(a.x, decimals: 6), "chi-y": SVGNumber.format(a.y, decimals: 6),
                ]))
            if labels {
                let norm = cloud.center.norm(i)
                let lx = px + (norm > 0 ? 26 * c.x / norm : 0) + 0, ly = py - (norm > 0 ? 26 * c.y / norm : 0) + 4.5
                parts.append(.text("f\(i)", x: lx, y: ly, size: PlotFrame.Font.tick, anchor: .middle, weight: "bold", fill: RGBColor.feature(i).hex))
            }
        }
        return (.group(parts, class: "cloud-panel").with("data-input", "\(x)"), scale)
    }
}

/// Shared geometry of the cloud figures: the data window and the arrow scale.
struct CloudLayout {
    let domain: ClosedRange<Double>
    /// Pixels per unit of χ: one scale for every arrow of a figure.
    let pixelsPerChi: Double
    /// The χ length shown in the legend.
    let legendChi: Double
    let legendPixels: Double

    init(_ cloud: PosteriorCloud, inputs: [Int], panelSide: Double, arrowFraction: Double) {
        let coordinates = cloud.draws.flatMap { $0.parameters } + cloud.center.parameters
        let extent = Swift.max(0.5, coordinates.map(abs).max() ?? 1) * 1.1
        domain = LinearScale.niceDomain([-extent, extent], count: 4)
        let longest = inputs.flatMap { x in cloud.arrows[x].map { ($0.x * $0.x + $0.y * $0.y).squareRoot() } }.max() ?? 0
        let target = arrowFraction * panelSide
        pixelsPerChi = longest > 0 ? target / longest : 1
        legendChi = longest > 0 ? LinearScale.niceStep(0...longest, count: 1) : 1
        legendPixels = legendChi * pixelsPerChi
    }

    func arrowLegend(x: Double, y: Double) -> SVGElement {
        .group([
            .arrow(x1: x, y1: y, x2: x + legendPixels, y2: y, color: "#000000", width: 2, head: 8),
            .text("|\u{03C7}\u{20D7}| = \(SVGNumber.format(legendChi, decimals: 4)) (arrows on one scale; dashed lines: the centre W\u{1D62}*)", x: x + legendPixels + 10, y: y + 4.5, size: PlotFrame.Font.tick),
        ], class: "arrow-legend")
    }
}

extension PosteriorCloud {
    /// At most `count` evenly spaced draws (all when fewer).
    func thinned(to count: Int) -> PosteriorCloud {
        guard draws.count > count, count > 0 else { return self }
        let picks = (0..<count).map { $0 * draws.count / count }
        var copy = self
        copy.draws = picks.map { draws[$0] }
        copy.losses = picks.map { losses[$0] }
        return copy
    }
}
