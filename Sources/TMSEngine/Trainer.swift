#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Full-batch training of a ``TMSModel`` on its weighted loss `L(w; h)` from
/// a small random initialization, recording the trajectory and the sequence
/// of polygon stages ([EngineTraining.md](../../Derivations/EngineTraining.md)).
///
/// The defaults (gradient descent, η = 0.1, 20,000 epochs, init scale 0.001) with sparsity
/// S = 0.99 show the stagewise development 1-gon → 2-gon → 3-gon → 4-gon → 5-gon ending at a
/// regular pentagon (e.g. seed 0: transitions at epochs 1315, 1520, 1535, 1600, 1720).
public struct TrainingSettings: Sendable, Equatable, Codable {
    public enum Optimizer: String, Sendable, Equatable, Codable, CaseIterable {
        /// `w ← w − η ∇L`.
        case gradientDescent = "gd"
        /// Adam (Kingma & Ba 2015) with `β₁ = 0.9`, `β₂ = 0.999`, `ε̂ = 1e−8`, bias-corrected.
        case adam
    }

    public var optimizer: Optimizer
    /// η.
    public var learningRate: Double
    public var epochs: Int
    /// Record `W` and `L` every `recordEvery` epochs (epoch 0 and the last epoch are always recorded).
    public var recordEvery: Int
    /// Initial entries are `initScale · N(0, 1)` from ``RandomStream`` `(seed, 0)`.
    public var initScale: Double
    public var seed: UInt64
    /// The live-feature threshold of ``PolygonStage``.
    public var normThreshold: Double

    public init(
        optimizer: Optimizer = .gradientDescent, learningRate: Double = 0.1, epochs: Int = 20000, recordEvery: Int = 5,
        initScale: Double = 0.001, seed: UInt64 = 0, normThreshold: Double = 0.5
    ) {
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.epochs = epochs
        self.recordEvery = recordEvery
        self.initScale = initScale
        self.seed = seed
        self.normThreshold = normThreshold
    }

    /// The most states a trajectory records (``recordCount``): 1,000,000, about 130 MB.
    public static let maximumRecords = 1_000_000

    /// The states recorded: every `recordEvery` epochs from 0, plus the last epoch.
    /// (`Int.max` when that overflows; requires `recordEvery ≥ 1`.)
    public var recordCount: Int {
        let base = epochs / recordEvery
        return base > Int.max - 2 ? Int.max : base + 1 + (epochs % recordEvery == 0 ? 0 : 1)
    }

    public func validate() throws(TrainingError) {
        guard learningRate.isFinite, learningRate > 0 else { throw .invalidLearningRate(learningRate) }
        guard epochs >= 0 else { throw .invalidCount(name: "epochs", value: epochs) }
        guard recordEvery >= 1 else { throw .invalidCount(name: "recordEvery", value: recordEvery) }
        guard recordCount <= Self.maximumRecords else { throw .tooManyRecords(count: recordCount, limit: Self.maximumRecords) }
        guard initScale.isFinite, initScale >= 0 else { throw .invalidInitScale(initScale) }
        guard normThreshold.isFinite, normThreshold >= 0 else { throw .invalidNormThreshold(normThreshold) }
    }
}

/// Why training was rejected or stopped.
public enum TrainingError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidLearningRate(Double)
    case invalidCount(name: String, value: Int)
    case invalidInitScale(Double)
    case invalidNormThreshold(Double)
    case invalidInitialState(String)
    /// `epochs / recordEvery` would record more than ``TrainingSettings/maximumRecords`` states.
    case tooManyRecords(count: Int, limit: Int)
    /// The loss or a parameter became non-finite at `epoch`.
    case diverged(epoch: Int, lastFiniteState: [Double])

    public var description: String {
        switch self {
        case let .invalidLearningRate(value): "learning rate \(value) is invalid: it must be finite and positive"
        case let .invalidCount(name, value): "\(name) = \(value) is out of range"
        case let .invalidInitScale(value): "init scale \(value) is invalid: it must be finite and non-negative"
        case let .invalidNormThreshold(value): "norm threshold \(value) is invalid: it must be finite and non-negative"
        case let .invalidInitialState(message): "invalid initial state: \(message)"
        case let .tooManyRecords(count, limit): "the trajectory would record \(count) states, more than \(limit) (record less often)"
        case let .diverged(epoch, state): "training diverged at epoch \(epoch); last finite state \(state)"
        }
    }
}

