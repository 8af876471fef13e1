extension Figure {
    /// Feature vectors `W_0 … W_4` drawn as arrows from the origin, one panel
    /// per weight matrix, in rows (by default: the ideal digon … pentagon,
    /// then the trained ones). Live features (`|W_i| > 0.5`, the threshold of
    /// `PolygonStage`) are drawn thick and joined in angular order
    /// by a dashed polygon; growing features (`0.05 < |W_i| ≤ 0.5`) are drawn
    /// thin; features at the origin are listed as dead under the panel.
    ///
    /// Marks: `line.feature` per live or growing feature (`data-panel`, `data-feature`,
    /// `data-wx`, `data-wy`; the line runs from the origin to `W_i`).
    public static func polygons(rows: [(label: String, panels: [PolygonPanel])]) throws(FigureError) -> Figure {
        guard let columns = rows.map(\.panels.count).max(), columns > 0 else { throw .empty("polygon figure has no panels") }
        let side = 190.0, gapX = 70.0, rowGap = 105.0, left = 80.0, top = 135.0
        let extent = Swift.max(1.0, rows.flatMap { $0.panels.map(\.vectors.maxNorm) }.max() ?? 1) * 1.25
        let domain = LinearScale.niceDomain([-extent, extent], count: 4)
        let width = Swift.max(760, left + Double(columns) * side + Double(columns - 1) * gapX + 40)
        let height = top + Double(rows.count) * (side + rowGap) + 20
        let title = "Feature vectors of the 5\u{00D7}2 model: ideal and trained polygons"
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.add(Decoration.heading(title, subtitle: "columns W\u{1D62} \u{2208} \u{211D}\u{00B2} of W drawn from the origin; x\u{0302} = ReLU(W\u{1D40}Wx)"))
        let features: [(Decoration.Swatch, String)] = (0..<5).map { (.line(RGBColor.feature($0).hex, dash: nil), "feature f\($0)") }
        doc.add(Decoration.legend(features, x: width - 130, y: 24, rowHeight: 16))
        var index = 0
        for (r, row) in rows.enumerated() {
            let rowTop = top + Double(r) * (side + rowGap)
            doc.add(.text(row.label, x: 16, y: rowTop + side / 2, size: PlotFrame.Font.panelTitle, anchor: .middle, weight: "bold", rotation: -90))
            for (c, panel) in row.panels.enumerated() {
                let frame = PlotFrame(left: left + Double(c) * (side + gapX), top: rowTop, width: side, height: side, x: domain, y: domain)
                doc.add(polygonPanel(panel, frame: frame, index: index))
                index += 1
            }
        }
        return Figure(name: "polygons", document: doc)
    }

    /// `|W_i|` above which a feature is live (`PolygonStage`'s default threshold).
    static let liveNorm = 0.5
    /// `|W_i|` at or below which a feature is drawn as dead at the origin.
    static let deadNorm = 0.05

    private static func polygonPanel(_ panel: PolygonPanel, frame: PlotFrame, index: Int) -> SVGElement {
        var parts: [SVGElement] = [frame.axes(xLabel: "W\u{1D62},x", yLabel: "W\u{1D62},y", title: panel.title, xTicks: 4, yTicks: 4)]
        let w = panel.vectors
        let drawn = (0..<5).filter { w.norm($0) > deadNorm }
        let live = drawn.filter { w.norm($0) > liveNorm }
        let growing = drawn.filter { w.norm($0) <= liveNorm }
        let dead = (0..<5).filter { w.norm($0) <= deadNorm }
        let ordered = live.sorted { atan2(w[feature: $0].y, w[feature: $0].x) < atan2(w[feature: $1].y, w[feature: $1].x) }
        if ordered.count >= 3 {
            parts.append(.polygon(ordered.map { frame.point(w[feature: $0].x, w[feature: $0].y) }, fill: "#f2f2f2", stroke: "#999999").with("stroke-dasharray", "4 3"))
        } else if ordered.count == 2 {
            let a = w[feature: ordered[0]], b = w[feature: ordered[1]]
            parts.append(.line(x1: frame.x(a.x), y1: frame.y(a.y), x2: frame.x(b.x), y2: frame.y(b.y), stroke: "#999999", dash: "4 3"))
        }
        let (ox, oy) = frame.point(0, 0)
        for i in drawn {
            let v = w[feature: i]
            let (px, py) = frame.point(v.x, v.y)
            let color = RGBColor.feature(i).hex
            let isLive = live.contains(i)
            parts.append(.line(x1: ox, y1: oy, x2: px, y2: py, stroke: color, width: isLive ? 2.5 : 1.2).classed("feature").data([
                "panel": "\(index)", "feature": "\(i)", "wx": SVGNumber.format(v.x, decimals: 6), "wy": SVGNumber.format(v.y, decimals: 6),
            ]))
            parts.append(.circle(cx: px, cy: py, r: isLive ? 4 : 2.5, fill: color))
            let norm = w.norm(i)
            let lx = px + 15 * v.x / norm, ly = py - 15 * v.y / norm + 4.5
            parts.append(.text("f\(i)", x: lx, y: ly, size: PlotFrame.Font.tick, anchor: .middle, weight: "bold", fill: color))
        }
        parts.append(.circle(cx: ox, cy: oy, r: 2.5, fill: "#444444"))
        var notes: [String] = []
        var state: [String] = []
        if !growing.isEmpty { state.append("growing: " + growing.map { "f\($0)" }.joined(separator: ", ")) }
        if !dead.isEmpty { state.append("dead: " + dead.map { "f\($0)" }.joined(separator: ", ")) }
        if !state.isEmpty { notes.append(state.joined(separator: "; ")) }
        if let caption = panel.caption { notes.append(caption) }
        for (k, note) in notes.enumerated() {
            parts.append(.text(note, x: frame.left + frame.width / 2, y: frame.bottom + 54 + Double(k) * 16, size: PlotFrame.Font.tick, anchor: .middle, fill: "#555555"))
        }
        return .group(parts, class: "polygon-panel")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
