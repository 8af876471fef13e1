import HighPrecision

/// A structural observable of the weights
/// ([Conventions §5](../../Derivations/Conventions.md)):
/// `dot(i,j) = W_i·W_j / (|W_i||W_j|)`, `norm(i) = |W_i|`, and the coordinates
/// `pos(i,x) = W_{i,x}`, `pos(i,y) = W_{i,y}`.
public enum Observable: Hashable, Sendable, CustomStringConvertible {
    /// A coordinate axis of the embedding plane.
    public enum Axis: String, Hashable, Sendable { case x, y }

    case dot(Int, Int)
    case norm(Int)
    case pos(Int, Axis)

    /// The name used in tables and JSON: `dot(0,1)`, `norm(4)`, `pos(4,x)`.
    public var name: String {
        switch self {
        case .dot(let i, let j): return "dot(\(i),\(j))"
        case .norm(let i): return "norm(\(i))"
        case .pos(let i, let a): return "pos(\(i),\(a.rawValue))"
        }
    }
    public var description: String { name }

    /// Parses ``name``.
    public init(name: String) throws {
        let bad = OracleError.malformedObservableName(name)
        guard let open = name.firstIndex(of: "("), name.last == ")" else { throw bad }
        let head = name[..<open]
        let args = name[name.index(after: open)..<name.index(before: name.endIndex)].split(separator: ",", omittingEmptySubsequences: false)
        func feature(_ s: Substring) throws -> Int {
            guard let i = Int(s), (0..<InputType.featureCount).contains(i) else { throw bad }
            return i
        }
        switch (head, args.count) {
        case ("dot", 2): self = .dot(try feature(args[0]), try feature(args[1]))
        case ("norm", 1): self = .norm(try feature(args[0]))
        case ("pos", 2):
            guard let axis = Axis(rawValue: String(args[1])) else { throw bad }
            self = .pos(try feature(args[0]), axis)
        default: throw bad
        }
    }

    /// The features the observable reads.
    public var features: [Int] {
        switch self {
        case .dot(let i, let j): return [i, j]
        case .norm(let i), .pos(let i, _): return [i]
        }
    }

    /// The 15 structural observables in the package's row order:
    /// `dot(0,1), dot(0,2), …, dot(3,4), norm(0), …, norm(4)`.
    public static let structural: [Observable] =
        (0..<5).flatMap { i in (i + 1..<5).map { Observable.dot(i, $0) } } + (0..<5).map { .norm($0) }

    /// The oracle's 17 rows: ``structural`` followed by `pos(4,x), pos(4,y)`.
    public static let oracleRows: [Observable] = structural + [.pos(4, .x), .pos(4, .y)]

    /// The value at the weights `columns` (`W_0 … W_4`); `dot` is undefined
    /// (0/0) when one of its vectors is zero.
    public func value<T: RealNumber>(at columns: [Vector2<T>]) -> T {
        switch self {
        case .dot(let i, let j): return columns[i].dot(columns[j]) / (columns[i].norm * columns[j].norm)
        case .norm(let i): return columns[i].norm
        case .pos(let i, .x): return columns[i].x
        case .pos(let i, .y): return columns[i].y
        }
    }
}
