import D5Taxonomy
import TMSEngine

/// Rewriting a minimum (essay, "Rewriting Minima"): from a trained regular
/// pentagon, pattern the data until the features are rearranged into a
/// target arrangement of the taxonomy (`D5Taxonomy`), a global minimum of
/// the same loss separated from the start by a barrier.
///
/// Start: the unit pentagon `W_i = (cos 2πi/5, sin 2πi/5)` trained
/// `pretrainingEpochs` on the natural weights `h₀(S)`, plus a perturbation of
/// size `initialPerturbation` from stream 0 of `seed`. The controller steers
/// all ten cosines to the target's (`Arrangement.targetCosines`), sampling all
/// coordinates, then `releaseEpochs` on `h₀`. Success: the final features form
/// a regular pentagon whose ring realises the target's cosines (the same gap
/// between every pair of features).
public struct RewriteExperiment: Sendable {
    public var target: Arrangement
    public var seed: UInt64
    public var sparsity = 0.95
    public var schedule: RecomputeSchedule = .periodic(every: 10)
    public var learningRate = 0.5
    public var pretrainingEpochs = 2000
    public var controlledEpochs = 1000
    public var releaseEpochs = 1000
    public var initialPerturbation = 1e-3
    public var scale: StepScale = .maxChange(1)
    public var rule: WeightRule = .exponential
    public var ridge = PatterningStep.defaultRidge
    public var sampler = SamplerSettings(stepSize: 1e-6, nBeta: 1000, localization: 1e4, chains: 4, burnIn: 100, draws: 500)

    public init(target: Arrangement, seed: UInt64) {
        self.target = target
        self.seed = seed
    }

    /// The trained, perturbed pentagon the run starts from.
    public func initialParameters() throws -> [Double] {
        var plant = try TMSPlant(parameters: NamedConfiguration.pentagon.parameters, learningRate: learningRate, sampler: sampler)
        _ = try plant.train(weights: try TMSModel.naturalWeights(sparsity: sparsity), epochs: pretrainingEpochs)
        var stream = RandomStream(seed: seed, streamIndex: 0)
        return plant.parameters.map { $0 + initialPerturbation * stream.nextGaussian() }
    }

    /// Runs the experiment.
    public func run() throws -> RewriteOutcome {
        guard sparsity > 0, sparsity < 1 else {
            throw PatterningError.invalidParameter(name: "sparsity", value: sparsity, allowed: "0 < S < 1")
        }
        let baseline = try TMSModel.naturalWeights(sparsity: sparsity)
        var settings = sampler
        settings.seed = SplitMix64.mix(seed ^ 0x3C5A_E1F0_4B2D_7869)
        var plant = try TMSPlant(parameters: try initialParameters(), learningRate: learningRate, sampler: settings)
        let goals: [Double] = target.targetCosines()
        let controller = PatterningController(
            target: try PatterningTarget(rows: Array(0..<10), goals: goals), schedule: schedule, baseline: baseline,
            rule: rule, scale: scale, ridge: ridge, epochs: controlledEpochs, releaseEpochs: releaseEpochs)
        let run = try controller.run(on: &plant)
        let geometry = try FeatureGeometry(parameters: plant.parameters)
        let reached = try Arrangement(features: geometry.cyclicOrder)
        let regular = geometry.isRegularPolygon()
        let reachedCosines: [Double] = reached.targetCosines()
        return RewriteOutcome(
            seed: seed, success: regular && reachedCosines == goals, reached: reached, isRegularPentagon: regular,
            finalParameters: plant.parameters, finalCosines: geometry.cosines, targetCosines: goals, run: run)
    }
}

/// The result of a `RewriteExperiment`.
public struct RewriteOutcome: Sendable {
    public var seed: UInt64
    /// A regular pentagon realising the target's gap pattern.
    public var success: Bool
    /// The features in counter-clockwise ring order at the end.
    public var reached: Arrangement
    public var isRegularPentagon: Bool
    public var finalParameters: [Double]
    public var finalCosines: [Double]
    public var targetCosines: [Double]
    public var run: PatterningRun
}
