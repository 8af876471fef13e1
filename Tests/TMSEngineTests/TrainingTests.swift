import TMSEngine
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The polygon classifier on constructed geometry, and training from small init.
@Suite struct TrainingTests {
    static func polygon(_ k: Int, radius: Double = 1, rotation: Double = 0, order: [Int]) -> [Double] {
        var w = [Double](repeating: 0, count: 10)
        for (n, i) in order.prefix(k).enumerated() {
            let angle = rotation + 2 * Double.pi * Double(n) / Double(k)
            w[2 * i] = radius * cos(angle)
            w[2 * i + 1] = radius * sin(angle)
        }
        return w
    }

    /// Regular k-gons at any rotation and labelling are classified as k-gons with zero gap deviation,
    /// in the constructed counter-clockwise order (up to the starting vertex).
    @Test(arguments: 1...5)
    func regularPolygons(k: Int) {
        for rotation in [0.0, 0.3, -2.9] {
            let order = [3, 0, 4, 1, 2]
            let stage = PolygonStage(Self.polygon(k, rotation: rotation, order: order))
            #expect(stage.name == "\(k)-gon")
            #expect(stage.maxGapDeviation < 1e-12)
            #expect(Set(stage.deadFeatures) == Set(order.dropFirst(k)))
            let start = order.firstIndex(of: stage.liveFeatures[0])!
            #expect(stage.liveFeatures == (0..<k).map { order[(start + $0) % k] })
        }
    }

    /// A square with the fifth feature doubled onto a vertex: 5 live features, one gap 0, deviation 2π/5.
    @Test func doubledFeatureIsIrregular() {
        var w = NamedConfiguration.squareDead.parameters
        w[8] = 1
        w[9] = 0
        let stage = PolygonStage(w)
        #expect(stage.vertexCount == 5)
        #expect(abs(stage.maxGapDeviation - 2 * Double.pi / 5) < 1e-12)
    }

    /// Gradient descent from a small random init at S = 0.99 passes through 1-, 2-, 3-, 4- and 5-gon stages
    /// and ends at a regular pentagon whose loss equals the minimum over radii of the loss of a regular
    /// pentagon (a 1-D golden-section search: an independent route to the optimum).
    @Test func stagewiseDevelopmentToRegularPentagon() throws {
        let model = try TMSModel(sparsity: 0.99)
        let settings = TrainingSettings(optimizer: .gradientDescent, learningRate: 0.1, epochs: 20000, recordEvery: 5, initScale: 0.001, seed: 2)
        let trajectory = try model.train(settings: settings)
        let counts = trajectory.stages.map(\.stage.vertexCount)
        #expect(counts == [0, 1, 2, 3, 4, 5])
        #expect(trajectory.stages.map(\.epoch) == trajectory.stages.map(\.epoch).sorted())
        let final = PolygonStage(trajectory.finalState)
        #expect(final.maxGapDeviation < 1e-3)

        var (a, b) = (0.5, 1.5)
        let phi = (5.0.squareRoot() - 1) / 2
        func lossAt(_ r: Double) -> Double { model.loss(Self.polygon(5, radius: r, order: [0, 1, 2, 3, 4])) }
        for _ in 0..<100 {
            let c = b - phi * (b - a)
            let d = a + phi * (b - a)
            if lossAt(c) < lossAt(d) { b = d } else { a = c }
        }
        let optimum = lossAt((a + b) / 2)
        #expect(abs(trajectory.finalLoss - optimum) <= 1e-6 * optimum)
    }

    /// Adam reaches the same regular-pentagon loss as gradient descent.
    @Test func adamReachesPentagon() throws {
        let model = try TMSModel(sparsity: 0.95)
        let adam = try model.train(settings: TrainingSettings(optimizer: .adam, learningRate: 0.01, epochs: 3000, recordEvery: 100, initScale: 0.01, seed: 2))
        let gd = try model.train(settings: TrainingSettings(optimizer: .gradientDescent, learningRate: 0.1, epochs: 3000, recordEvery: 100, initScale: 0.001, seed: 2))
        #expect(PolygonStage(gd.finalState).maxGapDeviation < 1e-3)
        #expect(abs(adam.finalLoss - gd.finalLoss) <= 1e-4 * gd.finalLoss)
    }

    @Test func badTrainingSettings() throws {
        let model = try TMSModel(sparsity: 0.9)
        #expect(throws: TrainingError.invalidLearningRate(0)) { try model.train(settings: TrainingSettings(learningRate: 0)) }
        #expect(throws: TrainingError.self) { try model.train(settings: TrainingSettings(learningRate: .nan)) }
        #expect(throws: TrainingError.invalidCount(name: "recordEvery", value: 0)) { try model.train(settings: TrainingSettings(recordEvery: 0)) }
        #expect(throws: TrainingError.self) { try model.train(settings: TrainingSettings(), initial: [1, 2]) }
    }

    /// At the frozen square with one-hot data and γ = 0, `E = 1 + r⁴` on W₄ ∈ ℝ², so
    /// `β E − β = β r⁴` has posterior mean exactly `D/k = 2/4 = 1/2` for every β: the LLC is 1/2
    /// ([Conventions.md] §4). MALA (exact target) at β = 50. Since `λ̂ = (nβ/32)·E[r⁴]` and
    /// `E[r⁴] = 1/(2β_sampled)`, this also pins the sampled temperature to `β = nβ/32`.
    @Test(.tags(.statistical)) func frozenSquareLLCIsOneHalf() throws {
        let model = try TMSModel(weights: TMSModel.oneHotWeights())
        let settings = SamplerSettings(method: .mala, stepSize: 0.01, nBeta: 32 * 50, chains: 4, burnIn: 500, draws: 2000, thinning: 5, seed: 50)
        let sampler = try LangevinSampler(potential: model, center: NamedConfiguration.squareDead.parameters, mask: try .features([4]), settings: settings)
        let run = try sampler.run(recording: RecordingOptions(perSampleLosses: false))
        let llc = try run.localLearningCoefficient()
        #expect(abs(llc.value - 0.5) <= 5 * llc.standardError)
        #expect(llc.standardError < 0.05)
    }
}
