/// A scalar function of the parameters evaluated at every recorded draw
/// ([Conventions.md](../../Derivations/Conventions.md) §5 for names and order).
///
/// Feature columns are read with the layout `W_{i,a} = w[m·i + a]`, `m` the
/// ``ObservableSet/embeddingDimension``.
public struct Observable: Sendable {
    public enum Kind: Sendable {
        /// `W_i · W_j / (|W_i| |W_j|)`, defined as 0 when a column is zero.
        case dot(Int, Int)
        /// `|W_i|`.
        case norm(Int)
        /// `W_{i,a}` (`a = 0` is x, `a = 1` is y).
        case position(feature: Int, axis: Int)
        /// `w[k]`.
        case coordinate(Int)
        /// `L(w; h)`.
        case loss
        /// Any function of `w` (evaluated outside the sampler's step, at recorded draws only).
        case custom(@Sendable (UnsafeBufferPointer<Double>) -> Double)
    }

    public let name: String
    public let kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public static func dot(_ i: Int, _ j: Int) -> Observable { Observable(name: "dot(\(i),\(j))", kind: .dot(i, j)) }
    public static func norm(_ i: Int) -> Observable { Observable(name: "norm(\(i))", kind: .norm(i)) }
    public static func position(_ i: Int, axis: Int) -> Observable {
        Observable(name: "pos(\(i),\(axis == 0 ? "x" : axis == 1 ? "y" : String(axis)))", kind: .position(feature: i, axis: axis))
    }
    public static func coordinate(_ k: Int) -> Observable { Observable(name: "w[\(k)]", kind: .coordinate(k)) }
    public static let loss = Observable(name: "loss", kind: .loss)
    public static func custom(_ name: String, _ body: @escaping @Sendable (UnsafeBufferPointer<Double>) -> Double) -> Observable {
        Observable(name: name, kind: .custom(body))
    }
}

/// An ordered list of observables; row `k` of every estimate is `observables[k]`.
public struct ObservableSet: Sendable {
    public let observables: [Observable]
    /// `m`, the length of a feature column.
    public let embeddingDimension: Int

    public init(_ observables: [Observable], embeddingDimension: Int = 2) {
        self.observables = observables
        self.embeddingDimension = embeddingDimension
    }

    public var count: Int { observables.count }
    public var names: [String] { observables.map(\.name) }

    /// No observables.
    public static let none = ObservableSet([])

    /// The 15 structural observables in the order of Conventions §5:
    /// the 10 normalised dots `dot(i,j)`, `i < j` lexicographic, then the 5 norms.
    public static func structural(featureCount: Int = 5, embeddingDimension: Int = 2) -> ObservableSet {
        var list: [Observable] = []
        for i in 0..<featureCount { for j in (i + 1)..<max(i + 1, featureCount) { list.append(.dot(i, j)) } }
        for i in 0..<featureCount { list.append(.norm(i)) }
        return ObservableSet(list, embeddingDimension: embeddingDimension)
    }

    /// The 15 structural observables followed by `pos(i,x), pos(i,y)` for every feature (25 for d = 5);
    /// the last rows give the displacement arrows.
    public static func structuralAndPositions(featureCount: Int = 5) -> ObservableSet {
        var list = structural(featureCount: featureCount).observables
        for i in 0..<featureCount { list += [.position(i, axis: 0), .position(i, axis: 1)] }
        return ObservableSet(list, embeddingDimension: 2)
    }

    /// The oracle's 17 rows: the 15 structural observables, `pos(4,x)`, `pos(4,y)`.
    public static let oracle = ObservableSet(structural().observables + [.position(4, axis: 0), .position(4, axis: 1)])

    /// This set with more observables appended.
    public func appending(_ more: [Observable]) -> ObservableSet {
        ObservableSet(observables + more, embeddingDimension: embeddingDimension)
    }

    /// Checks every index against a parameter dimension.
    func validate(dimension: Int) throws(SamplerError) {
        let m = embeddingDimension
        func check(_ ok: Bool, _ name: String) throws(SamplerError) {
            if !ok { throw .invalidVector(name: "observable \(name)", message: "refers outside w of dimension \(dimension) (m = \(m))") }
        }
        for observable in observables {
            switch observable.kind {
            case let .dot(i, j): try check(i >= 0 && j >= 0 && m * (max(i, j) + 1) <= dimension, observable.name)
            case let .norm(i): try check(i >= 0 && m * (i + 1) <= dimension, observable.name)
            case let .position(i, a): try check(i >= 0 && a >= 0 && a < m && m * i + a < dimension, observable.name)
            case let .coordinate(k): try check(k >= 0 && k < dimension, observable.name)
            case .loss, .custom: break
            }
        }
    }

    /// Writes every observable at `w` (whose loss is `loss`) into `values`.
    /// Feature norms are computed once per call (in a stack buffer).
    public func evaluate(_ w: UnsafeBufferPointer<Double>, loss: Double, into values: UnsafeMutableBufferPointer<Double>) {
        let m = embeddingDimension
        let featureCount = w.count / m
        withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { norms in
            for i in 0..<featureCount {
                var s = 0.0
                for a in 0..<m { s += w[m * i + a] * w[m * i + a] }
                norms[i] = s.squareRoot()
            }
            for (k, observable) in observables.enumerated() {
                switch observable.kind {
                case let .dot(i, j):
                    var s = 0.0
                    for a in 0..<m { s += w[m * i + a] * w[m * j + a] }
                    let denominator = norms[i] * norms[j]
                    values[k] = denominator > 0 ? s / denominator : 0
                case let .norm(i): values[k] = norms[i]
                case let .position(i, a): values[k] = w[m * i + a]
                case let .coordinate(index): values[k] = w[index]
                case .loss: values[k] = loss
                case let .custom(body): values[k] = body(w)
                }
            }
        }
    }

    /// The observables at an array `w`.
    public func evaluate(_ w: [Double], loss: Double = .nan) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, n in
            w.withUnsafeBufferPointer { evaluate($0, loss: loss, into: buffer) }
            n = count
        }
    }
}
