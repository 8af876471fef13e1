import HighPrecision

/// Which data a posterior is built on: the per-type weights `h_x` and the
/// importances `I_j` of [Conventions §2](../../Derivations/Conventions.md),
/// named by the string users type (`--data`, the audit's `data` column).
///
/// Accepted forms (``init(parsing:)``; ``name`` prints them back):
///
/// | text | weights `h_x` | importances |
/// |---|---|---|
/// | `one-hot` | 1 on the five one-hot types, 0 elsewhere | 1 |
/// | `bernoulli:S` | the natural weights `h₀_x = 32 q(x)`, `q(x) = Π_j p^{x_j}(1 − p)^{1−x_j}`, `p = 1 − S`, `0 ≤ S < 1` | 1 |
/// | `bernoulli:S:I0,I1,I2,I3,I4` | as above | `I_j > 0` |
/// | `weights:h0,…,h31` | 32 numbers in type order `t = Σ_j x_j 2^j` (a file is read by the caller into this form) | 1 |
///
/// Every number is kept as the decimal string given, so each arithmetic
/// reads it exactly at its own precision (``TrainingData``).
public struct DataSpecification: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case oneHot
        case bernoulli(sparsity: String)
        case weights([String])
    }

    public let kind: Kind
    /// The importances `I_0 … I_4` as decimal strings (`nil`: all 1).
    public let importances: [String]?
    /// Where explicit weights came from (a file name), for messages; not part of ``name``.
    public let source: String?

    /// One-hot data, importances 1.
    public static let oneHot = DataSpecification(uncheckedKind: .oneHot, importances: nil, source: nil)

    /// Bernoulli data of sparsity `S` (a decimal string, `0 ≤ S < 1`) and optional importances.
    public static func bernoulli(sparsity: String, importances: [String]? = nil) throws(DataSpecificationError) -> DataSpecification {
        let spec = DataSpecification(uncheckedKind: .bernoulli(sparsity: sparsity), importances: importances, source: nil)
        try spec.validate()
        return spec
    }

    /// 32 explicit weights (decimal strings, type order), from `source` (for messages).
    public static func weights(_ values: [String], importances: [String]? = nil, source: String? = nil) throws(DataSpecificationError) -> DataSpecification {
        let spec = DataSpecification(uncheckedKind: .weights(values), importances: importances, source: source)
        try spec.validate()
        return spec
    }

    private init(uncheckedKind: Kind, importances: [String]?, source: String?) {
        self.kind = uncheckedKind
        self.importances = importances
        self.source = source
    }

    /// Parses `one-hot`, `bernoulli:S`, `bernoulli:S:I0,…,I4` or `weights:h0,…,h31`.
    public init(parsing text: String) throws(DataSpecificationError) {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "one-hot":
            guard parts.count == 1 else { throw .malformed(text) }
            self = .oneHot
        case "bernoulli":
            guard parts.count >= 2 else { throw .malformed(text) }
            let importances = parts.count == 3 ? DataSpecification.list(parts[2]) : nil
            self = try .bernoulli(sparsity: parts[1].trimmingSpaces, importances: importances)
        case "weights":
            guard parts.count == 2 else { throw .malformed(text) }
            self = try .weights(DataSpecification.list(parts[1]))
        default:
            throw .malformed(text)
        }
    }

    /// The canonical text: `one-hot`, `bernoulli:0.95`, `bernoulli:0.95:1,1,1,1,2`, `weights:…`.
    public var name: String {
        var text: String
        switch kind {
        case .oneHot: text = "one-hot"
        case .bernoulli(let s): text = "bernoulli:\(s)"
        case .weights(let h): text = "weights:" + h.joined(separator: ",")
        }
        if let importances, case .bernoulli = kind { text += ":" + importances.joined(separator: ",") }
        return text
    }

    /// A short label for tables (explicit weights by their source, not their 32 numbers).
    public var label: String {
        if case .weights = kind { return "weights:\(source ?? "list")" }
        return name
    }

    public var description: String { name }

    /// Whether this is exactly one-hot data with unit importances.
    public var isOneHot: Bool { kind == .oneHot && importances == nil }

    /// The weights and importances as `Double` (each decimal correctly rounded).
    public var doubleWeights: [Double] { (try? TrainingData<Double>(self, decimal: DataSpecification.parseDouble).weights) ?? [] }

    // MARK: - Validation

    private func validate() throws(DataSpecificationError) {
        switch kind {
        case .oneHot: break
        case .bernoulli(let s):
            guard let value = DataSpecification.finiteDouble(s) else { throw .malformedNumber(field: "sparsity", text: s) }
            guard value >= 0, value < 1 else { throw .sparsityOutOfRange(s) }
        case .weights(let h):
            guard h.count == 32 else { throw .wrongWeightCount(h.count, source: source) }
            var anyPositive = false
            for (t, text) in h.enumerated() {
                guard let value = DataSpecification.finiteDouble(text) else {
                    throw .malformedNumber(field: "weight h[\(t)] (\(TrainingData<Double>.typeName(t)))", text: text)
                }
                guard value >= 0 else { throw .negativeWeight(index: t, text: text) }
                if value > 0, t > 0 { anyPositive = true }
            }
            guard anyPositive else { throw .noWeight(source: source) }
        }
        if let importances {
            guard importances.count == 5 else { throw .wrongImportanceCount(importances.count) }
            for (j, text) in importances.enumerated() {
                guard let value = DataSpecification.finiteDouble(text) else { throw .malformedNumber(field: "importance I\(j)", text: text) }
                guard value > 0 else { throw .nonPositiveImportance(index: j, text: text) }
            }
        }
    }

    /// Whether some type containing feature 4 has positive weight: without one,
    /// nothing confines `W_4` and the frozen-square posterior is improper.
    public var confinesFeature4: Bool {
        switch kind {
        case .oneHot, .bernoulli: return true
        case .weights(let h):
            return h.enumerated().contains { t, text in t & 16 != 0 && (DataSpecification.finiteDouble(text) ?? 0) > 0 }
        }
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
    }

    /// A finite `Double` from a decimal string (`nil` if malformed, NaN or overflowing).
    static func finiteDouble(_ text: String) -> Double? {
        guard BigFloat.isDecimalLiteral(text), let d = Double(text), d.isFinite else { return nil }
        return d
    }

    static func parseDouble(_ text: String) throws -> Double {
        guard let d = finiteDouble(text) else { throw DataSpecificationError.malformedNumber(field: "number", text: text) }
        return d
    }
}

