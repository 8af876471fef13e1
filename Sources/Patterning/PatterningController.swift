/// The patterning loop (essay, "The Patterning Loop" and "The Patterning
/// Controller"), a self-tuning regulator on the data weights:
///
/// 1. measure the plant: μ and χ at the current parameters;
/// 2. tracking error `δμ = μ_goal − μ` on the target rows;
/// 3. solve the patterning step `dh = χᵀ(χχᵀ + αI)⁻¹ δμ` (`PatterningStep`);
/// 4. update the weights `h ← rule(h, s·dh)` (`WeightRule`, `StepScale`);
/// 5. train on `L(w; h)` until the schedule asks for a new estimate
///    (`RecomputeSchedule`); repeat until `epochs` are used;
/// 6. optionally release: train `releaseEpochs` more on the baseline weights.
///
/// Certainty equivalence: each step acts as if the current χ were exact.
/// If `|δμ|_∞ ≤ reachedTolerance` at an estimate, the weights are left as
/// they are. The run is as deterministic as the plant.
public struct PatterningController: Sendable {
    public var target: PatterningTarget
    public var schedule: RecomputeSchedule
    /// Baseline weights `h₀` (the run starts from them; release returns to them).
    public var baseline: [Double]
    public var rule: WeightRule
    public var scale: StepScale
    public var ridge: Double
    /// Epochs of the controlled phase.
    public var epochs: Int
    /// Epochs trained on `baseline` after the controlled phase.
    public var releaseEpochs: Int
    /// Skip the update when every tracking error is within this bound.
    public var reachedTolerance: Double
    /// When the target is reached (`|δμ|_∞ ≤ reachedTolerance`), return the
    /// weights to `baseline` instead of keeping them: for a target that is a
    /// minimum of the baseline loss (a rewritten pentagon) the baseline
    /// landscape finishes the job, while the accumulated weights would keep
    /// pushing and jitter around it. A later estimate steers again if the
    /// state drifts off. With the adaptive schedule the controller also
    /// monitors the plant's point observables (`pointObservables`) every
    /// epoch and estimates as soon as they are within `reachedTolerance` of
    /// the goal (an arrival event, once per step), so it does not train past
    /// the target until the next plateau; once released at the target it
    /// estimates again only when they leave that band (a departure event).
    public var releasesOnArrival = false

    public init(
        target: PatterningTarget, schedule: RecomputeSchedule, baseline: [Double],
        rule: WeightRule = .additive(), scale: StepScale, ridge: Double = PatterningStep.defaultRidge,
        epochs: Int, releaseEpochs: Int = 0, reachedTolerance: Double = 0
    ) {
        self.target = target
        self.schedule = schedule
        self.baseline = baseline
        self.rule = rule
        self.scale = scale
        self.ridge = ridge
        self.epochs = epochs
        self.releaseEpochs = releaseEpochs
        self.reachedTolerance = reachedTolerance
    }

