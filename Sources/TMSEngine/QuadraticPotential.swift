/// A family of quadratic per-sample losses in any dimension `D`:
///
///     ℓ_x(w) = ½ (w − a_x)ᵀ A_x (w − a_x),   x = 0…N−1,
///
/// with symmetric `A_x`. With weights `h`, `L(w; h) = (1/N) Σ_x h_x ℓ_x` and
/// `∇L = (1/N) Σ_x h_x A_x (w − a_x)`, so the sampler's target
/// `exp(−nβ L)` is Gaussian with precision `P = β Σ_x h_x A_x` (`β = nβ/N`)
/// and mean `P⁻¹ β Σ_x h_x A_x a_x` — the oracle of the sampler tests
/// ([EnginePotentials.md](../../Derivations/EnginePotentials.md)).
public struct QuadraticPotential: SamplingPotential {
    public let dimension: Int
    public let sampleCount: Int
    /// The centres `a_x`, row-major `[x][i]` (`N·D` entries).
    public let centers: [Double]
    /// The matrices `A_x`, row-major `[x][i][j]` (`N·D·D` entries), symmetric.
    public let matrices: [Double]
    public let weights: [Double]

    /// `centers[x]` is `a_x` (length `D`), `matrices[x]` is `A_x` (`D` rows of length `D`, symmetric).
    public init(centers: [[Double]], matrices: [[[Double]]], weights: [Double]? = nil) throws(PotentialError) {
        guard let first = centers.first, !first.isEmpty else { throw .invalidShape("need at least one sample with a non-empty centre") }
        let n = centers.count
        let dimension = first.count
        guard matrices.count == n else { throw .invalidShape("\(matrices.count) matrices for \(n) centres") }
        var flatCenters: [Double] = []
        var flatMatrices: [Double] = []
        for x in 0..<n {
            guard centers[x].count == dimension else { throw .invalidShape("centre \(x) has \(centers[x].count) entries, expected \(dimension)") }
            guard matrices[x].count == dimension, matrices[x].allSatisfy({ $0.count == dimension }) else {
                throw .invalidShape("matrix \(x) is not \(dimension)×\(dimension)")
            }
            for value in centers[x] where !value.isFinite { throw .invalidMatrix("centre \(x) has a non-finite entry \(value)") }
            for i in 0..<dimension {
                for j in 0..<dimension {
                    let value = matrices[x][i][j]
                    guard value.isFinite else { throw .invalidMatrix("A_\(x)[\(i)][\(j)] = \(value) is not finite") }
                    guard value == matrices[x][j][i] else { throw .invalidMatrix("A_\(x) is not symmetric at (\(i), \(j))") }
                }
            }
            flatCenters += centers[x]
            flatMatrices += matrices[x].flatMap { $0 }
        }
        let weights = weights ?? Array(repeating: 1, count: n)
        try validateWeights(weights, count: n)
        self.dimension = dimension
        self.sampleCount = n
        self.centers = flatCenters
        self.matrices = flatMatrices
        self.weights = weights
    }

    public func perSampleLosses(at w: UnsafeBufferPointer<Double>, into losses: UnsafeMutableBufferPointer<Double>) {
        precondition(w.count == dimension && losses.count == sampleCount)
        for x in 0..<sampleCount { losses[x] = sampleLoss(x, w, gradient: nil, factor: 0) }
    }

    public func lossAndGradient(at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(w.count == dimension && gradient.count == dimension)
        for i in 0..<dimension { gradient[i] = 0 }
        let scale = 1 / Double(sampleCount)
        var total = 0.0
        for x in 0..<sampleCount where weights[x] != 0 {
            total += weights[x] * sampleLoss(x, w, gradient: gradient, factor: weights[x] * scale)
        }
        return total * scale
    }

    public func loss(at w: UnsafeBufferPointer<Double>) -> Double {
        precondition(w.count == dimension)
        var total = 0.0
        for x in 0..<sampleCount where weights[x] != 0 { total += weights[x] * sampleLoss(x, w, gradient: nil, factor: 0) }
        return total / Double(sampleCount)
    }

    /// `ℓ_x(w)`; adds `factor · A_x (w − a_x)` to `gradient` if given.
    @inline(__always)
    func sampleLoss(_ x: Int, _ w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>?, factor: Double) -> Double {
        let dim = dimension
        return centers.withUnsafeBufferPointer { a in
            matrices.withUnsafeBufferPointer { matrix in
                let center = a.baseAddress! + x * dim
                let block = matrix.baseAddress! + x * dim * dim
                var value = 0.0
                for i in 0..<dim {
                    var row = 0.0
                    for j in 0..<dim { row += block[dim * i + j] * (w[j] - center[j]) }
                    value += (w[i] - center[i]) * row
                    if let gradient { gradient[i] += factor * row }
                }
                return value / 2
            }
        }
    }
}
