/// A potential the Langevin samplers and the estimators accept: a finite data
/// set of `sampleCount` samples with per-sample losses `ℓ_x(w)`, per-sample
/// weights `h_x ≥ 0`, and the weighted mean loss
///
///     L(w; h) = (1/N) Σ_x h_x ℓ_x(w),   N = sampleCount,
///
/// with its gradient. The sampler targets `exp(−nβ L(w; h) − (γ/2)‖w − w*‖²)`,
/// so the inverse temperature multiplying the *total* loss `Σ_x h_x ℓ_x` is
/// `β = nβ / N` (for TMS, `N = 32`: see [Conventions.md](../../Derivations/Conventions.md) §4,
/// and [EnginePotentials.md](../../Derivations/EnginePotentials.md) for the general case).
///
/// Conformers are value types evaluated concurrently from several chains:
/// the methods must not mutate shared state and should not allocate (the
/// sampler calls ``lossAndGradient(at:gradient:)`` once per step). The sampler
/// is generic over the conformer, so calls are statically dispatched.
public protocol SamplingPotential: Sendable {
    /// The number of parameters, the length of `w`.
    var dimension: Int { get }
    /// The number of samples `N` (input types), the length of the per-sample loss vector.
    var sampleCount: Int { get }
    /// The per-sample weights `h_x` (length `sampleCount`, non-negative, not all zero).
    var weights: [Double] { get }

    /// Writes `ℓ_x(w)` for every sample `x` into `losses` (length `sampleCount`).
    func perSampleLosses(at w: UnsafeBufferPointer<Double>, into losses: UnsafeMutableBufferPointer<Double>)

    /// Returns `L(w; h)` and writes `∇_w L(w; h)` into `gradient` (length `dimension`).
    func lossAndGradient(at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double

    /// Returns `L(w; h)`.
    func loss(at w: UnsafeBufferPointer<Double>) -> Double

    /// Returns `L(w; h)`, writes `∇L` into `gradient` and `ℓ_x(w)` into `losses`
    /// in one pass (the sampler calls it at recorded draws). The default calls
    /// ``lossAndGradient(at:gradient:)`` and ``perSampleLosses(at:into:)``.
    func lossGradientAndPerSampleLosses(
        at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>,
        losses: UnsafeMutableBufferPointer<Double>
    ) -> Double
}

extension SamplingPotential {
    public func lossGradientAndPerSampleLosses(
        at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>,
        losses: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        perSampleLosses(at: w, into: losses)
        return lossAndGradient(at: w, gradient: gradient)
    }

    /// `β = nβ / N`, the inverse temperature of the total loss `Σ_x h_x ℓ_x` for devinterp's `nβ`.
    @inlinable
    public func inverseTemperature(nBeta: Double) -> Double { nBeta / Double(sampleCount) }

    /// `L(w; h)` for an array `w`.
    public func loss(_ w: [Double]) -> Double {
        precondition(w.count == dimension, "w has \(w.count) entries, expected \(dimension)")
        return w.withUnsafeBufferPointer { loss(at: $0) }
    }

    /// `(L(w; h), ∇L(w; h))` for an array `w`.
    public func lossAndGradient(_ w: [Double]) -> (loss: Double, gradient: [Double]) {
        precondition(w.count == dimension, "w has \(w.count) entries, expected \(dimension)")
        var value = 0.0
        let gradient = [Double](unsafeUninitializedCapacity: dimension) { buffer, count in
            value = w.withUnsafeBufferPointer { lossAndGradient(at: $0, gradient: buffer) }
            count = dimension
        }
        return (value, gradient)
    }

    /// The per-sample losses `ℓ_x(w)` for an array `w`.
    public func perSampleLosses(_ w: [Double]) -> [Double] {
        precondition(w.count == dimension, "w has \(w.count) entries, expected \(dimension)")
        return [Double](unsafeUninitializedCapacity: sampleCount) { buffer, count in
            w.withUnsafeBufferPointer { perSampleLosses(at: $0, into: buffer) }
            count = sampleCount
        }
    }
}
