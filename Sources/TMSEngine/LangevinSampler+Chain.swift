#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One run's chains; `runChain(c)` is the inner loop.
struct ChainJob<Potential: SamplingPotential>: @unchecked Sendable {
    let sampler: LangevinSampler<Potential>
    let initials: [[Double]]
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
        initials[c].withUnsafeBufferPointer { source in
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
            /// Writes draw `draw`: the loss, the observables, the state, and the per-sample losses
            /// unless the caller already wrote them.
            func store(_ state: UnsafeMutablePointer<Double>, loss: Double, draw: Int, perSampleWritten: Bool) {
                let wBuffer = UnsafeBufferPointer(start: state, count: dimension)
                storage.losses[draw] = loss
                if recordPerSample && !perSampleWritten {
                    potential.perSampleLosses(at: wBuffer, into: perSampleSlot(draw))
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
            @inline(__always) func perSampleSlot(_ draw: Int) -> UnsafeMutableBufferPointer<Double> {
                UnsafeMutableBufferPointer(start: storage.perSample.baseAddress! + draw * sampleCount, count: sampleCount)
            }
            /// SGLD: loss and gradient at `state`, fused with the per-sample losses at recorded draws.
            @inline(__always) func evaluate(_ state: UnsafeMutablePointer<Double>, _ grad: UnsafeMutablePointer<Double>, draw: Int?) {
                let wBuffer = UnsafeBufferPointer(start: state, count: dimension)
                let gBuffer = UnsafeMutableBufferPointer(start: grad, count: dimension)
                guard let draw else {
                    _ = potential.lossAndGradient(at: wBuffer, gradient: gBuffer)
                    return
                }
                let loss = recordPerSample
                    ? potential.lossGradientAndPerSampleLosses(at: wBuffer, gradient: gBuffer, losses: perSampleSlot(draw))
                    : potential.lossAndGradient(at: wBuffer, gradient: gBuffer)
                store(state, loss: loss, draw: draw, perSampleWritten: true)
            }
            @inline(__always) func fail(step: Int, coordinate: Int, value: Double) {
                storage.errors[c] = .diverged(
                    chain: c, step: step, coordinate: coordinate, value: value, bound: bound,
                    lastFiniteState: Array(UnsafeBufferPointer(start: w, count: dimension)))
            }

            if !isMALA {
                for step in 0..<steps {
                    evaluate(w, gradient, draw: drawIndex(step))
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
                if let draw = drawIndex(step) { store(w, loss: current.loss, draw: draw, perSampleWritten: false) }
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
