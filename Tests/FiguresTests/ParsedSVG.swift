import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Figures

/// An SVG file parsed by Foundation's `XMLParser` (an independent XML reader:
/// parsing succeeds only for well-formed files) into a small element tree.
final class ParsedSVG: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""
        weak var parent: Node?
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        func double(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }

        /// This node and every descendant, depth first.
        var all: [Node] { [self] + children.flatMap(\.all) }

        func elements(class name: String) -> [Node] { all.filter { $0.attributes["class"] == name } }
        func elements(named name: String) -> [Node] { all.filter { $0.name == name } }
    }

    private(set) var root: Node?
    private var stack: [Node] = []
    private(set) var error: Error?

    /// Parses `svg`; `nil` (with ``error``) unless it is well-formed XML.
    static func parse(_ svg: String) -> ParsedSVG? {
        let result = ParsedSVG()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = result
        guard parser.parse(), result.root != nil else { return nil }
        return result
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = Node(name: name, attributes: attributes)
        node.parent = stack.last
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

/// The Rec. 601 luma of a `#rrggbb` fill, computed here from the hex digits.
func luma(_ hex: String) -> Double {
    let v = Int(hex.dropFirst(), radix: 16)!
    return 0.299 * Double(v >> 16 & 255) + 0.587 * Double(v >> 8 & 255) + 0.114 * Double(v & 255)
}

/// The red and blue channels of a `#rrggbb` fill.
func redBlue(_ hex: String) -> (red: Int, blue: Int) {
    let v = Int(hex.dropFirst(), radix: 16)!
    return (v >> 16 & 255, v & 255)
}
