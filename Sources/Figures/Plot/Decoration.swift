/// Figure-level decorations: the heading and legends.
public enum Decoration {
    /// The figure heading at the top left, with an optional subtitle line.
    public static func heading(_ title: String, subtitle: String? = nil, x: Double = 20, y: Double = 28) -> SVGElement {
        var parts: [SVGElement] = [.text(title, x: x, y: y, size: PlotFrame.Font.title, weight: "bold").classed("figure-title")]
        if let subtitle { parts.append(.text(subtitle, x: x, y: y + 20, size: PlotFrame.Font.label, fill: "#555555")) }
        return .group(parts, class: "heading")
    }

    /// A legend entry's swatch.
    public enum Swatch: Sendable {
        case line(String, dash: String?)
        case dot(String)
        case box(String)
    }

    /// A vertical legend at `(x, y)`: one row per entry.
    public static func legend(_ entries: [(Swatch, String)], x: Double, y: Double, rowHeight: Double = 18) -> SVGElement {
        var out: [SVGElement] = []
        for (k, (swatch, label)) in entries.enumerated() {
            let cy = y + Double(k) * rowHeight
            switch swatch {
            case .line(let color, let dash): out.append(.line(x1: x, y1: cy, x2: x + 22, y2: cy, stroke: color, width: 2.5, dash: dash))
            case .dot(let color): out.append(.circle(cx: x + 11, cy: cy, r: 5, fill: color))
            case .box(let color): out.append(.rect(x: x + 4, y: cy - 7, width: 14, height: 14, fill: color, stroke: "#444444", strokeWidth: 0.5))
            }
            out.append(.text(label, x: x + 28, y: cy + 4.5, size: PlotFrame.Font.tick))
        }
        return .group(out, class: "legend")
    }

    /// A vertical colour bar for `scale` at `(x, y)`, `height` tall, with
    /// ticks at `ticks` (data values) and a rotated label.
    public static func colorBar(
        _ scale: ColorScale, x: Double, y: Double, width: Double = 14, height: Double, label: String,
        ticks: [Double], decimals: Int, tickText: ((Double) -> String)? = nil
    ) -> SVGElement {
        var out: [SVGElement] = []
        let steps = 64
        for k in 0..<steps {
            let t0 = Double(k) / Double(steps), t1 = Double(k + 1) / Double(steps)
            let color = ColorScale.interpolate(scale.stops, (t0 + t1) / 2)
            out.append(.rect(x: x, y: y + height * (1 - t1), width: width, height: height / Double(steps) + 0.3, fill: color.hex))
        }
        out.append(.rect(x: x, y: y, width: width, height: height, fill: "none", stroke: "#444444", strokeWidth: 0.8))
        var widest = 1
        for t in ticks {
            let py = y + height * (1 - scale.position(t))
            let text = tickText?(t) ?? SVGNumber.label(t, decimals: decimals)
            widest = max(widest, text.count)
            out.append(.line(x1: x + width, y1: py, x2: x + width + 4, y2: py, stroke: "#444444"))
            out.append(.text(text, x: x + width + 7, y: py + 4, size: PlotFrame.Font.tick))
        }
        let lx = x + width + 14 + Double(widest) * 7.2, ly = y + height / 2
        out.append(.text(label, x: lx, y: ly, size: PlotFrame.Font.label, anchor: .middle, rotation: 90))
        return .group(out, class: "colorbar")
    }
}
