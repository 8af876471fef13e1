import TMSEngine

/// The TMS model under training as a `PatterningPlant`: full-batch gradient
/// descent on `L(w; h)` and SGLD/MALA (TMSEngine's `LangevinSampler`) around
/// the current parameters for μ and χ.
///
/// Observables are the 15 structural rows of
/// [Conventions.md §5](../../Derivations/Conventions.md) (10 cosines, 5 norms),
/// χ the Jacobian convention of §6 (or the mean-preserving one). Measurement
/// `k` samples with seed `SplitMix64.mix(seed &+ k)`, so a run is a pure
/// function of its settings (and bit-identical for any thread count).
public struct TMSPlant: PatterningPlant {
    /// The parameter vector `w` (length 10, layout of Conventions §1).
    public var parameters: [Double]
    /// Gradient-descent step size: `w ← w − η ∇L(w; h)` per epoch.
    public var learningRate: Double
    /// The largest parameter change `‖η ∇L‖` of one epoch; longer steps are
    /// shortened to this length (gradient clipping). Patterned weights can
    /// concentrate on a few many-feature inputs whose loss is stiff enough to
    /// make plain gradient descent at `η = 0.5` diverge; clipping keeps such
    /// runs finite and leaves ordinary steps (`‖η∇L‖ ≲ 10⁻²`) untouched.
    public var maximumStep: Double = 0.1
    /// How many epochs were clipped so far.
    public private(set) var clippedEpochs = 0
    /// Sampler settings; `seed` names the family of measurement seeds.
    public var sampler: SamplerSettings
    /// Coordinates free during sampling (`nil` = all).
    public var mask: ParameterMask?
    /// Coordinates gradient descent moves (`nil` = all); the others stay
    /// fixed. With `W_4 = 0` frozen, the 5×2 model is exactly a 4-feature
    /// model on the marginal data (plus a constant loss `(x_4)²`).
    public var trainingMask: ParameterMask?
    public var convention: Susceptibility.Convention
    /// How many measurements have been taken.
    public private(set) var measurementCount = 0
    /// Whether `train` appends the parameters after every epoch to `trajectory`.
    public var recordsTrajectory = false
    /// The parameters after each epoch trained so far (only while
    /// `recordsTrajectory`): `trajectory[k]` follows the `(k+1)`-th recorded epoch.
    public private(set) var trajectory: [[Double]] = []

    public let observables = ObservableSet.structural()
    public var inputCount: Int { 32 }

    public init(
        parameters: [Double], learningRate: Double, sampler: SamplerSettings,
        mask: ParameterMask? = nil, convention: Susceptibility.Convention = .jacobian
    ) throws {
        guard parameters.count == 10 else {
            throw PatterningError.dimensionMismatch(name: "parameters w", expected: 10, actual: parameters.count)
        }
        try PatterningError.checkFinite(parameters, name: "parameters w")
        guard learningRate > 0, learningRate.isFinite else {
            throw PatterningError.invalidParameter(name: "learning rate", value: learningRate, allowed: "finite, > 0")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.sampler = sampler
        self.mask = mask
        self.convention = convention
    }

    public mutating func measure(weights: [Double]) throws -> PlantMeasurement {
        let model = try TMSModel(weights: weights)
        var settings = sampler
        settings.seed = SplitMix64.mix(sampler.seed &+ UInt64(measurementCount))
        measurementCount += 1
        let run = try LangevinSampler(potential: model, center: parameters, mask: mask, settings: settings)
            .run(recording: RecordingOptions(observables: observables, perSampleLosses: true))
        let mu = try run.observableEstimates().map(\.value)
        let chi = try run.susceptibility(convention: convention)
        return PlantMeasurement(
            observables: mu,
            susceptibility: try DenseMatrix(rows: chi.rows.count, columns: chi.columns, entries: chi.values, name: "χ"))
    }

    /// The 15 structural observables at the current parameters.
    public func pointObservables() throws -> [Double]? {
        var values = [Double](repeating: 0, count: observables.count)
        parameters.withUnsafeBufferPointer { w in
            values.withUnsafeMutableBufferPointer { observables.evaluate(w, loss: 0, into: $0) }
        }
        return values
    }

    public mutating func train(weights: [Double], epochs: Int) throws -> [Double] {
        guard epochs >= 0 else { throw PatterningError.invalidParameter(name: "epochs", value: Double(epochs), allowed: "≥ 0") }
        let model = try TMSModel(weights: weights)
        var gradient = [Double](repeating: 0, count: 10)
        let frozen = trainingMask.map { m in (0..<10).filter { !m.isFree($0) } } ?? []
        var losses: [Double] = []
        losses.reserveCapacity(epochs)
        for _ in 0..<epochs {
            let loss = parameters.withUnsafeBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { model.lossAndGradient(at: w, gradient: $0) }
            }
            for i in frozen { gradient[i] = 0 }
            let length = learningRate * gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let factor = length > maximumStep ? maximumStep / length : 1
            if factor < 1 { clippedEpochs += 1 }
            for i in 0..<10 { parameters[i] -= factor * learningRate * gradient[i] }
            losses.append(loss)
            if recordsTrajectory { trajectory.append(parameters) }
        }
        try PatterningError.checkFinite(parameters, name: "parameters w after training")
        return losses
    }
}
