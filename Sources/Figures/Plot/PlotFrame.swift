/// A rectangular plotting area at `(left, top)` of `width × height` pixels
/// with a data scale on each axis (y pointing up), and the axes drawn around it.
public struct PlotFrame: Sendable {
    public let left: Double, top: Double, width: Double, height: Double
    public let x: LinearScale
    public let y: LinearScale

    /// Font sizes shared by every figure (px; all ≥ 11 at the default width).
    public enum Font {
        public static let tick = 12.0
        public static let label = 13.0
        public static let panelTitle = 14.0
        public static let title = 18.0
        public static let small = 11.0
    }

    public init(left: Double, top: Double, width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.x = LinearScale(domain: x, range: (left, left + width))
        self.y = LinearScale(domain: y, range: (top + height, top))
    }

    /// The pixel of the data point `(u, v)`.
    public func point(_ u: Double, _ v: Double) -> (Double, Double) { (x(u), y(v)) }

    public var right: Double { left + width }
    public var bottom: Double { top + height }

    /// Frame, ticks with labels, optional grid lines, axis labels and a panel title.
    public func axes(
        xLabel: String?, yLabel: String?, title: String? = nil,
        xTicks: Int = 5, yTicks: Int = 5, grid: Bool = true, xTickLabels: Bool = true, yTickLabels: Bool = true
    ) -> SVGElement {
        var out: [SVGElement] = []
        let xs = x.ticks(count: xTicks), ys = y.ticks(count: yTicks)
        let xd = LinearScale.decimals(forStep: LinearScale.niceStep(x.domain, count: xTicks))
        let yd = LinearScale.decimals(forStep: LinearScale.niceStep(y.domain, count: yTicks))
        if grid {
            for t in xs { out.append(.line(x1: x(t), y1: top, x2: x(t), y2: bottom, stroke: "#e6e6e6")) }
            for t in ys { out.append(.line(x1: left, y1: y(t), x2: right, y2: y(t), stroke: "#e6e6e6")) }
        }
        out.append(.rect(x: left, y: top, width: width, height: height, fill: "none", stroke: "#444444"))
        for t in xs {
            out.append(.line(x1: x(t), y1: bottom, x2: x(t), y2: bottom + 4, stroke: "#444444"))
            if xTickLabels { out.append(.text(SVGNumber.label(t, decimals: xd), x: x(t), y: bottom + 17, size: Font.tick, anchor: .middle)) }
        }
        for t in ys {
            out.append(.line(x1: left - 4, y1: y(t), x2: left, y2: y(t), stroke: "#444444"))
            if yTickLabels { out.append(.text(SVGNumber.label(t, decimals: yd), x: left - 7, y: y(t) + 4, size: Font.tick, anchor: .end)) }
        }
        if let xLabel {
            out.append(.text(xLabel, x: left + width / 2, y: bottom + (xTickLabels ? 35 : 18), size: Font.label, anchor: .middle))
        }
        if let yLabel {
            let widest = ys.map { SVGNumber.label($0, decimals: yd).count }.max() ?? 1
            let offset = yTickLabels ? 14 + Double(widest) * 7.5 : 10
            let cx = left - offset, cy = top + height / 2
            out.append(.text(yLabel, x: cx, y: cy, size: Font.label, anchor: .middle, rotation: -90))
        }
        if let title {
            out.append(.text(title, x: left + width / 2, y: top - 8, size: Font.panelTitle, anchor: .middle, weight: "bold"))
        }
        return .group(out, class: "axes")
    }
}

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

extension ColorScale {
    /// The colour at position `t ∈ 0…1` along `stops`.
    static func interpolate(_ stops: [RGBColor], _ t: Double) -> RGBColor {
        let s = t.clamped(to: 0...1) * Double(stops.count - 1)
        let i = Swift.min(Int(s), stops.count - 2)
        return RGBColor.mix(stops[i], stops[i + 1], s - Double(i))
    }
}