/// A stage of a training run and the first recorded epoch at which it was seen.
public struct StageTransition: Sendable, Equatable, Codable {
    public var epoch: Int
    public var stage: PolygonStage
}

/// The recorded trajectory of a training run.
public struct TrainingTrajectory: Sendable, Equatable, Codable {
    /// The recorded epochs (0 = the initialization; epoch `e` = after `e` updates).
    public var epochs: [Int]
    /// `W` at each recorded epoch.
    public var states: [[Double]]
    /// `L(w; h)` at each recorded epoch.
    public var losses: [Double]
    /// Each change of the live-feature count along the recorded epochs, starting with epoch 0.
    public var stages: [StageTransition]

    public var finalState: [Double] { states.last ?? [] }
    public var finalLoss: Double { losses.last ?? .nan }
    /// `["2-gon", "3-gon", …]`.
    public var stageNames: [String] { stages.map(\.stage.name) }
}

extension TMSModel {
    /// Trains from `initial` (default: a seeded random initialization of scale `initScale`).
    ///
    /// `progress(epoch)` is called at epoch 0 and then about a hundred times, evenly
    /// spaced (for a progress bar on long runs). A loss, gradient or state that
    /// is not finite stops the run with ``TrainingError/diverged(epoch:lastFiniteState:)``
    /// (the loss kernels return NaN rather than let a ReLU hide an overflow).
    public func train(
        settings: TrainingSettings, initial: [Double]? = nil, progress: ((Int) -> Void)? = nil
    ) throws(TrainingError) -> TrainingTrajectory {
        try settings.validate()
        var w: [Double]
        if let initial {
            guard initial.count == dimension, initial.allSatisfy(\.isFinite) else {
                throw .invalidInitialState("need \(dimension) finite entries, got \(initial)")
            }
            w = initial
        } else {
            var stream = RandomStream(seed: settings.seed, streamIndex: 0)
            w = (0..<dimension).map { _ in settings.initScale * stream.nextGaussian() }
        }
        var gradient = [Double](repeating: 0, count: dimension)
        var firstMoment = [Double](repeating: 0, count: dimension)
        var secondMoment = [Double](repeating: 0, count: dimension)
        let (beta1, beta2, adamEpsilon) = (0.9, 0.999, 1e-8)
        var trajectory = TrainingTrajectory(epochs: [], states: [], losses: [], stages: [])

        func record(_ epoch: Int, _ loss: Double) {
            trajectory.epochs.append(epoch)
            trajectory.states.append(w)
            trajectory.losses.append(loss)
            let stage = PolygonStage(w, normThreshold: settings.normThreshold)
            if trajectory.stages.last?.stage.vertexCount != stage.vertexCount {
                trajectory.stages.append(StageTransition(epoch: epoch, stage: stage))
            }
        }

        let rate = settings.learningRate
        let progressInterval = max(1, settings.epochs / 100)
        for epoch in 0...settings.epochs {
            if let progress, epoch % progressInterval == 0 { progress(epoch) }
            let loss = w.withUnsafeBufferPointer { wb in
                gradient.withUnsafeMutableBufferPointer { gb in lossAndGradient(at: wb, gradient: gb) }
            }
            guard loss.isFinite, gradient.allSatisfy(\.isFinite), w.allSatisfy(\.isFinite) else {
                throw .diverged(epoch: epoch, lastFiniteState: trajectory.states.last ?? w)
            }
            if epoch % settings.recordEvery == 0 || epoch == settings.epochs { record(epoch, loss) }
            if epoch == settings.epochs { break }
            switch settings.optimizer {
            case .gradientDescent:
                for i in 0..<dimension { w[i] -= rate * gradient[i] }
            case .adam:
                let t = Double(epoch + 1)
                let correction1 = 1 - pow(beta1, t)
                let correction2 = 1 - pow(beta2, t)
                for i in 0..<dimension {
                    firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradient[i]
                    secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradient[i] * gradient[i]
                    let mHat = firstMoment[i] / correction1
                    let vHat = secondMoment[i] / correction2
                    w[i] -= rate * mHat / (vHat.squareRoot() + adamEpsilon)
                }
            }
        }
        return trajectory
    }
}
