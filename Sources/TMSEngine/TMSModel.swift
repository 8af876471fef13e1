/// The toy model of superposition as a ``SamplingPotential``: `d` features in
/// `m` dimensions, reconstruction `x̂ = ReLU(Wᵀ W x)`, importances `I_j`, and
/// the data set of all `2^d` binary input types with weights `h`.
///
/// Conventions (parameter layout `w[m·i + a] = W_{i,a}`, so `w[2i] = W_{i,x}`,
/// `w[2i+1] = W_{i,y}`; type index `t = Σ_j x_j 2^j`; per-sample loss
/// `ℓ_x = Σ_j I_j (x_j − x̂_j)²`; weighted loss `L(w; h) = (1/2^d) Σ_x h_x ℓ_x`)
/// are those of [Conventions.md](../../Derivations/Conventions.md) §1–2.
/// The evaluation (Gram matrix, subset sums, reverse sweep) is derived in
/// [EngineTMSLoss.md](../../Derivations/EngineTMSLoss.md).
public struct TMSModel: SamplingPotential {
    /// `d`, the number of features (default 5).
    public let featureCount: Int
    /// `m`, the embedding dimension (default 2).
    public let embeddingDimension: Int
    /// `I_j > 0`, one per feature.
    public let importances: [Double]
    /// `h_x ≥ 0`, one per input type (`2^d`), not all zero.
    public let weights: [Double]

    /// Precomputed tables of the vectorised 5×2 kernel (`nil` for other shapes).
    let fiveByTwo: FiveByTwoTables?

    /// The largest supported feature count (the data set has `2^d` types).
    public static let maximumFeatureCount = 16

    /// A model with the given weights `h` (one per input type, see ``naturalWeights(sparsity:featureCount:)``
    /// and ``oneHotWeights(featureCount:)``). Importances default to 1.
    public init(
        featureCount: Int = 5, embeddingDimension: Int = 2,
        importances: [Double]? = nil, weights: [Double]
    ) throws(PotentialError) {
        guard (1...TMSModel.maximumFeatureCount).contains(featureCount) else {
            throw .invalidShape("feature count d = \(featureCount) must be in 1...\(TMSModel.maximumFeatureCount)")
        }
        guard embeddingDimension >= 1 else {
            throw .invalidShape("embedding dimension m = \(embeddingDimension) must be positive")
        }
        let importances = importances ?? Array(repeating: 1, count: featureCount)
        guard importances.count == featureCount else {
            throw .invalidShape("\(importances.count) importances for \(featureCount) features")
        }
        for (index, value) in importances.enumerated() where !(value.isFinite && value > 0) {
            throw .invalidImportance(index: index, value: value)
        }
        try validateWeights(weights, count: 1 << featureCount)
        self.featureCount = featureCount
        self.embeddingDimension = embeddingDimension
        self.importances = importances
        self.weights = weights
        self.fiveByTwo = featureCount == 5 && embeddingDimension == 2
            ? FiveByTwoTables(weights: weights, importances: importances) : nil
    }

    /// The model trained on the Bernoulli data set with sparsity `S`: natural weights `h₀`.
    public init(sparsity: Double, featureCount: Int = 5, embeddingDimension: Int = 2, importances: [Double]? = nil) throws(PotentialError) {
        try self.init(
            featureCount: featureCount, embeddingDimension: embeddingDimension, importances: importances,
            weights: TMSModel.naturalWeights(sparsity: sparsity, featureCount: featureCount))
    }

    /// The same model with other weights `h`.
    public func withWeights(_ weights: [Double]) throws(PotentialError) -> TMSModel {
        try TMSModel(featureCount: featureCount, embeddingDimension: embeddingDimension, importances: importances, weights: weights)
    }

    public var dimension: Int { featureCount * embeddingDimension }
    public var sampleCount: Int { 1 << featureCount }

    /// The natural weights `h₀_x = 2^d q(x)`, `q(x) = Π_j p^{x_j}(1 − p)^{1−x_j}`, `p = 1 − S`:
    /// the Bernoulli distribution normalised to mean 1 over the `2^d` types.
    public static func naturalWeights(sparsity: Double, featureCount: Int = 5) throws(PotentialError) -> [Double] {
        guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else { throw .invalidSparsity(sparsity) }
        let p = 1 - sparsity
        let count = 1 << featureCount
        return (0..<count).map { t in
            let active = t.nonzeroBitCount
            var q = 1.0
            for _ in 0..<active { q *= p }
            for _ in active..<featureCount { q *= sparsity }
            return Double(count) * q
        }
    }

    /// One-hot weights: `h_x = 1` on the `d` one-hot types `2^j`, 0 elsewhere.
    public static func oneHotWeights(featureCount: Int = 5) -> [Double] {
        (0..<(1 << featureCount)).map { $0.nonzeroBitCount == 1 ? 1 : 0 }
    }

    /// The index `t = Σ_j x_j 2^j` of a type named by its bit string in feature order (`"10000"` ↦ 1).
    public static func typeIndex(named name: String) -> Int? {
        var index = 0
        for (j, character) in name.enumerated() {
            switch character {
            case "1": index |= 1 << j
            case "0": break
            default: return nil
            }
        }
        return name.isEmpty ? nil : index
    }

    /// The bit-string name of type `t` (feature 0 first): `typeName(1, featureCount: 5) == "10000"`.
    public static func typeName(_ t: Int, featureCount: Int = 5) -> String {
        String((0..<featureCount).map { (t >> $0) & 1 == 1 ? "1" : "0" })
    }
}
