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
    /// `|δμ|_∞` at which the controller counts the target as reached and
    /// returns to the natural weights (`PatterningController.releasesOnArrival`);
    /// `nil`: never (the weights keep accumulating).
    public var arrivalTolerance: Double? = nil
    public var sampler = SamplerSettings(stepSize: 1e-6, nBeta: 1000, localization: 1e4, chains: 4, burnIn: 100, draws: 500)

    public init(target: Arrangement, seed: UInt64) {
        self.target = target
        self.seed = seed
    }

    /// The event-triggered settings measured in PatterningRewrite.md: plateau
    /// test with interval 10…30 epochs and integral action
    /// `integral(perEpoch: 0.3, cap: 3)`, arrival tolerance 0.1.
    public static let adaptiveSchedule = RecomputeSchedule.adaptive(PlateauTest(maximumInterval: 30))
    public static let adaptiveScale = StepScale.integral(perEpoch: 0.3, cap: 3)

    /// This experiment with the measured event-triggered settings.
    public func adaptive() -> RewriteExperiment {
        var e = self
        e.schedule = Self.adaptiveSchedule
        e.scale = Self.adaptiveScale
        e.arrivalTolerance = 0.1
        return e
    }

    /// The trained, perturbed pentagon the run starts from.
    public func initialParameters() throws -> [Double] {
        var plant = try TMSPlant(parameters: NamedConfiguration.pentagon.parameters, learningRate: learningRate, sampler: sampler)
        _ = try plant.train(weights: try TMSModel.naturalWeights(sparsity: sparsity), epochs: pretrainingEpochs)
        var stream = RandomStream(seed: seed, streamIndex: 0)
        return plant.parameters.map { $0 + initialPerturbation * stream.nextGaussian() }
    }

    /// Throws the first setting that is out of range, before any work is done
    /// (see ``BifurcationExperiment/validate()``).
    public func validate() throws {
        guard sparsity > 0, sparsity < 1 else {
            throw PatterningError.invalidParameter(name: "sparsity", value: sparsity, allowed: "0 < S < 1")
        }
        guard initialPerturbation >= 0, initialPerturbation.isFinite else {
            throw PatterningError.invalidParameter(name: "initial perturbation", value: initialPerturbation, allowed: "finite, ≥ 0")
        }
        try PatterningExperimentLimits.check(
            learningRate: learningRate, epochs: [pretrainingEpochs, controlledEpochs, releaseEpochs], scale: scale,
            arrivalTolerance: arrivalTolerance, ridge: ridge, schedule: schedule, sampler: sampler)
    }

    /// Runs the experiment.
    public func run() throws -> RewriteOutcome {
        try validate()
        let baseline = try TMSModel.naturalWeights(sparsity: sparsity)
        var settings = sampler
        settings.seed = SplitMix64.mix(seed ^ 0x3C5A_E1F0_4B2D_7869)
        let start = try initialParameters()
        var plant = try TMSPlant(parameters: start, learningRate: learningRate, sampler: settings)
        plant.recordsTrajectory = true
        let goals: [Double] = target.targetCosines()
        var controller = PatterningController(
            target: try PatterningTarget(rows: Array(0..<10), goals: goals), schedule: schedule, baseline: baseline,
            rule: rule, scale: scale, ridge: ridge, epochs: controlledEpochs, releaseEpochs: releaseEpochs,
            reachedTolerance: arrivalTolerance ?? 0)
        controller.releasesOnArrival = arrivalTolerance != nil
        let run = try controller.run(on: &plant)
        let geometry = try FeatureGeometry(parameters: plant.parameters)
        let reached = try Arrangement(features: geometry.cyclicOrder)
        let regular = geometry.isRegularPolygon()
        let reachedCosines: [Double] = reached.targetCosines()
        let milestones = try RewriteMilestones(
            trajectory: [start] + plant.trajectory, goals: goals, estimationEpochs: run.estimationEpochs)
        return RewriteOutcome(
            seed: seed, success: regular && reachedCosines == goals, reached: reached, isRegularPentagon: regular,
            finalParameters: plant.parameters, finalCosines: geometry.cosines, targetCosines: goals, run: run,
            milestones: milestones)
    }
}

/// When a rewriting run got there (essay, "The Patterning Controller": epochs
/// and patterning steps to the correct permutation and to a perfect pentagon).
///
/// - `permutationEpoch`: the first epoch at which the features' ring has the
///   target's gap pattern (the ten cosines of its `Arrangement`), regular or not;
/// - `settledEpoch`: the first epoch from which on, to the end of the run, the
///   state is a regular pentagon (`FeatureGeometry.isRegularPolygon`) with
///   that gap pattern;
/// - the step counts are the patterning steps taken before those epochs
///   (estimates at epochs `< permutationEpoch`, resp. `< settledEpoch`).
public struct RewriteMilestones: Equatable, Sendable {
    public var permutationEpoch: Int?
    public var settledEpoch: Int?
    public var stepsToPermutation: Int?
    public var stepsToSettle: Int?

    /// - Parameters:
    ///   - trajectory: the parameters after `0, 1, 2, …` epochs.
    ///   - goals: the target's ten cosines.
    ///   - estimationEpochs: the epochs at which χ was estimated (a step taken).
    public init(trajectory: [[Double]], goals: [Double], estimationEpochs: [Int]) throws {
        var hasPattern: [Bool] = []
        var settled: [Bool] = []
        for w in trajectory {
            let geometry = try FeatureGeometry(parameters: w)
            let cosines: [Double] = try Arrangement(features: geometry.cyclicOrder).targetCosines()
            hasPattern.append(cosines == goals)
            settled.append(cosines == goals && geometry.isRegularPolygon())
        }
        permutationEpoch = hasPattern.firstIndex(of: true)
        if let last = settled.lastIndex(of: false) {
            settledEpoch = last + 1 < settled.count ? last + 1 : nil
        } else {
            settledEpoch = settled.isEmpty ? nil : 0
        }
        stepsToPermutation = permutationEpoch.map { e in estimationEpochs.filter { $0 < e }.count }
        stepsToSettle = settledEpoch.map { e in estimationEpochs.filter { $0 < e }.count }
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
    /// Epochs and patterning steps to the permutation and to the settled pentagon.
    public var milestones: RewriteMilestones
}
