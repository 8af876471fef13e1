/// The record of a patterning run: what the controller saw and did.
public struct PatterningRun: Equatable, Sendable {
    /// One record per estimate of χ, in epoch order.
    public var records: [PatterningRecord]
    /// The weighted loss `L(w; h)` after every epoch (controlled phase, then release).
    public var lossHistory: [Double]
    /// Epochs of the controlled phase.
    public var controlledEpochs: Int
    /// Epochs trained on the baseline weights after the controlled phase.
    public var releaseEpochs: Int

    /// The epochs at which χ was (re-)estimated.
    public var estimationEpochs: [Int] { records.map(\.epoch) }
    /// Total epochs trained.
    public var epochs: Int { controlledEpochs + releaseEpochs }
}

/// One patterning step of a run.
public struct PatterningRecord: Equatable, Sendable {
    /// The epoch at which the plant was measured (0 = before any training).
    public var epoch: Int
    /// μ, all observables.
    public var observables: [Double]
    /// `δμ = μ_goal − μ` on the target rows.
    public var trackingError: [Double]
    /// The direction `dh` of the step (zero if the target was already reached).
    public var reweighting: [Double]
    /// The perturbation scale `s` used.
    public var scale: Double
    /// The training weights after the step.
    public var weights: [Double]
    /// `χ (h_new − h_old)` on the target rows: the predicted change.
    public var predictedChange: [Double]
    /// The principal gains of χ on the target rows (its mode structure).
    public var principalGains: [Double]
}
