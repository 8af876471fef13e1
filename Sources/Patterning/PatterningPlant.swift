/// The system a patterning controller steers (the *plant*): a model under
/// training together with the sampler that measures it.
///
/// The controller only ever sees it through these two operations, so the
/// loop is independent of how μ and χ are estimated (SGLD/MALA on the TMS
/// engine in `TMSPlant`, or an exactly linear plant in the tests).
/// Implementations must be deterministic given their seed.
public protocol PatterningPlant {
    /// The number of input types (the length of every weight vector).
    var inputCount: Int { get }

    /// Samples the local posterior at the current parameters under the
    /// training weights `h` and returns the observables' expectations μ and
    /// the susceptibility matrix χ (observables × input types, Jacobian
    /// convention of [Conventions.md §6](../../Derivations/Conventions.md)).
    mutating func measure(weights: [Double]) throws -> PlantMeasurement

    /// Trains `epochs` steps on `L(w; h)` and returns the weighted loss of
    /// each epoch (for gradient descent: at the parameters the step starts from).
    mutating func train(weights: [Double], epochs: Int) throws -> [Double]

    /// The observables at the current parameters themselves (no sampling), if
    /// the plant can evaluate them cheaply: the output an event-triggered
    /// controller monitors between estimates. `nil` (the default): not available.
    func pointObservables() throws -> [Double]?
}

extension PatterningPlant {
    public func pointObservables() throws -> [Double]? { nil }
}

/// One measurement of the plant: μ and χ over all observables.
public struct PlantMeasurement: Sendable {
    /// Posterior expectations `μ_k = E[φ_k]`.
    public var observables: [Double]
    /// `χ_{k,x}`, one row per observable, one column per input type.
    public var susceptibility: DenseMatrix

    public init(observables: [Double], susceptibility: DenseMatrix) {
        self.observables = observables
        self.susceptibility = susceptibility
    }
}
