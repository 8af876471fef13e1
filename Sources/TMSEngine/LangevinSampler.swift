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
    @_specialize(exported: true, where Potential == TMSModel)
    @_specialize(exported: true, where Potential == QuadraticPotential)
    @_specialize(exported: true, where Potential == NormalCrossingPotential)
    public func run(start: [Double]? = nil, recording: RecordingOptions = RecordingOptions()) throws(SamplerError) -> SampleRun {
        let dimension = potential.dimension
        var initial = start ?? center
        try checkVector(initial, name: "start", dimension: dimension)
        for i in 0..<dimension where !mask.isFree(i) { initial[i] = center[i] }
        try recording.observables.validate(dimension: dimension)
        let bound = settings.divergenceBound
        if let index = initial.firstIndex(where: { !($0.magnitude <= bound) }) {
            throw .invalidVector(name: "start", message: "w[\(index)] = \(initial[index]) is outside the divergence bound \(bound)")
        }

        let chains = settings.chains
        let draws = settings.draws
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
                        let job = ChainJob(sampler: self, initial: initial, recording: recording, storage: storage)
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
            settings: settings, dimension: dimension, sampleCount: potential.sampleCount,
            weights: potential.weights, center: center, centerLoss: potential.loss(center),
            observableNames: recording.observables.names,
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

/// One run's chains; `runChain(c)` is the inner loop.
struct ChainJob<Potential: SamplingPotential>: @unchecked Sendable {
    let sampler: LangevinSampler<Potential>
    let initial: [Double]
    let recording: RecordingOptions
    let storage: RunStorage

    func runChain(_ c: Int) {
        let potential = sampler.potential
        let settings = sampler.settings
        let dimension = potential.dimension
        let sampleCount = potential.sampleCount
        let observableCount = recording.observables.count
        let recordObservables = observableCount > 0
        let recordPerSample = recording.perSampleLosses
        let recordStates = recording.states
        var stream = RandomStream(seed: settings.seed, streamIndex: c)

        let work = UnsafeMutablePointer<Double>.allocate(capacity: 4 * dimension)
        defer { work.deallocate() }
        var w = work
        var next = work + dimension
        var gradient = work + 2 * dimension
        var gradientNext = work + 3 * dimension
        initial.withUnsafeBufferPointer { source in
            for i in 0..<dimension {
                w[i] = source[i]
                next[i] = source[i]
                gradient[i] = 0
                gradientNext[i] = 0
            }
        }

        let epsilon = settings.stepSize
        let halfEpsilon = epsilon / 2
        let rootEpsilon = epsilon.squareRoot()
        let nBeta = settings.nBeta
        let gamma = settings.localization
        let bound = settings.divergenceBound
        let burnIn = settings.burnIn
        let thinning = settings.thinning
        let steps = settings.stepsPerChain
        let drawBase = c * settings.draws
        let isMALA = settings.method == .mala
        var accepted = 0

        sampler.center.withUnsafeBufferPointer { center in
        sampler.mask.freeCoordinates.withUnsafeBufferPointer { free in
            /// The draw index of `step`, or `nil` if the state before `step` is not recorded.
            @inline(__always) func drawIndex(_ step: Int) -> Int? {
                guard step >= burnIn, (step - burnIn) % thinning == 0 else { return nil }
                return drawBase + (step - burnIn) / thinning
            }
            /// Loss and gradient at `state`, recording the draw if `draw` is given.
            @inline(__always) func evaluate(
                _ state: UnsafeMutablePointer<Double>, _ grad: UnsafeMutablePointer<Double>, draw: Int?
            ) -> Double {
                let wBuffer = UnsafeBufferPointer(start: state, count: dimension)
                let gBuffer = UnsafeMutableBufferPointer(start: grad, count: dimension)
                guard let draw else { return potential.lossAndGradient(at: wBuffer, gradient: gBuffer) }
                let loss: Double
                if recordPerSample {
                    loss = potential.lossGradientAndPerSampleLosses(
                        at: wBuffer, gradient: gBuffer,
                        losses: UnsafeMutableBufferPointer(start: storage.perSample.baseAddress! + draw * sampleCount, count: sampleCount))
                } else {
                    loss = potential.lossAndGradient(at: wBuffer, gradient: gBuffer)
                }
                storage.losses[draw] = loss
                if recordObservables {
                    recording.observables.evaluate(
                        wBuffer, loss: loss,
                        into: UnsafeMutableBufferPointer(start: storage.observables.baseAddress! + draw * observableCount, count: observableCount))
                }
                if recordStates {
                    for i in 0..<dimension { storage.states[draw * dimension + i] = state[i] }
                }
                return loss
            }
            /// MALA records the current state, whose loss and ∇U are already known.
            func recordMALA(_ state: UnsafeMutablePointer<Double>, loss: Double, draw: Int) {
                let wBuffer = UnsafeBufferPointer(start: state, count: dimension)
                storage.losses[draw] = loss
                if recordPerSample {
                    potential.perSampleLosses(
                        at: wBuffer,
                        into: UnsafeMutableBufferPointer(start: storage.perSample.baseAddress! + draw * sampleCount, count: sampleCount))
                }
                if recordObservables {
                    recording.observables.evaluate(
                        wBuffer, loss: loss,
                        into: UnsafeMutableBufferPointer(start: storage.observables.baseAddress! + draw * observableCount, count: observableCount))
                }
                if recordStates {
                    for i in 0..<dimension { storage.states[draw * dimension + i] = state[i] }
                }
            }
            @inline(__always) func fail(step: Int, coordinate: Int, value: Double) {
                storage.errors[c] = .diverged(
                    chain: c, step: step, coordinate: coordinate, value: value, bound: bound,
                    lastFiniteState: Array(UnsafeBufferPointer(start: w, count: dimension)))
            }

            if !isMALA {
                for step in 0..<steps {
                    _ = evaluate(w, gradient, draw: drawIndex(step))
                    for i in free {
                        let drift = nBeta * gradient[i] + gamma * (w[i] - center[i])
                        let value = w[i] - halfEpsilon * drift + rootEpsilon * stream.nextGaussian()
                        next[i] = value
                        if !(value.magnitude <= bound) { return fail(step: step + 1, coordinate: i, value: value) }
                    }
                    swap(&w, &next)
                }
                return
            }

            // MALA: `gradient` holds ∇U on free coordinates at the current state.
            @inline(__always) func potentialGradient(_ state: UnsafeMutablePointer<Double>, _ grad: UnsafeMutablePointer<Double>) -> (loss: Double, energy: Double) {
                let loss = potential.lossAndGradient(
                    at: UnsafeBufferPointer(start: state, count: dimension),
                    gradient: UnsafeMutableBufferPointer(start: grad, count: dimension))
                var prior = 0.0
                for i in free {
                    let offset = state[i] - center[i]
                    prior += offset * offset
                    grad[i] = nBeta * grad[i] + gamma * offset
                }
                return (loss, nBeta * loss + gamma / 2 * prior)
            }
            var current = potentialGradient(w, gradient)
            for step in 0..<steps {
                if let draw = drawIndex(step) { recordMALA(w, loss: current.loss, draw: draw) }
                var forward = 0.0
                for i in free {
                    let noise = stream.nextGaussian()
                    let value = w[i] - halfEpsilon * gradient[i] + rootEpsilon * noise
                    next[i] = value
                    forward += noise * noise
                    if !(value.magnitude <= bound) { return fail(step: step + 1, coordinate: i, value: value) }
                }
                let proposal = potentialGradient(next, gradientNext)
                var backward = 0.0
                for i in free {
                    let r = w[i] - next[i] + halfEpsilon * gradientNext[i]
                    backward += r * r
                }
                // log q(w | w') − log q(w' | w) = −(backward − ε·forward)/(2ε).
                let logRatio = current.energy - proposal.energy - (backward - epsilon * forward) / (2 * epsilon)
                let u = stream.nextUniform()
                if log(u) < logRatio, proposal.energy.isFinite {
                    swap(&w, &next)
                    swap(&gradient, &gradientNext)
                    current = proposal
                    accepted += 1
                }
            }
        }
        }
        storage.accepted[c] = accepted
    }
}
