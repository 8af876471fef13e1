import AnalyticOracle

/// Which posterior a record estimates: the `config` column of an audit record
/// (Derivations/Audit.md §4).
public enum AuditConfiguration: Hashable, Sendable, CustomStringConvertible {
    /// `W_0…W_3` the unit square, frozen; only `W_4` sampled; no localization.
    case frozenSquare
    /// The full 10-parameter model at the lowest minimum of a k-gon for the record's data.
    case fullModel(PolygonConfiguration)

    /// Parses `frozen-square`, `pentagon`, `square-dead` (or `square`), `triangle`, `digon`,
    /// optionally with the live features in polygon order: `square[0,1,2,4]`.
    /// Returns `nil` for any other name.
    public init?(name: String) {
        let text = name.trimmingSpaces.lowercased()
        if text == "frozen-square" { self = .frozenSquare; return }
        var base = text, live: [Int]? = nil
        if let open = text.firstIndex(of: "["), text.hasSuffix("]") {
            base = String(text[..<open])
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let items = inner.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard items.allSatisfy({ $0 != nil }) else { return nil }
            live = items.map { $0! }
        }
        let sizes = ["digon": 2, "triangle": 3, "square": 4, "square-dead": 4, "pentagon": 5]
        guard let k = sizes[base], let polygon = try? PolygonConfiguration(k: k, liveFeatures: live) else { return nil }
        self = .fullModel(polygon)
    }

    /// `frozen-square`, `pentagon`, `square-dead` (the square with `W_4` dead), `triangle`, `digon`, `square[0,1,2,4]`.
    public var name: String {
        switch self {
        case .frozenSquare: "frozen-square"
        case .fullModel(let p): p.k == 4 && p.liveFeatures == [0, 1, 2, 3] ? "square-dead" : p.name
        }
    }

    public var description: String { name }

    /// The names ``init(name:)`` accepts, for messages.
    public static let knownNames = "frozen-square, pentagon, square-dead (or square), triangle, digon, optionally with live features (square[0,1,2,4])"
}
