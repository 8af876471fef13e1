import HighPrecision

/// The TMS per-sample loss written straight from its definition
/// (`x̂_j = ReLU(Σ_i (W_j · W_i) x_i)`, `ℓ_x = Σ_j I_j (x_j − x̂_j)²`), generic over
/// `RealNumber` so that it evaluates in MPFR. Independent of the engine's
/// Gram/subset-sum/vectorised kernels. (An oracle module may later provide a
/// `ReferenceModel`; this one is private to the engine tests.)
enum ReferenceLoss {
    static func perSample<R: RealNumber>(_ w: [R], type t: Int, importances: [R], featureCount d: Int, embeddingDimension m: Int) -> R {
        var loss = R(0)
        for j in 0..<d {
            var pre = R(0)
            for i in 0..<d where (t >> i) & 1 == 1 {
                for a in 0..<m { pre += w[m * j + a] * w[m * i + a] }
            }
            let residual = R((t >> j) & 1) - R.relu(pre)
            loss += importances[j] * residual * residual
        }
        return loss
    }

    /// `L(w; h) = (1/2^d) Σ_t h_t ℓ_t(w)`.
    static func weighted<R: RealNumber>(_ w: [R], weights: [R], importances: [R], featureCount d: Int, embeddingDimension m: Int) -> R {
        var total = R(0)
        for t in 0..<(1 << d) {
            total += weights[t] * perSample(w, type: t, importances: importances, featureCount: d, embeddingDimension: m)
        }
        return total / R(1 << d)
    }

    /// A rounding-error scale for the Double evaluation of `ℓ_t`: `Σ_j I_j (x_j + Σ_i x_i Σ_a |W_ja W_ia|)²`.
    /// Every intermediate of the engine's evaluation (Gram entries, subset sums, residuals, squares)
    /// is bounded by the corresponding term, so `|ℓ̂ − ℓ| ≤ c · u · scale` with `c` the operation depth.
    static func magnitude(_ w: [Double], type t: Int, importances: [Double], featureCount d: Int, embeddingDimension m: Int) -> Double {
        var total = 0.0
        for j in 0..<d {
            var pre = Double((t >> j) & 1)
            for i in 0..<d where (t >> i) & 1 == 1 {
                for a in 0..<m { pre += abs(w[m * j + a] * w[m * i + a]) }
            }
            total += importances[j] * pre * pre
        }
        return total
    }
}
