/// One of the essay's figures as a standalone SVG file.
///
/// Each figure is built by a static function in a `Figure+Name.swift` file
/// from plain data (a live run or a saved run's JSON, see the types in
/// `Data/`), and has a title, axis labels, a legend or colour bar, and text of
/// at least 11 px at its default size. Marks carry a `class` and `data-*`
/// attributes naming the datum they draw, so tests can check them against the
/// data. Output is byte-for-byte deterministic for given data.
public struct Figure: Sendable {
    /// The file stem, e.g. `polygons` (written as `polygons.svg`).
    public let name: String
    /// The drawing.
    public let document: SVGDocument

    public init(name: String, document: SVGDocument) {
        self.name = name
        self.document = document
    }

    /// The SVG file text.
    public var svg: String { document.render() }

    /// The file name, `name.svg`.
    public var fileName: String { name + ".svg" }
}

/// Bad figure input: the description names the bad value.
public enum FigureError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An array had the wrong length.
    case wrongCount(what: String, expected: Int, got: Int)
    /// A value was not finite.
    case notFinite(what: String, value: Double)
    /// A value was outside its allowed range.
    case outOfRange(what: String, value: Double, allowed: String)
    /// Not enough data to draw the figure.
    case empty(String)
    /// A name (observable, input, figure) was not recognised.
    case unknownName(what: String, name: String)

    public var description: String {
        switch self {
        case let .wrongCount(what, expected, got): return "\(what): expected \(expected) values, got \(got)"
        case let .notFinite(what, value): return "\(what) is not finite: \(value)"
        case let .outOfRange(what, value, allowed): return "\(what) = \(value) is outside \(allowed)"
        case let .empty(what): return "no data: \(what)"
        case let .unknownName(what, name): return "unknown \(what) '\(name)'"
        }
    }
}

extension Figure {
    /// The largest magnitude a figure's data may hold: 10¹⁰⁰. Spans, squares and
    /// pixel positions of such values stay finite, so no scale or label overflows.
    public static let largestValue = 1e100
    /// The most rows, columns or series a figure's data may hold (matrices,
    /// input lists): 64.
    public static let maximumMatrixSide = 64
    /// The most steps, checkpoints or draws a figure's data may hold: 10,000.
    public static let maximumSeriesLength = 10_000
}

/// Validation helpers shared by the data types.
enum Check {
    static func count<T>(_ values: [T], _ expected: Int, _ what: @autoclosure () -> String) throws(FigureError) {
        guard values.count == expected else { throw .wrongCount(what: what(), expected: expected, got: values.count) }
    }

    /// Every value finite and within ``Figure/largestValue``.
    static func finite(_ values: [Double], _ what: @autoclosure () -> String) throws(FigureError) {
        for v in values where !v.isFinite { throw .notFinite(what: what(), value: v) }
        for v in values where v.magnitude > Figure.largestValue {
            throw .outOfRange(what: what(), value: v, allowed: "[−1e100, 1e100]")
        }
    }

    /// At most `limit` items.
    static func atMost<T>(_ values: [T], _ limit: Int, _ what: @autoclosure () -> String) throws(FigureError) {
        guard values.count <= limit else {
            throw .outOfRange(what: "the number of \(what())", value: Double(values.count), allowed: "[0, \(limit)]")
        }
    }
}
