/// Loss, per-sample losses and gradient of ``TMSModel``, derived in
/// [EngineTMSLoss.md](../../Derivations/EngineTMSLoss.md):
///
/// 1. Gram matrix `G_{ij} = W_i · W_j` (`d(d+1)/2` dot products).
/// 2. Pre-activations by subset sums: `z_t = z_{t − 2^b} + G_{b,·}` with `b`
///    the lowest set bit of `t` (one vector add per type).
/// 3. `ℓ_t = Σ_j I_j (x_{t,j} − ReLU(z_{t,j}))²` and the adjoint
///    `z̄_{t,j} = −(2 h_t / 2^d) I_j (x_{t,j} − ReLU(z_{t,j})) · 1{z_{t,j} > 0}`.
/// 4. Reverse sweep of step 2: `Ḡ_{b,·} += z̄_t`, `z̄_{t − 2^b} += z̄_t`.
/// 5. `∇_{W_k} L = Σ_j (Ḡ_{kj} + Ḡ_{jk}) W_j`.
///
/// No heap allocation: scratch lives in a stack temporary.
///
/// Non-finite values are never hidden: a ReLU maps a NaN pre-activation to 0
/// (`max(NaN, 0)` is 0), so a state whose Gram matrix is not finite, or large
/// enough for a pre-activation (a sum of up to `d` Gram entries) to overflow,
/// gets a NaN loss, NaN per-sample losses and a NaN gradient, which training and
/// sampling report as a divergence.
extension TMSModel {
    /// The largest `|G_ij|` evaluated: `Double.greatestFiniteMagnitude / 8`, so a
    /// sum of five entries stays finite (the general kernel divides it by `d`).
    static let largestGramEntry = Double.greatestFiniteMagnitude / 8

    /// NaN everywhere, for a state outside the range the kernels evaluate.
    static func nonFiniteResult(gradient: UnsafeMutableBufferPointer<Double>?, losses: UnsafeMutableBufferPointer<Double>?) -> Double {
        if let gradient { for i in gradient.indices { gradient[i] = .nan } }
        if let losses { for i in losses.indices { losses[i] = .nan } }
        return .nan
    }

    public func perSampleLosses(at w: UnsafeBufferPointer<Double>, into losses: UnsafeMutableBufferPointer<Double>) {
        precondition(w.count == dimension && losses.count == sampleCount)
        _ = evaluate(w, gradient: nil, losses: losses)
    }

    public func lossAndGradient(at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(w.count == dimension && gradient.count == dimension)
        return evaluate(w, gradient: gradient, losses: nil)
    }

    public func lossGradientAndPerSampleLosses(
        at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>,
        losses: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        precondition(w.count == dimension && gradient.count == dimension && losses.count == sampleCount)
        return evaluate(w, gradient: gradient, losses: losses)
    }

    public func loss(at w: UnsafeBufferPointer<Double>) -> Double {
        precondition(w.count == dimension)
        return evaluate(w, gradient: nil, losses: nil)
    }

    /// Dispatches to the vectorised 5×2 kernel (`TMSModel+FiveByTwo.swift`) or the general one.
    @inline(__always)
    func evaluate(
        _ w: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>?,
        losses: UnsafeMutableBufferPointer<Double>?
    ) -> Double {
        if let fiveByTwo {
            return fiveByTwoKernel(fiveByTwo, w, gradient: gradient, losses: losses)
        }
        return kernel(w, gradient: gradient, losses: losses, d: featureCount, m: embeddingDimension)
    }

    @inline(__always)
    func kernel(
        _ w: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>?,
        losses: UnsafeMutableBufferPointer<Double>?,
        d: Int, m: Int
    ) -> Double {
        let typeCount = 1 << d
        let scale = 1 / Double(typeCount)
        return importances.withUnsafeBufferPointer { importance in
            weights.withUnsafeBufferPointer { h in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: typeCount * d + 2 * d * d) { scratch in
                    let z = scratch.baseAddress!
                    let gram = z + typeCount * d
                    let gramBar = gram + d * d
                    // 1. Gram matrix.
                    var inRange = true
                    for i in 0..<d {
                        for j in i..<d {
                            var s = 0.0
                            for a in 0..<m { s += w[m * i + a] * w[m * j + a] }
                            inRange = inRange && s.magnitude <= TMSModel.largestGramEntry / Double(d)
                            gram[d * i + j] = s
                            gram[d * j + i] = s
                        }
                    }
                    guard inRange else { return TMSModel.nonFiniteResult(gradient: gradient, losses: losses) }
                    // 2. Subset sums.
                    for j in 0..<d { z[j] = 0 }
                    for t in 1..<typeCount {
                        let b = t.trailingZeroBitCount
                        let parent = z + (t & (t &- 1)) * d
                        let row = gram + b * d
                        let zt = z + t * d
                        for j in 0..<d { zt[j] = parent[j] + row[j] }
                    }
                    // 3. Losses and adjoints (overwriting z with z̄ when a gradient is wanted).
                    var total = 0.0
                    losses?[0] = 0
                    for t in 1..<typeCount {
                        let zt = z + t * d
                        let ht = h[t]
                        var lt = 0.0
                        if gradient != nil {
                            let factor = -2 * ht * scale
                            for j in 0..<d {
                                let pre = zt[j]
                                let r = Double((t >> j) & 1) - (pre > 0 ? pre : 0)
                                let ir = importance[j] * r
                                lt += ir * r
                                zt[j] = pre > 0 ? factor * ir : 0
                            }
                        } else {
                            for j in 0..<d {
                                let pre = zt[j]
                                let r = Double((t >> j) & 1) - (pre > 0 ? pre : 0)
                                lt += importance[j] * r * r
                            }
                        }
                        losses?[t] = lt
                        total += ht * lt
                    }
                    guard let gradient else { return total * scale }
                    // 4. Reverse sweep.
                    for k in 0..<(d * d) { gramBar[k] = 0 }
                    for t in stride(from: typeCount - 1, through: 1, by: -1) {
                        let b = t.trailingZeroBitCount
                        let parent = z + (t & (t &- 1)) * d
                        let row = gramBar + b * d
                        let zt = z + t * d
                        for j in 0..<d {
                            row[j] += zt[j]
                            parent[j] += zt[j]
                        }
                    }
                    // 5. Gradient.
                    for k in 0..<d {
                        for a in 0..<m {
                            var g = 0.0
                            for j in 0..<d { g += (gramBar[d * k + j] + gramBar[d * j + k]) * w[m * j + a] }
                            gradient[m * k + a] = g
                        }
                    }
                    return total * scale
                }
            }
        }
    }
}
