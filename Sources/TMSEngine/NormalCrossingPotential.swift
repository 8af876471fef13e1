/// The normal-crossing potential `K(w) = Π_j w_j^{2k_j}` as a single-sample
/// potential (`N = 1`, `ℓ_0 = K`, weight `h_0 > 0`), so `L = h_0 K` and
/// `β = nβ`. Its learning coefficient at the origin is `λ = min_j 1/(2k_j)`
/// over `k_j > 0` (Watanabe 2009); used for LLC tests
/// ([EnginePotentials.md](../../Derivations/EnginePotentials.md)).
public struct NormalCrossingPotential: SamplingPotential {
    /// The exponents `k_j ≥ 0`, one per coordinate.
    public let exponents: [Int]
    public let weights: [Double]

    public init(exponents: [Int], weight: Double = 1) throws(PotentialError) {
        guard !exponents.isEmpty else { throw .invalidShape("need at least one coordinate") }
        for (j, k) in exponents.enumerated() where k < 0 { throw .invalidShape("exponent k[\(j)] = \(k) must be non-negative") }
        guard exponents.contains(where: { $0 > 0 }) else { throw .invalidShape("at least one exponent must be positive") }
        try validateWeights([weight], count: 1)
        self.exponents = exponents
        self.weights = [weight]
    }

    public var dimension: Int { exponents.count }
    public var sampleCount: Int { 1 }

    /// `K(w) = Π_j w_j^{2k_j}`.
    @inline(__always)
    func value(_ w: UnsafeBufferPointer<Double>) -> Double {
        var product = 1.0
        for j in 0..<exponents.count { product *= power(w[j], 2 * exponents[j]) }
        return product
    }

    public func perSampleLosses(at w: UnsafeBufferPointer<Double>, into losses: UnsafeMutableBufferPointer<Double>) {
        precondition(w.count == dimension && losses.count == 1)
        losses[0] = value(w)
    }

    public func loss(at w: UnsafeBufferPointer<Double>) -> Double {
        precondition(w.count == dimension)
        return weights[0] * value(w)
    }

    /// `∂K/∂w_j = 2k_j w_j^{2k_j − 1} Π_{i≠j} w_i^{2k_i}`.
    public func lossAndGradient(at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(w.count == dimension && gradient.count == dimension)
        let h = weights[0]
        for j in 0..<exponents.count {
            let k = exponents[j]
            guard k > 0 else { gradient[j] = 0; continue }
            var product = Double(2 * k) * power(w[j], 2 * k - 1)
            for i in 0..<exponents.count where i != j { product *= power(w[i], 2 * exponents[i]) }
            gradient[j] = h * product
        }
        return h * value(w)
    }
}

/// `x^n` for `n ≥ 0` by repeated squaring.
@inline(__always)
func power(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    var base = x
    var e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
