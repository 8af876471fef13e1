import Foundation

/// A JSON document with **ordered** object keys, so fixtures and reports are
/// written in a stable, meaningful order (`beta`, `digits`, `alpha`, …) and
/// compared key by key.
///
/// Numbers that must be exact are carried as decimal strings (`.string`);
/// `.integer` is for counts and digit numbers, `.number` for Double-valued
/// estimates in reports.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.integer(x), .number(y)), let (.number(y), .integer(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            let yd = Dictionary(y, uniquingKeysWith: { a, _ in a })
            return x.allSatisfy { k, v in yd[k] == v }
        default: return false
        }
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// The value under `key` of an object, if any.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var intValue: Int? { if case let .integer(i) = self { return i }; return nil }
    public var doubleValue: Double? {
        switch self {
        case let .number(d): return d
        case let .integer(i): return Double(i)
        case let .string(s): return Double(s)
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    public var objectValue: [(String, JSONValue)]? { if case let .object(o) = self { return o }; return nil }
}

// MARK: - Writing

extension JSONValue {
    /// Pretty-printed JSON with two-space indentation; short arrays of scalars
    /// stay on one line so matrices read as rows.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(d):
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)" } else { out += "null" }
        case let .string(s): out += JSONValue.quoted(s)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += ", " }
                    item.write(into: &out, indent: indent + 1)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(into: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (k, v)) in pairs.enumerated() {
                out += inner + JSONValue.quoted(k) + ": "
                v.write(into: &out, indent: indent + 1)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var r = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if scalar.value < 0x20 { r += String(format: "\\u%04x", scalar.value) } else { r.unicodeScalars.append(scalar) }
            }
        }
        return r + "\""
    }
}

// MARK: - Reading

/// A JSON text that could not be read.
public struct MalformedJSONError: Error, CustomStringConvertible {
    public let source: String
    public let reason: String
    public var description: String { "\(source): not valid JSON (\(reason))" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259), keeping object keys in document order.
    /// Numbers without a fraction or exponent that fit in `Int` become
    /// `.integer`, other numbers `.number`.
    ///
    /// Stricter than RFC 8259 where it only says "should": a key given twice in
    /// one object is an error (no silent first- or last-one-wins), and so is a
    /// number outside the range of a `Double` (such as `1e400`), which is named
    /// as such.
    ///
    /// - Throws: ``MalformedJSONError`` naming `source` and the byte offset.
    public static func parse(_ text: String, source: String = "input") throws -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8), source: source)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let source: String
        var index = 0

        init(bytes: [UInt8], source: String) {
            self.bytes = bytes
            self.source = source
        }

        func error(_ reason: String) -> MalformedJSONError {
            MalformedJSONError(source: source, reason: "\(reason) at byte \(index)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String) throws {
            let l = Array(literal.utf8)
            guard index + l.count <= bytes.count, Array(bytes[index..<index + l.count]) == l else {
                throw error("expected \(literal)")
            }
            index += l.count
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 512 else { throw error("nesting too deep") }
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var pairs: [(String, JSONValue)] = []
                var keys = Set<String>()
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                    let keyStart = index
                    let key = try string()
                    guard keys.insert(key).inserted else {
                        index = keyStart
                        throw error("duplicate key \(JSONValue.quoted(key)) in one object")
                    }
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
                    throw error("expected , or }")
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONValue] = []
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    throw error("expected , or ]")
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return try number()
            }
        }

        mutating func string() throws -> String {
            index += 1  // opening quote
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
            while index < bytes.count {
                let b = bytes[index]
                index += 1
                if b == UInt8(ascii: "\"") { flush(); return String(scalars) }
                if b < 0x20 { throw error("control character in string") }
                if b != UInt8(ascii: "\\") { raw.append(b); continue }
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                flush()
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw error("bad \\u escape") }
                    index += 4
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw error("bad escape")
                }
            }
            throw error("unterminated string")
        }

        mutating func number() throws -> JSONValue {
            let start = index
            var isInteger = true
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count {
                let b = bytes[index]
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { index += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                    || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { isInteger = false; index += 1; continue }
                break
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if isInteger, let i = Int(text) { return .integer(i) }
            guard !text.isEmpty, text != "-", let d = Double(text) else {
                index = start
                throw error("unexpected character")
            }
            guard d.isFinite else {
                index = start
                throw error("the number \(text) is outside the range of a Double (magnitude at most 1.8e308)")
            }
            return .number(d)
        }
    }
}
