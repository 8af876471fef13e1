import Foundation
import Testing
@testable import Figures

/// Checks every figure must pass, independent of its data: well-formed XML
/// (parsed by XMLParser), a title that is also drawn as the heading, a
/// legend or colour bar, text of at least 11 px whose estimated extent stays
/// on the canvas, and no non-finite numbers.
@discardableResult
func checkCommon(_ figure: Figure, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedSVG.Node {
    let svg = figure.svg
    let parsed = try #require(ParsedSVG.parse(svg), "\(figure.name) is not well-formed XML", sourceLocation: sourceLocation)
    let root = try #require(parsed.root, sourceLocation: sourceLocation)
    #expect(root.name == "svg", sourceLocation: sourceLocation)
    let width = try #require(root.double("width")), height = try #require(root.double("height"))
    #expect(root.attributes["viewBox"] == "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))", sourceLocation: sourceLocation)
    let title = root.children.first { $0.name == "title" }?.text ?? ""
    #expect(!title.isEmpty, sourceLocation: sourceLocation)
    #expect(root.elements(class: "figure-title").first?.text == title, sourceLocation: sourceLocation)
    #expect(!(root.elements(class: "legend") + root.elements(class: "colorbar") + root.elements(class: "arrow-legend")).isEmpty,
            "\(figure.name) has no legend or colour bar", sourceLocation: sourceLocation)
    for token in ["nan", "inf\"", "NaN"] { #expect(!svg.contains("\"" + token), sourceLocation: sourceLocation) }
    let texts = root.elements(named: "text")
    #expect(!texts.isEmpty, sourceLocation: sourceLocation)
    for text in texts {
        let size = try #require(text.double("font-size"), sourceLocation: sourceLocation)
        #expect(size >= 11, "text '\(text.text)' is \(size) px", sourceLocation: sourceLocation)
        let x = try #require(text.double("x")), y = try #require(text.double("y"))
        #expect(y - size >= -1 && y <= height + 1, "text '\(text.text)' at y = \(y) is off the canvas", sourceLocation: sourceLocation)
        // Horizontal extent of unrotated text, estimated at 0.55 em per character (DejaVu Sans averages about 0.5 em).
        guard text.attributes["transform"] == nil else { continue }
        let extent = 0.55 * size * Double(text.text.count)
        let (lo, hi): (Double, Double) = switch text.attributes["text-anchor"] {
        case "middle": (x - extent / 2, x + extent / 2)
        case "end": (x - extent, x)
        default: (x, x + extent)
        }
        #expect(lo >= -1 && hi <= width + 1, "text '\(text.text)' spans \(lo)…\(hi), canvas width \(width)", sourceLocation: sourceLocation)
    }
    return root
}

extension ParsedSVG.Node {
    /// Heatmap cells grouped under the heatmap whose `data-panel` is `panel` (or any).
    func cells(panel: String? = nil) -> [ParsedSVG.Node] {
        let maps = elements(class: "heatmap").filter { panel == nil || $0.attributes["data-panel"] == panel }
        return maps.flatMap { $0.elements(class: "cell") }
    }
}

/// Colours of heatmap cells against their values: on a sequential scale the
/// luma must not increase with the value; on a diverging scale, the sign
/// decides red vs blue and the luma must not increase with |value| per sign.
func checkCellColours(_ cells: [ParsedSVG.Node], diverging: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
    let pairs = cells.map { (Double($0.attributes["data-value"]!)!, $0.attributes["fill"]!) }
    if diverging {
        for (value, fill) in pairs where abs(value) > 1e-9 {
            let rb = redBlue(fill)
            if value > 0 { #expect(rb.red >= rb.blue, sourceLocation: sourceLocation) } else { #expect(rb.blue >= rb.red, sourceLocation: sourceLocation) }
        }
        for sign in [1.0, -1.0] {
            let side = pairs.filter { $0.0 * sign > 0 }.sorted { abs($0.0) < abs($1.0) }
            for (a, b) in zip(side, side.dropFirst()) { #expect(luma(b.1) <= luma(a.1) + lumaRounding, sourceLocation: sourceLocation) }
        }
    } else {
        let sorted = pairs.sorted { $0.0 < $1.0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(luma(b.1) <= luma(a.1) + lumaRounding, sourceLocation: sourceLocation) }
    }
}

/// Parses `"x,y x,y …"`.
func points(_ attribute: String?) -> [(Double, Double)] {
    (attribute ?? "").split(separator: " ").map { pair in
        let parts = pair.split(separator: ",").map { Double($0)! }
        return (parts[0], parts[1])
    }
}

/// Each 8-bit channel is rounded by at most 1/2, so the luma of a drawn colour
/// is within 0.5 (the weights sum to 1) of the exact blend, and two lumas can
/// be out of order by at most 1.0 when their exact values are in order.
let lumaRounding = 1.0