/// A rejected data specification; every case names the value and the allowed range.
public enum DataSpecificationError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case malformedNumber(field: String, text: String)
    case sparsityOutOfRange(String)
    case wrongWeightCount(Int, source: String?)
    case negativeWeight(index: Int, text: String)
    case noWeight(source: String?)
    case wrongImportanceCount(Int)
    case nonPositiveImportance(index: Int, text: String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "not a data specification: \"\(text)\" (expected one-hot, bernoulli:S, bernoulli:S:I0,I1,I2,I3,I4 or weights:FILE)"
        case .malformedNumber(let field, let text):
            return "\(field) must be a finite decimal number, got \"\(text)\""
        case .sparsityOutOfRange(let text):
            return "sparsity S must satisfy 0 ≤ S < 1, got \(text)"
        case .wrongWeightCount(let n, let source):
            return "\(source.map { "\($0): " } ?? "")expected 32 weights h_x (one per input type, in type order), got \(n)"
        case .negativeWeight(let t, let text):
            return "weight h[\(t)] (input \(TrainingData<Double>.typeName(t))) must be ≥ 0, got \(text)"
        case .noWeight(let source):
            return "\(source.map { "\($0): " } ?? "")every weight is zero (only 00000 may be nonzero, and its loss is identically 0): at least one weight h_x, x ≠ 00000, must be positive"
        case .wrongImportanceCount(let n):
            return "expected 5 importances I0,…,I4, got \(n)"
        case .nonPositiveImportance(let j, let text):
            return "importance I\(j) must be > 0, got \(text)"
        }
    }
}

/// A ``DataSpecification`` evaluated in a `RealNumber` type: the 32 weights
/// `h_x` (type order) and the 5 importances `I_j`.
public struct TrainingData<T: RealNumber>: Sendable {
    public let specification: DataSpecification
    /// `h_x` by type index `t = Σ_j x_j 2^j`.
    public let weights: [T]
    /// `I_0 … I_4`.
    public let importances: [T]

    /// Evaluates `specification`, reading every decimal with `decimal`
    /// (`BigFloat(decimal:)` for exact-decimal MPFR, `BigInterval(decimal:)` for
    /// an enclosure, a `Double` parser for the engine).
    public init(_ specification: DataSpecification, decimal: (String) throws -> T) throws {
        self.specification = specification
        switch specification.kind {
        case .oneHot:
            weights = (0..<32).map { $0.nonzeroBitCount == 1 ? T(1) : T(0) }
        case .bernoulli(let s):
            let sparsity = try decimal(s)
            let p = 1 - sparsity
            weights = (0..<32).map { t in
                let k = t.nonzeroBitCount
                return 32 * T.pow(p, k) * T.pow(sparsity, 5 - k)
            }
        case .weights(let h):
            weights = try h.map(decimal)
        }
        importances = try specification.importances.map { try $0.map(decimal) } ?? Array(repeating: T(1), count: 5)
    }

    /// `Σ_x h_x`.
    public var totalWeight: T { weights.reduce(T(0), +) }

    /// The input types of positive weight (by the `Double` value of the weight).
    public var support: [InputType] {
        InputType.all.filter { weights[$0.index].doubleValue > 0 }
    }

    static func typeName(_ t: Int) -> String { String((0..<5).map { t & (1 << $0) != 0 ? "1" : "0" }) }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