    /// Runs the loop on `plant`.
    ///
    /// - Throws: `PatterningError.dimensionMismatch` if the baseline does not
    ///   have one weight per input type of the plant, `.invalidParameter` for
    ///   negative epochs or a bad schedule, and any error of the plant or the step.
    public func run<Plant: PatterningPlant>(on plant: inout Plant) throws -> PatterningRun {
        try validate(inputCount: plant.inputCount)
        var weights = baseline
        var run = PatterningRun(records: [], lossHistory: [], controlledEpochs: epochs, releaseEpochs: releaseEpochs)
        var epoch = 0
        try step(at: epoch, weights: &weights, plant: &plant, run: &run)
        switch schedule {
        case .single:
            run.lossHistory += try plant.train(weights: weights, epochs: epochs)
        case .periodic(let every):
            while epoch < epochs {
                let chunk = min(every, epochs - epoch)
                run.lossHistory += try plant.train(weights: weights, epochs: chunk)
                epoch += chunk
                if epoch < epochs { try step(at: epoch, weights: &weights, plant: &plant, run: &run) }
            }
        case .adaptive(let test):
            var sinceEstimate: [Double] = []
            var watchesArrival = releasesOnArrival && weights != baseline
            var released = false
            while epoch < epochs {
                let loss = try plant.train(weights: weights, epochs: 1)
                run.lossHistory += loss
                sinceEstimate += loss
                epoch += 1
                guard epoch < epochs else { break }
                let point = try (watchesArrival || released) ? plant.pointObservables() : nil
                let arrived = try watchesArrival && hasArrived(point)
                // Released at the target, only a departure from the band is an event
                // (at most one per `minimumInterval`: the posterior may still confirm arrival).
                let fires = released && point != nil
                    ? try sinceEstimate.count >= test.minimumInterval && !hasArrived(point)
                    : arrived || test.fires(lossesSinceEstimate: sinceEstimate)
                if fires {
                    try step(at: epoch, weights: &weights, plant: &plant, run: &run)
                    sinceEstimate = []
                    released = releasesOnArrival && weights == baseline && run.records.last!.scale == 0
                    watchesArrival = releasesOnArrival && weights != baseline && !arrived
                }
            }
        }
        if releaseEpochs > 0 { run.lossHistory += try plant.train(weights: baseline, epochs: releaseEpochs) }
        return run
    }

    /// Whether point observables are within `reachedTolerance` on the target rows.
    private func hasArrived(_ observables: [Double]?) throws -> Bool {
        guard let observables else { return false }
        return try target.trackingError(observables).allSatisfy { abs($0) <= reachedTolerance }
    }

    /// One patterning step: measure, solve, update `weights`, record.
    private func step<Plant: PatterningPlant>(
        at epoch: Int, weights: inout [Double], plant: inout Plant, run: inout PatterningRun
    ) throws {
        let measurement = try plant.measure(weights: weights)
        let error = try target.trackingError(measurement.observables)
        let chi = try measurement.susceptibility.selecting(rows: target.rows)
        guard chi.columns == weights.count else {
            throw PatterningError.dimensionMismatch(name: "χ columns", expected: weights.count, actual: chi.columns)
        }
        let gains = try ModeStructure(susceptibility: chi).principalGains
        var record = PatterningRecord(
            epoch: epoch, observables: measurement.observables, trackingError: error,
            reweighting: Array(repeating: 0, count: weights.count), scale: 0, weights: weights,
            predictedChange: Array(repeating: 0, count: error.count), principalGains: gains)
        if error.map(abs).max()! <= reachedTolerance {
            if releasesOnArrival {
                record.weights = baseline
                weights = baseline
            }
        } else {
            let patterning = try PatterningStep(susceptibility: chi, targetChange: error, ridge: ridge)
            let s = try scale.scale(for: patterning.reweighting, interval: run.records.last.map { epoch - $0.epoch })
            let updated = try rule.weights(baseline: weights, direction: patterning.reweighting, scale: s)
            record.reweighting = patterning.reweighting
            record.scale = s
            record.predictedChange = try patterning.predictedChange(baseline: weights, weights: updated)
            record.weights = updated
            weights = updated
        }
        run.records.append(record)
    }

    private func validate(inputCount: Int) throws {
        guard baseline.count == inputCount else {
            throw PatterningError.dimensionMismatch(name: "baseline weights", expected: inputCount, actual: baseline.count)
        }
        guard epochs >= 0, releaseEpochs >= 0 else {
            throw PatterningError.invalidParameter(name: "epochs", value: Double(min(epochs, releaseEpochs)), allowed: "≥ 0")
        }
        guard ridge >= 0, ridge.isFinite else { throw PatterningError.negativeRidge(ridge) }
        guard reachedTolerance >= 0 else {
            throw PatterningError.invalidParameter(name: "reached tolerance", value: reachedTolerance, allowed: "≥ 0")
        }
        switch schedule {
        case .single: break
        case .periodic(let every):
            guard every >= 1 else { throw PatterningError.invalidParameter(name: "periodic interval", value: Double(every), allowed: "≥ 1") }
        case .adaptive(let test): try test.validate()
        }
    }
}
