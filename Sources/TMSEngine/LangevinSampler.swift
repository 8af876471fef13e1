import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SGLD (unadjusted Langevin, devinterp's parametrization) and MALA on any
/// ``SamplingPotential``, with several chains on independent deterministic
/// random streams run in parallel.
///
/// Target density on the free coordinates ([Conventions.md](../../Derivations/Conventions.md) §3–4):
/// `∝ exp(−nβ L(w; h) − (γ/2)‖w − w*‖²)`, i.e. `β = nβ/N` on the total loss.
/// SGLD step: `w ← w − (ε/2)(nβ ∇L + γ(w − w*)) + √ε ξ`; MALA uses it as a
/// proposal and accepts with the Metropolis–Hastings ratio for
/// `U = nβ L + (γ/2)‖w − w*‖²`. Frozen coordinates stay at `w*`.
///
/// Determinism: chain `c` draws from ``RandomStream`` `(seed, c)`, consuming
/// one normal per free coordinate per step in increasing coordinate order (and,
/// for MALA, one uniform per step after them), so results are bit-identical
/// for any ``SamplerSettings/maxConcurrency``. The inner loop allocates nothing:
/// each chain allocates its four work vectors once.
/// See [EngineSampler.md](../../Derivations/EngineSampler.md).
public struct LangevinSampler<Potential: SamplingPotential>: Sendable {
    public let potential: Potential
    /// `w*`: the localization centre and the value of frozen coordinates.
    public let center: [Double]
    public let mask: ParameterMask
    public let settings: SamplerSettings

    /// Validates everything up front; `mask` defaults to all coordinates free.
    public init(potential: Potential, center: [Double], mask: ParameterMask? = nil, settings: SamplerSettings) throws(SamplerError) {
        try settings.validate()
        try checkVector(center, name: "center w*", dimension: potential.dimension)
        let mask = mask ?? .all(dimension: potential.dimension)
        guard mask.dimension == potential.dimension else {
            throw .invalidMask("mask is for dimension \(mask.dimension), the potential has dimension \(potential.dimension)")
        }
        for (x, h) in potential.weights.enumerated() where !(h.isFinite && h >= 0) {
            throw .invalidVector(name: "weights h", message: "h[\(x)] = \(h) must be finite and non-negative")
        }
        guard potential.weights.contains(where: { $0 > 0 }) else {
            throw .invalidVector(name: "weights h", message: "all weights are zero")
        }
        self.potential = potential
        self.center = center
        self.mask = mask
        self.settings = settings
    }

    /// Runs every chain from `start` (default `w*`; its frozen coordinates are replaced by `w*`'s).
    public func run(start: [Double]? = nil, recording: RecordingOptions = RecordingOptions()) throws(SamplerError) -> SampleRun {
        try run(starts: Array(repeating: start ?? center, count: settings.chains), recording: recording)
    }

    /// Runs chain `c` from `starts[c]` (one start per chain; frozen coordinates are replaced by `w*`'s).
    @_specialize(exported: true, where Potential == TMSModel)
    @_specialize(exported: true, where Potential == QuadraticPotential)
    @_specialize(exported: true, where Potential == NormalCrossingPotential)
    public func run(starts: [[Double]], recording: RecordingOptions = RecordingOptions()) throws(SamplerError) -> SampleRun {
        let dimension = potential.dimension
        guard starts.count == settings.chains else {
            throw .invalidVector(name: "starts", message: "\(starts.count) start points for \(settings.chains) chains")
        }
        let bound = settings.divergenceBound
        var initials: [[Double]] = []
        for (c, start) in starts.enumerated() {
            var initial = start
            try checkVector(initial, name: "start of chain \(c)", dimension: dimension)
            for i in 0..<dimension where !mask.isFree(i) { initial[i] = center[i] }
            if let index = initial.firstIndex(where: { !($0.magnitude <= bound) }) {
                throw .invalidVector(name: "start of chain \(c)", message: "w[\(index)] = \(initial[index]) is outside the divergence bound \(bound)")
            }
            initials.append(initial)
        }
        try recording.observables.validate(dimension: dimension)

        let chains = settings.chains
        let draws = settings.draws
        let bytes = MemoryEstimate.recordedBytes(
            chains: chains, draws: draws, recording: recording, dimension: dimension, sampleCount: potential.sampleCount)
        guard let bytes, bytes <= recording.memoryLimit else {
            throw .tooLarge(
                "\(chains) chains × \(draws) draws × \(recording.doublesPerDraw(dimension: dimension, sampleCount: potential.sampleCount)) "
                    + "recorded numbers need \(MemoryEstimate.describe(bytes)), above the limit of \(MemoryEstimate.describe(recording.memoryLimit))")
        }
        let errors = UnsafeMutableBufferPointer<SamplerError?>.allocate(capacity: chains)
        errors.initialize(repeating: nil)
        let accepted = UnsafeMutableBufferPointer<Int>.allocate(capacity: chains)
        accepted.initialize(repeating: 0)
        defer {
            _ = errors.deinitialize()
            errors.deallocate()
            accepted.deallocate()
        }
        // The chains write straight into the result arrays (no zeroing, no copy).
        var losses: [Double] = []
        var perSample: [Double] = []
        var states: [Double] = []
        let observables = [Double].uninitialized(count: chains * draws * recording.observables.count) { observableBuffer in
            losses = [Double].uninitialized(count: chains * draws) { lossBuffer in
                perSample = [Double].uninitialized(count: recording.perSampleLosses ? chains * draws * potential.sampleCount : 0) { perSampleBuffer in
                    states = [Double].uninitialized(count: recording.states ? chains * draws * dimension : 0) { stateBuffer in
                        let storage = RunStorage(
                            observables: observableBuffer, losses: lossBuffer, perSample: perSampleBuffer,
                            states: stateBuffer, errors: errors, accepted: accepted)
                        let job = ChainJob(sampler: self, initials: initials, recording: recording, storage: storage)
                        let workers = min(chains, settings.maxConcurrency ?? chains)
                        if workers == 1 {
                            for c in 0..<chains { job.runChain(c) }
                        } else {
                            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                for c in stride(from: worker, to: chains, by: workers) { job.runChain(c) }
                            }
                        }
                    }
                }
            }
        }
        for c in 0..<chains {
            if let error = errors[c] { throw error }
        }
        return SampleRun(
            settings: settings, mask: mask, dimension: dimension, sampleCount: potential.sampleCount,
            weights: potential.weights, center: center, centerLoss: potential.loss(center),
            memoryLimit: recording.memoryLimit, observableNames: recording.observables.names,
            observableValues: observables, losses: losses, perSampleLosses: perSample, states: states,
            acceptanceRates: settings.method == .mala
                ? (0..<chains).map { Double(accepted[$0]) / Double(settings.stepsPerChain) } : [])
    }
}

extension Array where Element == Double {
    /// An array of `count` doubles filled by `body` (a diverged chain leaves garbage, but the run then throws).
    static func uninitialized(count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
    }
}

func checkVector(_ vector: [Double], name: String, dimension: Int) throws(SamplerError) {
    guard vector.count == dimension else {
        throw .invalidVector(name: name, message: "has \(vector.count) entries, expected \(dimension)")
    }
    if let index = vector.firstIndex(where: { !$0.isFinite }) {
        throw .invalidVector(name: name, message: "entry \(index) = \(vector[index]) is not finite")
    }
}

/// Output buffers shared by the chains; chain `c` writes only its own slices.
struct RunStorage: @unchecked Sendable {
    let observables: UnsafeMutableBufferPointer<Double>
    let losses: UnsafeMutableBufferPointer<Double>
    let perSample: UnsafeMutableBufferPointer<Double>
    let states: UnsafeMutableBufferPointer<Double>
    let errors: UnsafeMutableBufferPointer<SamplerError?>
    let accepted: UnsafeMutableBufferPointer<Int>
}
