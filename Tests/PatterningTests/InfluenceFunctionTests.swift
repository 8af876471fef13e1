import Patterning
import TMSEngine
import Testing

/// TMSEngine's influence-function baseline on the TMS model, by a route its
/// own tests do not use: the derivative of a proximal minimiser. (Its
/// Hessian blindness at the bifurcation is tested in VerificationTests.)
@Suite("Influence-function baseline")
struct InfluenceFunctionTests {
    static func gradient(_ model: TMSModel, _ w: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: w.count)
        _ = w.withUnsafeBufferPointer { p in g.withUnsafeMutableBufferPointer { model.lossAndGradient(at: p, gradient: $0) } }
        return g
    }

    /// `argmin E(w; h) + (λ/2)‖w − w*‖²` by gradient descent from `w*`.
    static func proximalMinimiser(_ model: TMSModel, center: [Double], ridge: Double, iterations: Int) -> [Double] {
        var w = center
        let n = Double(model.sampleCount)
        for _ in 0..<iterations {
            let g = gradient(model, w)
            for i in w.indices { w[i] -= 0.01 * (n * g[i] + ridge * (w[i] - center[i])) }
        }
        return w
    }

    @Test("At a pentagon minimum, χ^IF equals the central difference of φ at the proximal minimiser under h ± δe_x")
    func proximalDerivative() throws {
        let h = try TMSModel.naturalWeights(sparsity: 0.9)
        let model = try TMSModel(weights: h)
        var plant = try TMSPlant(parameters: NamedConfiguration.pentagon.parameters, learningRate: 0.5, sampler: SamplerSettings(stepSize: 1e-6, nBeta: 1))
        _ = try plant.train(weights: h, epochs: 6000)
        let center = plant.parameters
        let ridge = 0.5
        let observables = ObservableSet.structural()
        let chi = try InfluenceFunction(potential: model, at: center, observables: observables, ridge: ridge).values
        // Residual gradient at the centre (it shifts the proximal minimiser at δ = 0).
        #expect(Self.gradient(model, center).map(abs).max()! < 1e-12)
        for x in [3, 6, 17, 31] {  // 11000, 01100, 10001, 11111
            let delta = 1e-2 * h[x]  // relative: h of 11111 is 3.2e-4
            var plus = h, minus = h
            plus[x] += delta
            minus[x] -= delta
            // GD at step 0.01 contracts every mode of n·∇²L + λ by ≤ (1 − 0.01·λ) per iteration:
            // 6000 iterations leave (0.995)^6000 ≈ 1e-13 of the initial offset O(δ).
            // Truncation: O(δ²) relative, δ/h_x = 1e-2 ⇒ ≲ 1e-4 relative.
            let wp = Self.proximalMinimiser(try model.withWeights(plus), center: center, ridge: ridge, iterations: 6000)
            let wm = Self.proximalMinimiser(try model.withWeights(minus), center: center, ridge: ridge, iterations: 6000)
            let fp = observables.evaluate(wp), fm = observables.evaluate(wm)
            for k in 0..<observables.count {
                let difference = (fp[k] - fm[k]) / (2 * delta)
                // Truncation (≲ 1e-4 relative) and the Hessian's O(δ_FD²) error.
                let scale = (0..<observables.count).map { abs(chi[$0][x]) }.max()!
                #expect(abs(chi[k][x] - difference) <= 1e-4 * max(scale, 1e-3), "row \(k), input \(x)")
            }
        }
    }
}
