import TMSEngine

/// Susceptibilities, loss and LLC along a training run: at each checkpoint,
/// an SGLD estimate around the current weights.
///
/// JSON: `{"label", "beta", "observables": [names], "inputs": [32 names],
/// "checkpoints": [{"epoch", "loss", "llc", "llc_standard_error", "weights": [10],
/// "chi": [[χ_{k,x}] per observable]}]}`; χ in the convention
/// `χ_{k,x} = −β Cov(φ_k, ℓ_x)` ([Conventions §6](../../../Derivations/Conventions.md)).
public struct SusceptibilityTrace: Sendable, Equatable, Codable {
    public struct Checkpoint: Sendable, Equatable, Codable {
        public var epoch: Int
        /// `L(w; h)` at the checkpoint's weights.
        public var loss: Double
        /// `λ̂ = nβ (E[L] − L(w*))`.
        public var llc: Double
        public var llcStandardError: Double
        public var weights: FeatureVectors
        /// `chi[k][x]`.
        public var chi: [[Double]]

        enum CodingKeys: String, CodingKey {
            case epoch, loss, llc, weights, chi
            case llcStandardError = "llc_standard_error"
        }

        public init(epoch: Int, loss: Double, llc: Double, llcStandardError: Double, weights: FeatureVectors, chi: [[Double]]) {
            self.epoch = epoch
            self.loss = loss
            self.llc = llc
            self.llcStandardError = llcStandardError
            self.weights = weights
            self.chi = chi
        }
    }

    public var label: String
    public var beta: Double
    public var observables: [String]
    public var inputs: [String]
    public var checkpoints: [Checkpoint]

    /// - Throws: ``FigureError`` unless there is a checkpoint, every χ is
    ///   `observables × inputs`, and every number is finite.
    public init(label: String, beta: Double, observables: [String], inputs: [String], checkpoints: [Checkpoint]) throws(FigureError) {
        guard !checkpoints.isEmpty else { throw .empty("susceptibility trace has no checkpoints") }
        guard beta > 0, beta.isFinite else { throw .outOfRange(what: "beta", value: beta, allowed: "(0, ∞)") }
        try Check.atMost(checkpoints, Figure.maximumSeriesLength, "checkpoints")
        try Check.atMost(observables, Figure.maximumMatrixSide, "observables")
        try Check.atMost(inputs, Figure.maximumMatrixSide, "inputs")
        for c in checkpoints {
            try Check.finite([c.loss, c.llc, c.llcStandardError], "loss/LLC at epoch \(c.epoch)")
            try Check.count(c.chi, observables.count, "χ rows at epoch \(c.epoch)")
            for row in c.chi {
                try Check.count(row, inputs.count, "χ columns at epoch \(c.epoch)")
                try Check.finite(row, "χ at epoch \(c.epoch)")
            }
        }
        self.label = label
        self.beta = beta
        self.observables = observables
        self.inputs = inputs
        self.checkpoints = checkpoints
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            label: try c.decode(String.self, forKey: .label), beta: try c.decode(Double.self, forKey: .beta),
            observables: try c.decode([String].self, forKey: .observables), inputs: try c.decode([String].self, forKey: .inputs),
            checkpoints: try c.decode([Checkpoint].self, forKey: .checkpoints))
    }

    /// Trains `TMSModel` with weights `h` from `initial`, and at
    /// every `every`-th recorded epoch samples the local posterior around the
    /// current weights (`LangevinSampler`, `sampler` settings,
    /// structural observables) to estimate χ and the LLC.
    public static func measure(
        label: String, weights h: [Double], initial: [Double], training: TrainingSettings, sampler: SamplerSettings, every: Int = 1
    ) throws -> SusceptibilityTrace {
        let model = try TMSModel(weights: h)
        let trajectory = try model.train(settings: training, initial: initial)
        var checkpoints: [Checkpoint] = []
        var rows: [String] = []
        for n in Swift.stride(from: 0, to: trajectory.epochs.count, by: Swift.max(every, 1)) {
            let w = trajectory.states[n]
            let run = try LangevinSampler(potential: model, center: w, settings: sampler)
                .run(recording: RecordingOptions(observables: .structural(), perSampleLosses: true))
            let chi = try run.susceptibility()
            let llc = try run.localLearningCoefficient()
            rows = Array(chi.rows)
            checkpoints.append(Checkpoint(
                epoch: trajectory.epochs[n], loss: trajectory.losses[n], llc: llc.value, llcStandardError: llc.standardError,
                weights: try FeatureVectors(parameters: w),
                chi: (0..<chi.rows.count).map { k in (0..<chi.columns).map { chi[row: k, column: $0] } }))
        }
        return try SusceptibilityTrace(
            label: label, beta: sampler.nBeta / 32, observables: rows, inputs: (0..<32).map { TMSModel.typeName($0) }, checkpoints: checkpoints)
    }
}
