/// A node of an SVG tree: an element with ordered attributes and children,
/// or character data. Attribute order is kept as given, so output is
/// deterministic.
public struct SVGElement: Sendable {
    /// A child: an element or escaped text.
    public enum Node: Sendable {
        case element(SVGElement)
        case text(String)
    }

    public var name: String
    public var attributes: [Attribute]
    public var children: [Node]

    /// One `name="value"` pair (the value is escaped when rendered).
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(_ name: String, _ attributes: [Attribute] = [], children: [Node] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// The element with one more attribute.
    public func with(_ name: String, _ value: String) -> SVGElement {
        var copy = self
        copy.attributes.append(Attribute(name, value))
        return copy
    }

    /// The element with a `class` attribute (used by tests to find marks).
    public func classed(_ name: String) -> SVGElement { with("class", name) }

    /// The element with `data-*` attributes recording the datum it draws.
    public func data(_ pairs: KeyValuePairs<String, String>) -> SVGElement {
        var copy = self
        for (key, value) in pairs { copy.attributes.append(Attribute("data-" + key, value)) }
        return copy
    }

    /// The XML text of the element, indented by `depth` levels.
    public func render(depth: Int = 0, into output: inout String) {
        let indent = String(repeating: "  ", count: depth)
        output += indent + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + SVGEscape.attribute(attribute.value) + "\""
        }
        if children.isEmpty {
            output += "/>\n"
            return
        }
        if children.allSatisfy({ if case .text = $0 { true } else { false } }) {
            output += ">"
            for case .text(let text) in children { output += SVGEscape.text(text) }
            output += "</" + name + ">\n"
            return
        }
        output += ">\n"
        for child in children {
            switch child {
            case .element(let element): element.render(depth: depth + 1, into: &output)
            case .text(let text): output += indent + "  " + SVGEscape.text(text) + "\n"
            }
        }
        output += indent + "</" + name + ">\n"
    }
}

/// XML escaping of character data and attribute values.
public enum SVGEscape {
    /// `&`, `<`, `>` escaped.
    public static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// `&`, `<`, `>`, `"`, `'` escaped.
    public static func attribute(_ s: String) -> String {
        text(s).replacingAll("\"", with: "&quot;").replacingAll("'", with: "&apos;")
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
