import AnalyticOracle
import HighPrecision
import Testing
import TMSEngine

/// The MPFR critical points and regular-limit χ against the Double engine
/// (`TMSModel`, `InfluenceFunction`): two implementations of the same model
/// ([CriticalPoints.md](../../Derivations/CriticalPoints.md) §6,
/// [RegularLimit.md](../../Derivations/RegularLimit.md) §1).
@Suite("Critical points against the engine")
struct CriticalPointEngineTests {
    static let bits = 256

    static func analysis(_ name: String) throws -> PolygonAnalysis {
        try CriticalPointOracle(data: try DataSpecification(parsing: name), polygon: try PolygonConfiguration(k: 5), precision: bits).analyse()
    }

    static let computed: [(String, PolygonAnalysis)]? = try? ["one-hot", "bernoulli:0.95", "bernoulli:0.9"].map { ($0, try analysis($0)) }
    static var cases: [(String, PolygonAnalysis)] { get throws { try #require(computed, "an analysis failed") } }

    /// `Σ_{t,j} h_t I_j |2σ(x − σz)| Σ_a |∂z/∂w_a|`: the sum of the absolute values of the terms of
    /// `∇E` (the engine's gradient of `L = E/32` sums the same terms, divided by 32).
    static func absoluteTermSum(_ w: [Double], weights h: [Double]) -> Double {
        var total = 0.0
        for t in 1..<32 where h[t] > 0 {
            var vx = 0.0, vy = 0.0
            for i in 0..<5 where t & (1 << i) != 0 { vx += w[2 * i]; vy += w[2 * i + 1] }
            for j in 0..<5 {
                let z = w[2 * j] * vx + w[2 * j + 1] * vy
                guard z > 0 else { continue }
                let residual = Double((t >> j) & 1) - z
                total += h[t] * 2 * abs(residual) * (abs(vx) + abs(vy) + 5 * (abs(w[2 * j]) + abs(w[2 * j + 1])))
            }
        }
        return total
    }

    @Test("The engine's Double gradient vanishes at every MPFR minimum to Double rounding")
    func engineGradientVanishes() throws {
        for (name, analysis) in try Self.cases {
            let spec = try DataSpecification(parsing: name)
            let model = try TMSModel(weights: spec.doubleWeights)
            for p in analysis.minima {
                let w = p.doubleCoordinates
                let g = model.lossAndGradient(w).gradient
                // Rounding w to Double moves ∇E by ≤ ‖H‖_∞·u·max|w| (‖H‖_∞ ≤ 10·λ_max); the engine's sums of
                // ≤ 32·5 terms err by ≤ 16u·Σ|terms|. Both divided by 32 for L.
                let u = Double.ulpOfOne / 2
                let hessianNorm = 10 * p.spectrum.eigenvalues.last!.doubleValue
                let bound = (hessianNorm * u * 1 + 16 * u * Self.absoluteTermSum(w, weights: spec.doubleWeights)) / 32
                let worst = g.map(abs).max()!
                #expect(worst <= bound, "\(name): |∇L| = \(worst) > \(bound)")
                // A point off by 10⁻⁹ (the size of a wrong branch or a stopped Newton) is far outside it.
                var moved = w
                moved[3] += 1e-9
                #expect(model.lossAndGradient(moved).gradient.map(abs).max()! > 10 * bound)
            }
        }
    }

    @Test("The engine's loss equals the MPFR loss, and its finite-difference Hessian the analytic one")
    func engineLossAndHessian() throws {
        for (name, analysis) in try Self.cases {
            let spec = try DataSpecification(parsing: name)
            let model = try TMSModel(weights: spec.doubleWeights)
            let p = try #require(analysis.minima.first)
            #expect(abs(model.loss(p.doubleCoordinates) - p.meanLoss.doubleValue) <= 1e-15)
            // δ = 10⁻⁷: the S = 0.95 minima are 4·10⁻⁶ from a kink (|∇z| ≈ 3), so a step of 10⁻⁵ would cross it.
            let influence = try InfluenceFunction(potential: model, at: p.doubleCoordinates, observables: .structural(), ridge: 1e-7, step: 1e-7)
            // Central differences of the gradient of a quartic: error δ²|∂³∇E|/6 ≲ 10⁻¹²; rounding 32u·Σ|∇L terms|/δ ≲ 10⁻⁷.
            for a in 0..<10 {
                for b in 0..<10 {
                    #expect(abs(influence.hessian[a * 10 + b] - p.liveHessian[a][b].doubleValue) <= 1e-6, "\(name) H[\(a)][\(b)]")
                }
            }
        }
    }

    @Test("MPFR χ⁰ (pseudo-inverse) against the engine's influence function (Double ridge solve)")
    func chiMatchesInfluenceFunction() throws {
        for (name, analysis) in try Self.cases {
            let spec = try DataSpecification(parsing: name)
            let model = try TMSModel(weights: spec.doubleWeights)
            let index = try #require(analysis.points.firstIndex { $0.verdict.isMinimum })
            let p = analysis.points[index]
            let chi = try BigFloat.withWorkingPrecision(Self.bits) { () throws -> RegularLimitSusceptibility in
                let loss = PiecewiseLoss(try TrainingData<BigFloat>(spec, decimal: { try BigFloat(decimal: $0) }))
                return try FullModelReference.susceptibility(of: p, index: index, loss: loss, bits: Self.bits, regime: "test", nextOrder: false)
            }
            // Ridge λ = 10⁻⁷ moves the answer by ≤ λ|∇φ||∇ℓ|/λ⁺_min² (the rotation direction is orthogonal
            // to both gradients; |∇φ||∇ℓ| ≤ 50); the FD Hessian (δ = 10⁻⁷, error ≲ 10⁻⁶) adds ≲ 10⁻⁶ relative.
            let ridge = 1e-7
            let influence = try InfluenceFunction(potential: model, at: p.doubleCoordinates, observables: .structural(), ridge: ridge, step: 1e-7)
            let lambdaMin = p.spectrum.eigenvalues[1].doubleValue
            for k in 0..<15 {
                for x in 0..<32 where x != 31 || name != "one-hot" {
                    let oracle = chi.jacobian[k][x].doubleValue
                    let engine = influence.values[k][x]
                    let bound = 50 * ridge / (lambdaMin * lambdaMin) + 1e-6 * max(1, abs(oracle))
                    #expect(abs(engine - oracle) <= bound, "\(name) \(Observable.structural[k].name) x = \(TMSModel.typeName(x)): engine \(engine), oracle \(oracle)")
                }
            }
        }
    }
}
