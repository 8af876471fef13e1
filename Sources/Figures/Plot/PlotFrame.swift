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
