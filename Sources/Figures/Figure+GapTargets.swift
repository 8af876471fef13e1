import D5Taxonomy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Figure {
    /// The 12 gap-pattern targets of `Taxonomy`, one small
    /// pentagon per class, in rows by break count (0, 2, 3, 5).
    ///
    /// Each diagram draws the class's `TargetClass.representative`:
    /// position `p` (at angle `90° − 72° p`, clockwise from the top) holds
    /// feature `features[p]`; the ring edge between two adjacent positions is
    /// solid when the two features there were neighbours on the starting
    /// pentagon (gap 1) and dashed red when that neighbour pair is broken (gap 2).
    /// Below each: the gap string and the representative in cycle notation.
    ///
    /// Marks: `g.target` (data-gaps, data-breaks), inside it five `circle.vertex`
    /// (data-position, data-feature) and five `line.edge` (data-gap).
    public static func gapTargets() -> Figure {
        let cell = 160.0, labelWidth = 120.0, top = 78.0, rowHeight = 175.0, radius = 46.0
        let width = labelWidth + 5 * cell + 20
        let groups = Dictionary(grouping: Taxonomy.classes, by: \.breaks).sorted { $0.key < $1.key }
        let height = top + Double(groups.count) * rowHeight + 50
        var doc = SVGDocument(width: width, height: height, title: "The 12 targets for rearranging a pentagon, by break count")
        doc.add(Decoration.heading(
            "The 12 targets for rearranging a pentagon, by break count",
            subtitle: "S\u{2085} modulo D\u{2085} relabelling, each class drawn as its simplest representative; edges styled by the original gap"))
        for (row, (breaks, classes)) in groups.enumerated() {
            let rowTop = top + Double(row) * rowHeight
            doc.add(.line(x1: 16, y1: rowTop + 4, x2: width - 16, y2: rowTop + 4, stroke: "#dddddd"))
            doc.add(.text("\(breaks) breaks", x: 20, y: rowTop + 78, size: PlotFrame.Font.panelTitle, weight: "bold"))
            doc.add(.text("\(classes.count) class\(classes.count == 1 ? "" : "es")", x: 20, y: rowTop + 96, size: PlotFrame.Font.tick, fill: "#555555"))
            for (column, target) in classes.enumerated() {
                let cx = labelWidth + (Double(column) + 0.5) * cell, cy = rowTop + 80
                doc.add(diagram(target, cx: cx, cy: cy, radius: radius))
            }
        }
        let legendY = height - 28
        doc.add(.group([
            .line(x1: 20, y1: legendY, x2: 50, y2: legendY, stroke: "#333333", width: 2.5),
            .text("kept neighbours (gap 1)", x: 58, y: legendY + 4.5, size: PlotFrame.Font.tick),
            .line(x1: 240, y1: legendY, x2: 270, y2: legendY, stroke: "#c0392b", width: 2.5, dash: "6 4"),
            .text("broken neighbour pair (gap 2)", x: 278, y: legendY + 4.5, size: PlotFrame.Font.tick),
            .circle(cx: 500, cy: legendY, r: 9, fill: RGBColor.feature(0).hex),
            .text("feature at a position (p0 on top, clockwise)", x: 516, y: legendY + 4.5, size: PlotFrame.Font.tick),
        ], class: "legend"))
        return Figure(name: "gap-targets", document: doc)
    }

    /// The pixel position of pentagon position `p` around `(cx, cy)`.
    static func pentagonVertex(_ p: Int, cx: Double, cy: Double, radius: Double) -> (Double, Double) {
        let angle = Double.pi / 2 - 2 * Double.pi * Double(p) / 5
        return (cx + radius * cos(angle), cy - radius * sin(angle))
    }

    private static func diagram(_ target: TargetClass, cx: Double, cy: Double, radius: Double) -> SVGElement {
        let arrangement = target.representative.arrangement
        var parts: [SVGElement] = []
        for (p, q) in Pentagon.edges {
            let a = pentagonVertex(p, cx: cx, cy: cy, radius: radius), b = pentagonVertex(q, cx: cx, cy: cy, radius: radius)
            let gap = arrangement.gap(betweenPositions: p, q)
            parts.append(
                .line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, stroke: gap == 1 ? "#333333" : "#c0392b", width: 2.5, dash: gap == 1 ? nil : "6 4")
                    .classed("edge").data(["positions": "\(p)\(q)", "gap": "\(gap)"]))
        }
        for p in Pentagon.vertices {
            let (x, y) = pentagonVertex(p, cx: cx, cy: cy, radius: radius)
            let f = arrangement[position: p]
            let color = RGBColor.feature(f)
            parts.append(.circle(cx: x, cy: y, r: 11, fill: color.hex).classed("vertex").data(["position": "\(p)", "feature": "\(f)"]))
            parts.append(.text("f\(f)", x: x, y: y + 4.5, size: PlotFrame.Font.tick, anchor: .middle, weight: "bold", fill: "#ffffff"))
        }
        parts.append(.text(target.gapPattern.description, x: cx, y: cy + radius + 30, size: PlotFrame.Font.label, anchor: .middle, weight: "bold"))
        parts.append(.text(target.representative.cycleNotation, x: cx, y: cy + radius + 47, size: PlotFrame.Font.tick, anchor: .middle, fill: "#444444"))
        return SVGElement.group(parts, class: "target")
            .data(["gaps": target.gapPattern.description, "breaks": "\(target.breaks)", "representative": target.representative.cycleNotation])
    }
}
