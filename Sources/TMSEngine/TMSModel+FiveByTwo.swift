/// The 5×2 kernel of ``TMSModel``: the same algorithm as the general kernel
/// ([EngineTMSLoss.md](../../Derivations/EngineTMSLoss.md)), vectorised over
/// input types. Type `t = 8q + r` sits in lane `r` of block `q` (`q < 4`), so
/// the pre-activation of output `j` is
///
///     z_{q,j} = L_j + c_{q,j},   L_j = Σ_{i<3} bit_i(r) G_{ij} (lanes),   c_{q,j} = Σ_{i≥3} bit_i(t) G_{ij},
///
/// and `Ḡ_{ij} = Σ_t x_{t,i} z̄_{t,j}` is a lane-masked sum (`i < 3`) or a block
/// sum (`i ≥ 3`). Branch-free: ReLU is `max(z, 0)`, its derivative the mask `z > 0`.
final class FiveByTwoTables: Sendable {
    /// `h_t` for `t = 8q + r`.
    let weights: InlineArray<4, SIMD8<Double>>
    /// `−2 h_t / 32`, the adjoint factor.
    let adjointFactors: InlineArray<4, SIMD8<Double>>
    let importances: InlineArray<5, Double>

    init(weights h: [Double], importances source: [Double]) {
        precondition(h.count == 32 && source.count == 5)
        var blocks = InlineArray<4, SIMD8<Double>>(repeating: .zero)
        var factors = InlineArray<4, SIMD8<Double>>(repeating: .zero)
        for q in 0..<4 {
            for r in 0..<8 {
                blocks[q][r] = h[8 * q + r]
                factors[q][r] = -2 * h[8 * q + r] / 32
            }
        }
        weights = blocks
        adjointFactors = factors
        var importance = InlineArray<5, Double>(repeating: 0)
        for j in 0..<5 { importance[j] = source[j] }
        importances = importance
    }
}

/// Lane `r` is bit `i` of `r`.
private let laneBit0 = SIMD8<Double>(0, 1, 0, 1, 0, 1, 0, 1)
private let laneBit1 = SIMD8<Double>(0, 0, 1, 1, 0, 0, 1, 1)
private let laneBit2 = SIMD8<Double>(0, 0, 0, 0, 1, 1, 1, 1)

extension TMSModel {
    @inline(__always)
    func fiveByTwoKernel(
        _ tables: FiveByTwoTables,
        _ w: UnsafeBufferPointer<Double>,
        gradient: UnsafeMutableBufferPointer<Double>?,
        losses: UnsafeMutableBufferPointer<Double>?
    ) -> Double {
        let bits = (laneBit0, laneBit1, laneBit2)
        // Gram matrix, G[5i + j] = W_i · W_j.
        var gram = InlineArray<25, Double>(repeating: 0)
        var inRange = true
        for i in 0..<5 {
            for j in i..<5 {
                let s = w[2 * i] * w[2 * j] + w[2 * i + 1] * w[2 * j + 1]
                inRange = inRange && s.magnitude <= TMSModel.largestGramEntry
                gram[5 * i + j] = s
                gram[5 * j + i] = s
            }
        }
        // A Gram entry that is NaN, infinite or so large that sums of five overflow would
        // reach the ReLU as NaN, which `max(z, 0)` turns into a silent 0: report NaN instead.
        guard inRange else { return TMSModel.nonFiniteResult(gradient: gradient, losses: losses) }
        var blockLoss = InlineArray<4, SIMD8<Double>>(repeating: .zero)
        var gramBar = InlineArray<25, Double>(repeating: 0)
        let wantsGradient = gradient != nil
        for j in 0..<5 {
            let lanes = gram[j] * bits.0 + gram[5 + j] * bits.1 + gram[10 + j] * bits.2
            let importance = tables.importances[j]
            var all = SIMD8<Double>.zero
            var withBit3 = SIMD8<Double>.zero
            var withBit4 = SIMD8<Double>.zero
            for q in 0..<4 {
                let offset = (q & 1 == 0 ? 0 : gram[15 + j]) + (q & 2 == 0 ? 0 : gram[20 + j])
                let z = lanes + SIMD8(repeating: offset)
                let target: SIMD8<Double> =
                    switch j {
                    case 0: bits.0
                    case 1: bits.1
                    case 2: bits.2
                    default: SIMD8(repeating: (q >> (j - 3)) & 1 == 0 ? 0 : 1)
                    }
                let positive = z .> 0
                let residual = target - SIMD8<Double>.zero.replacing(with: z, where: positive)
                let weighted = importance * residual
                blockLoss[q] += weighted * residual
                if wantsGradient {
                    let adjoint = SIMD8<Double>.zero.replacing(with: tables.adjointFactors[q] * weighted, where: positive)
                    all += adjoint
                    if q & 1 != 0 { withBit3 += adjoint }
                    if q & 2 != 0 { withBit4 += adjoint }
                }
            }
            if wantsGradient {
                gramBar[j] = (all * bits.0).sum()
                gramBar[5 + j] = (all * bits.1).sum()
                gramBar[10 + j] = (all * bits.2).sum()
                gramBar[15 + j] = withBit3.sum()
                gramBar[20 + j] = withBit4.sum()
            }
        }
        var weightedSum = SIMD8<Double>.zero
        for q in 0..<4 { weightedSum += tables.weights[q] * blockLoss[q] }
        if let losses {
            for q in 0..<4 { for r in 0..<8 { losses[8 * q + r] = blockLoss[q][r] } }
        }
        if let gradient {
            for k in 0..<5 {
                var gx = 0.0
                var gy = 0.0
                for j in 0..<5 {
                    let s = gramBar[5 * k + j] + gramBar[5 * j + k]
                    gx += s * w[2 * j]
                    gy += s * w[2 * j + 1]
                }
                gradient[2 * k] = gx
                gradient[2 * k + 1] = gy
            }
        }
        return weightedSum.sum() / 32
    }
}
