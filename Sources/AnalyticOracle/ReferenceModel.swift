import HighPrecision

/// The toy model of superposition itself, evaluated literally in any
/// `RealNumber` type: `x̂ = ReLU(Wᵀ W x)` with no bias
/// ([Conventions §1–2](../../Derivations/Conventions.md)), and the per-sample
/// loss `ℓ_x(W) = Σ_j I_j (x_j − x̂_j)²`.
///
/// This is the *independent route* for every closed form of the oracle: the
/// landscape formulas of [QuarticCancellation.md](../../Derivations/QuarticCancellation.md)
/// are checked against it at random `(r, θ)` in `BigFloat`, and the quadrature
/// of ``PosteriorQuadrature`` integrates its losses, not the formulas.
public struct ReferenceModel<T: RealNumber>: Sendable {
    /// The feature vectors `W_0 … W_4` (the columns of the 2×5 matrix `W`).
    public var columns: [Vector2<T>]
    /// The importances `I_0 … I_4`.
    public var importances: [T]

    /// The model with feature vectors `columns` (five of them) and importances
    /// (default all 1).
    public init(columns: [Vector2<T>], importances: [T]? = nil) {
        precondition(columns.count == InputType.featureCount, "the model has \(InputType.featureCount) feature vectors, got \(columns.count)")
        self.columns = columns
        self.importances = importances ?? Array(repeating: 1, count: InputType.featureCount)
        precondition(self.importances.count == InputType.featureCount, "one importance per feature")
    }

    /// The model with parameter vector `w` in the feature-major layout
    /// `w[2i] = W_{i,x}`, `w[2i+1] = W_{i,y}` (Conventions §1).
    public init(parameters w: [T], importances: [T]? = nil) {
        precondition(w.count == 2 * InputType.featureCount, "the parameter vector has 10 entries, got \(w.count)")
        self.init(columns: (0..<InputType.featureCount).map { Vector2(w[2 * $0], w[2 * $0 + 1]) }, importances: importances)
    }

    /// The parameter vector in the feature-major layout.
    public var parameters: [T] { columns.flatMap { [$0.x, $0.y] } }

    /// The Gram matrix `G_{ji} = W_j · W_i`.
    public var gram: [[T]] {
        var g = [[T]](repeating: [T](repeating: 0, count: columns.count), count: columns.count)
        for j in columns.indices {
            for i in j..<columns.count {
                g[j][i] = columns[j].dot(columns[i])
                g[i][j] = g[j][i]
            }
        }
        return g
    }

    /// The reconstruction `x̂_j = ReLU(Σ_{i ∈ x} W_j · W_i)`, j = 0…4.
    public func reconstruction(_ x: InputType) -> [T] { reconstruction(x, gram: gram) }

    /// The per-sample loss `ℓ_x = Σ_j I_j (x_j − x̂_j)²`.
    public func loss(_ x: InputType) -> T { loss(x, gram: gram) }

    /// The losses of several input types, sharing one Gram matrix.
    public func losses(_ inputs: [InputType]) -> [T] {
        let g = gram
        return inputs.map { loss($0, gram: g) }
    }

    /// The weighted total loss `E(w; h) = Σ_x h_x ℓ_x` over `weights` (input → h_x).
    public func totalLoss(weights: [(InputType, T)]) -> T {
        let g = gram
        return weights.reduce(T(0)) { $0 + $1.1 * loss($1.0, gram: g) }
    }

    /// The value of `observable` at these weights.
    public func value(of observable: Observable) -> T { observable.value(at: columns) }

    func reconstruction(_ x: InputType, gram g: [[T]]) -> [T] {
        let active = x.features
        return (0..<InputType.featureCount).map { j in
            guard let first = active.first else { return T(0) }
            var sum = g[j][first]
            for i in active.dropFirst() { sum += g[j][i] }
            return T.relu(sum)
        }
    }

    func loss(_ x: InputType, gram g: [[T]]) -> T {
        let xhat = reconstruction(x, gram: g)
        var total = T(0)
        for j in 0..<InputType.featureCount {
            let error = (x.contains(j) ? T(1) : T(0)) - xhat[j]
            total += importances[j] * error * error
        }
        return total
    }
}
