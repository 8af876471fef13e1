/// Constructors for the shapes the figures use. Coordinates are in pixels
/// (SVG user units, y down) and formatted by ``SVGNumber``.
extension SVGElement {
    private static func n(_ x: Double) -> String { SVGNumber.format(x) }

    /// `<g>` grouping `children`.
    public static func group(_ children: [SVGElement], class className: String? = nil) -> SVGElement {
        let element = SVGElement("g", children: children.map(Node.element))
        return className.map { element.classed($0) } ?? element
    }

    /// An axis-aligned rectangle.
    public static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1) -> SVGElement {
        var e = SVGElement("rect", [.init("x", n(x)), .init("y", n(y)), .init("width", n(width)), .init("height", n(height)), .init("fill", fill)])
        if let stroke { e = e.with("stroke", stroke).with("stroke-width", n(strokeWidth)) }
        return e
    }

    /// A line segment.
    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) -> SVGElement {
        var e = SVGElement("line", [
            .init("x1", n(x1)), .init("y1", n(y1)), .init("x2", n(x2)), .init("y2", n(y2)),
            .init("stroke", stroke), .init("stroke-width", n(width)),
        ])
        if let dash { e = e.with("stroke-dasharray", dash) }
        return e
    }

    /// A circle.
    public static func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, opacity: Double? = nil) -> SVGElement {
        var e = SVGElement("circle", [.init("cx", n(cx)), .init("cy", n(cy)), .init("r", n(r)), .init("fill", fill)])
        if let stroke { e = e.with("stroke", stroke).with("stroke-width", "1") }
        if let opacity { e = e.with("fill-opacity", SVGNumber.format(opacity, decimals: 3)) }
        return e
    }

    /// An open polyline through `points`.
    public static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil) -> SVGElement {
        var e = SVGElement("polyline", [
            .init("points", points.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")),
            .init("fill", "none"), .init("stroke", stroke), .init("stroke-width", n(width)),
            .init("stroke-linejoin", "round"),
        ])
        if let dash { e = e.with("stroke-dasharray", dash) }
        return e
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil, width: Double = 1) -> SVGElement {
        var e = SVGElement("polygon", [
            .init("points", points.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")), .init("fill", fill),
        ])
        if let stroke { e = e.with("stroke", stroke).with("stroke-width", n(width)) }
        return e
    }

    /// Text anchored at `(x, y)` (baseline), `size` in px, optionally rotated
    /// by `rotation` degrees about the anchor.
    public static func text(
        _ string: String, x: Double, y: Double, size: Double = 13, anchor: TextAnchor = .start,
        weight: String? = nil, fill: String = "#222222", rotation: Double? = nil, style: String? = nil
    ) -> SVGElement {
        var e = SVGElement("text", [
            .init("x", n(x)), .init("y", n(y)), .init("font-size", n(size)), .init("text-anchor", anchor.rawValue),
            .init("fill", fill),
        ], children: [.text(string)])
        if let weight { e = e.with("font-weight", weight) }
        if let style { e = e.with("font-style", style) }
        if let rotation { e = e.with("transform", "rotate(\(n(rotation)) \(n(x)) \(n(y)))") }
        return e
    }

    /// An arrow from `(x1, y1)` to `(x2, y2)` drawn as a shaft and a filled
    /// triangular head (no markers, so every renderer draws it the same way).
    public static func arrow(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double = 2, head: Double = 7) -> SVGElement {
        let dx = x2 - x1, dy = y2 - y1
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else {
            return .group([.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: color, width: width)])
                .with("data-x1", n(x1)).with("data-y1", n(y1)).with("data-x2", n(x2)).with("data-y2", n(y2))
        }
        let ux = dx / length, uy = dy / length
        let h = min(head, 0.6 * length + 2)
        let bx = x2 - ux * h, by = y2 - uy * h
        let wing = 0.45 * h
        return .group([
            .line(x1: x1, y1: y1, x2: bx, y2: by, stroke: color, width: width),
            .polygon([(x2, y2), (bx - uy * wing, by + ux * wing), (bx + uy * wing, by - ux * wing)], fill: color),
        ])
        .with("data-x1", n(x1)).with("data-y1", n(y1)).with("data-x2", n(x2)).with("data-y2", n(y2))
    }

    /// `title` child for tooltips and accessibility.
    public func titled(_ title: String) -> SVGElement {
        var copy = self
        copy.children.insert(.element(SVGElement("title", children: [.text(title)])), at: 0)
        return copy
    }
}

/// SVG `text-anchor`.
public enum TextAnchor: String, Sendable {
    case start, middle, end
}
