import HighPrecision
import PropertyBased
import TMSEngine
import Testing

/// The engine's Double loss, per-sample losses and gradient against two independent routes:
/// an MPFR evaluation of the defining formula, and central finite differences.
@Suite struct TMSModelLossTests {
    static let unitRoundoff = 0x1.0p-53

    /// Random weights `h` (positive) and importances for a model of shape d × m.
    static func model(d: Int, m: Int, seed: UInt64) throws -> TMSModel {
        var stream = RandomStream(seed: seed, streamIndex: 7)
        let weights = (0..<(1 << d)).map { _ in 2 * stream.nextUniform() }
        let importances = (0..<d).map { _ in 0.5 + stream.nextUniform() }
        return try TMSModel(featureCount: d, embeddingDimension: m, importances: importances, weights: weights)
    }

    static func randomW(_ count: Int, seed: UInt64, scale: Double) -> [Double] {
        var stream = RandomStream(seed: seed, streamIndex: 11)
        return (0..<count).map { _ in scale * stream.nextGaussian() }
    }

    /// Per-sample and weighted losses agree with MPFR (200 bits) within `64 u · magnitude`:
    /// 64 exceeds twice the longest chain of roundings in either kernel (≤ 2dm + 2d + 4 = 34 for 5×2).
    @Test(arguments: [(5, 2), (4, 3), (3, 1)])
    func lossesMatchMPFR(shape: (Int, Int)) async throws {
        let (d, m) = shape
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.double(in: 0.1...2)) { seed, scale in
            let model = try! Self.model(d: d, m: m, seed: UInt64(seed))
            let w = Self.randomW(d * m, seed: UInt64(seed), scale: scale)
            let losses = model.perSampleLosses(w)
            BigFloat.withWorkingPrecision(200) {
                let wBig = w.map { BigFloat($0) }
                let iBig = model.importances.map { BigFloat($0) }
                var weightedBound = 0.0
                for t in 0..<(1 << d) {
                    let exact = ReferenceLoss.perSample(wBig, type: t, importances: iBig, featureCount: d, embeddingDimension: m)
                    let scaleT = ReferenceLoss.magnitude(w, type: t, importances: model.importances, featureCount: d, embeddingDimension: m)
                    let error = abs((BigFloat(losses[t]) - exact).doubleValue)
                    #expect(error <= 64 * Self.unitRoundoff * scaleT, "type \(t): error \(error), scale \(scaleT)")
                    weightedBound += model.weights[t] * (64 * Self.unitRoundoff * scaleT + 64 * Self.unitRoundoff * abs(losses[t]))
                }
                let exactL = ReferenceLoss.weighted(
                    wBig, weights: model.weights.map { BigFloat($0) }, importances: iBig, featureCount: d, embeddingDimension: m)
                let error = abs((BigFloat(model.loss(w)) - exactL).doubleValue)
                #expect(error <= weightedBound / Double(1 << d))
            }
        }
    }

    /// The gradient agrees with an MPFR central difference (256 bits, h = 2⁻⁶⁰: truncation ~h² ≈ 1e−36).
    /// Tolerance: `64 u · (1 + Σ|terms|)` scaled by the feature norms, from the same rounding-depth argument.
    @Test(arguments: [(5, 2), (4, 3)])
    func gradientMatchesMPFRDifference(shape: (Int, Int)) async throws {
        let (d, m) = shape
        await propertyCheck(count: 8, input: Gen.int(in: 0...1_000_000)) { seed in
            let model = try! Self.model(d: d, m: m, seed: UInt64(seed))
            let w = Self.randomW(d * m, seed: UInt64(seed) &+ 1, scale: 0.8)
            let (_, gradient) = model.lossAndGradient(w)
            let normSum = w.reduce(0) { $0 + abs($1) }
            let magnitude = (0..<(1 << d)).reduce(0.0) {
                $0 + model.weights[$1] * ReferenceLoss.magnitude(w, type: $1, importances: model.importances, featureCount: d, embeddingDimension: m)
            } / Double(1 << d)
            BigFloat.withWorkingPrecision(256) {
                let h = BigFloat(0x1.0p-60)
                let iBig = model.importances.map { BigFloat($0) }
                let hBig = model.weights.map { BigFloat($0) }
                for k in 0..<(d * m) {
                    var plus = w.map { BigFloat($0) }
                    var minus = plus
                    plus[k] = plus[k] + h
                    minus[k] = minus[k] - h
                    let lPlus = ReferenceLoss.weighted(plus, weights: hBig, importances: iBig, featureCount: d, embeddingDimension: m)
                    let lMinus = ReferenceLoss.weighted(minus, weights: hBig, importances: iBig, featureCount: d, embeddingDimension: m)
                    let exact = ((lPlus - lMinus) / (h + h)).doubleValue
                    let tolerance = 64 * Self.unitRoundoff * (1 + magnitude) * 4 * (1 + normSum)
                    #expect(abs(gradient[k] - exact) <= tolerance, "coordinate \(k): \(gradient[k]) vs \(exact)")
                }
            }
        }
    }

    /// The smallest |pre-activation| `|Σ_i x_i W_j·W_i|` over types and outputs: the distance (up to the
    /// Lipschitz constant) of `w` from a ReLU kink, where `L` is not differentiable.
    static func kinkDistance(_ w: [Double]) -> Double {
        var smallest = Double.infinity
        for t in 1..<32 {
            for j in 0..<5 {
                var z = 0.0
                for i in 0..<5 where (t >> i) & 1 == 1 { z += w[2 * j] * w[2 * i] + w[2 * j + 1] * w[2 * i + 1] }
                smallest = min(smallest, abs(z))
            }
        }
        return smallest
    }

    /// Double central differences: `|(L(w+he) − L(w−he))/2h − ∂L| ≤ h²/6 · |L'''| + 2u|L|/h`; with h = 1e−5 and
    /// `|L'''| ≲ 100` on this range the bound is ≈ 2e−9; we use 1e−7 relative to `1 + |∂L|`. The formula needs
    /// `L` smooth on `[w − h, w + h]`: points within 1e−3 of a ReLU kink (|∂z/∂w| ≤ 10 here) are skipped.
    @Test func gradientMatchesFiniteDifferences() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000_000), Gen.double(in: 0.01...0.99)) { seed, sparsity in
            let model = try! TMSModel(sparsity: sparsity)
            let w = Self.randomW(10, seed: UInt64(seed), scale: 0.7)
            guard Self.kinkDistance(w) > 1e-3 else { return }
            let (_, gradient) = model.lossAndGradient(w)
            let step = 1e-5
            for k in 0..<10 {
                var plus = w
                var minus = w
                plus[k] += step
                minus[k] -= step
                let difference = (model.loss(plus) - model.loss(minus)) / (2 * step)
                #expect(abs(difference - gradient[k]) <= 1e-7 * (1 + abs(gradient[k])), "k = \(k)")
            }
        }
    }

    /// The fused call returns the same numbers as the separate calls, bit for bit.
    @Test func fusedEvaluationMatchesSeparateCalls() throws {
        let model = try Self.model(d: 5, m: 2, seed: 3)
        let w = Self.randomW(10, seed: 5, scale: 1)
        var gradient = [Double](repeating: 0, count: 10)
        var losses = [Double](repeating: 0, count: 32)
        let loss = w.withUnsafeBufferPointer { wb in
            gradient.withUnsafeMutableBufferPointer { gb in
                losses.withUnsafeMutableBufferPointer { lb in model.lossGradientAndPerSampleLosses(at: wb, gradient: gb, losses: lb) }
            }
        }
        let separate = model.lossAndGradient(w)
        #expect(loss == separate.loss)
        #expect(gradient == separate.gradient)
        #expect(losses == model.perSampleLosses(w))
    }

    /// Known values: at the frozen square with one-hot data, `E = Σ_x h_x ℓ_x = 1 + r⁴` when `W_4 = r e_θ`
    /// ([Conventions.md] §3), i.e. `L = (1 + r⁴)/32`.
    @Test(arguments: [0.0, 0.3, 1.1], [0.0, 0.7, 2.0])
    func frozenSquareQuartic(r: Double, angle: Double) throws {
        let model = try TMSModel(weights: TMSModel.oneHotWeights())
        var w = NamedConfiguration.squareDead.parameters
        w[8] = r * cos(angle)
        w[9] = r * sin(angle)
        let expected = (1 + r * r * r * r) / 32
        #expect(abs(model.loss(w) - expected) <= 8 * Self.unitRoundoff * expected)
    }
}

#if canImport(Glibc)
import Glibc
#endif
