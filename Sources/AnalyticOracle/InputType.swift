/// One of the 32 binary input types `x ∈ {0,1}⁵`
/// ([Conventions §2](../../Derivations/Conventions.md)).
///
/// The type index is `t = Σ_j x_j 2^j` (feature 0 is the least significant
/// bit); the *name* is the bit string in feature order 0…4, so `"10000"` is the
/// one-hot input of feature 0 (index 1) and `"00001"` that of feature 4 (index 16).
public struct InputType: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number of features, 5.
    public static let featureCount = 5

    /// The type index `t = Σ_j x_j 2^j`, in `0..<32`.
    public let index: Int

    /// The input type of index `t`.
    public init(index: Int) throws {
        guard (0..<32).contains(index) else { throw OracleError.inputIndexOutOfRange(index) }
        self.index = index
    }

    /// The input type named by its bit string in feature order 0…4, e.g. `"10000"`.
    public init(name: String) throws {
        let bits = Array(name)
        guard bits.count == InputType.featureCount, bits.allSatisfy({ $0 == "0" || $0 == "1" }) else {
            throw OracleError.malformedInputName(name)
        }
        index = bits.enumerated().reduce(0) { $0 + ($1.element == "1" ? 1 << $1.offset : 0) }
    }

    /// The input type whose active features are `features`.
    public init(features: [Int]) throws {
        var t = 0
        for f in features {
            guard (0..<InputType.featureCount).contains(f) else { throw OracleError.featureOutOfRange(f) }
            t |= 1 << f
        }
        index = t
    }

    private init(unchecked index: Int) { self.index = index }

    /// The bit string in feature order 0…4.
    public var name: String { String((0..<InputType.featureCount).map { contains($0) ? "1" : "0" }) }
    public var description: String { name }

    /// `x_j = 1`.
    public func contains(_ feature: Int) -> Bool { index & (1 << feature) != 0 }

    /// The active features, increasing.
    public var features: [Int] { InputType.featureTable[index] }

    private static let featureTable: [[Int]] = (0..<32).map { t in (0..<featureCount).filter { t & (1 << $0) != 0 } }

    public static func < (a: InputType, b: InputType) -> Bool { a.index < b.index }

    /// All 32 types, by index.
    public static let all: [InputType] = (0..<32).map { InputType(unchecked: $0) }

    /// The five one-hot types, features 0…4: `10000, 01000, 00100, 00010, 00001`.
    public static let oneHot: [InputType] = (0..<5).map { InputType(unchecked: 1 << $0) }

    /// The 16 types that do not contain feature 4 (indices 0…15, `00000` … `11110`).
    public static let withoutFeature4: [InputType] = (0..<16).map { InputType(unchecked: $0) }

    /// The 17 types with a closed form at the bifurcation: those without
    /// feature 4 and the one-hot `00001` (indices 0…16).
    public static let oracleInputs: [InputType] = (0...16).map { InputType(unchecked: $0) }
}
