import TMSEngine

/// The checks shared by ``BifurcationExperiment`` and ``RewriteExperiment``:
/// every setting is validated before a run starts, and the run's length is
/// bounded so that its per-epoch records (the loss history, and the trajectory
/// of a rewrite) stay in memory.
public enum PatterningExperimentLimits {
    /// The most epochs of one run (all phases together): 10,000,000, whose
    /// per-epoch records take at most about 1 GB.
    public static let maximumEpochs = 10_000_000

    static func check(
        learningRate: Double, epochs: [Int], scale: StepScale, arrivalTolerance: Double?, ridge: Double,
        schedule: RecomputeSchedule?, sampler: SamplerSettings
    ) throws {
        guard learningRate > 0, learningRate.isFinite else {
            throw PatterningError.invalidParameter(name: "learning rate", value: learningRate, allowed: "finite, > 0")
        }
        var total = 0
        for e in epochs {
            guard e >= 0 else { throw PatterningError.invalidParameter(name: "epochs", value: Double(e), allowed: "≥ 0") }
            let (sum, overflow) = total.addingReportingOverflow(e)
            total = overflow ? Int.max : sum
        }
        guard total <= maximumEpochs else {
            throw PatterningError.invalidParameter(name: "epochs in all", value: Double(total), allowed: "≤ \(maximumEpochs)")
        }
        _ = try scale.scale(for: [1], interval: 1)
        if let arrivalTolerance, !(arrivalTolerance >= 0 && arrivalTolerance.isFinite) {
            throw PatterningError.invalidParameter(name: "arrival tolerance", value: arrivalTolerance, allowed: "finite, ≥ 0")
        }
        guard ridge >= 0, ridge.isFinite else { throw PatterningError.negativeRidge(ridge) }
        switch schedule {
        case nil, .single?: break
        case .periodic(let every)?:
            guard every >= 1 else { throw PatterningError.invalidParameter(name: "periodic interval", value: Double(every), allowed: "≥ 1") }
        case .adaptive(let test)?: try test.validate()
        }
        try sampler.validate()
    }
}
