/// A standalone SVG file: a white canvas of `width × height` pixels, a title
/// (the `<title>` of the file and, by convention, the figure's heading) and
/// the drawn elements. ``render()`` produces the complete, deterministic file
/// text (XML declaration, `xmlns`, `viewBox`, one font family).
public struct SVGDocument: Sendable {
    public var width: Double
    public var height: Double
    public var title: String
    public var elements: [SVGElement]

    /// The font family written on the root element.
    public static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    public init(width: Double, height: Double, title: String, elements: [SVGElement] = []) {
        self.width = width
        self.height = height
        self.title = title
        self.elements = elements
    }

    /// Appends an element.
    public mutating func add(_ element: SVGElement) { elements.append(element) }

    /// Appends elements.
    public mutating func add(contentsOf more: [SVGElement]) { elements += more }

    /// The complete file text.
    public func render() -> String {
        let w = SVGNumber.format(width), h = SVGNumber.format(height)
        let root = SVGElement("svg", [
            .init("xmlns", "http://www.w3.org/2000/svg"), .init("version", "1.1"),
            .init("width", w), .init("height", h), .init("viewBox", "0 0 \(w) \(h)"),
            .init("font-family", SVGDocument.fontFamily),
        ], children: [.element(SVGElement("title", children: [.text(title)]))]
            + [.element(.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff"))]
            + elements.map(SVGElement.Node.element))
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.render(into: &output)
        return output
    }
}
