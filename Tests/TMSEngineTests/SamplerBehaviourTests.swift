import TMSEngine
import Testing

/// Determinism across thread counts, frozen coordinates, divergence reporting and parameter validation.
@Suite struct SamplerBehaviourTests {
    static func tmsSampler(method: SamplerSettings.Method, maxConcurrency: Int?, mask: ParameterMask? = nil) throws -> LangevinSampler<TMSModel> {
        let model = try TMSModel(sparsity: 0.8)
        let settings = SamplerSettings(
            method: method, stepSize: 1e-3, nBeta: 320, localization: 10, chains: 5, burnIn: 20, draws: 200,
            thinning: 2, seed: 99, maxConcurrency: maxConcurrency)
        return try LangevinSampler(potential: model, center: NamedConfiguration.pentagon.parameters, mask: mask, settings: settings)
    }

    /// The same seed gives bit-identical draws on one thread and on all (and on 2 workers for 5 chains).
    @Test(arguments: SamplerSettings.Method.allCases)
    func bitIdenticalAcrossThreadCounts(method: SamplerSettings.Method) throws {
        let recording = RecordingOptions(observables: .structuralAndPositions(), perSampleLosses: true, states: true)
        let serial = try Self.tmsSampler(method: method, maxConcurrency: 1).run(recording: recording)
        for threads in [nil, 2] as [Int?] {
            let parallel = try Self.tmsSampler(method: method, maxConcurrency: threads).run(recording: recording)
            #expect(serial.states == parallel.states)
            #expect(serial.observableValues == parallel.observableValues)
            #expect(serial.perSampleLosses == parallel.perSampleLosses)
            #expect(serial.losses == parallel.losses)
            #expect(serial.acceptanceRates == parallel.acceptanceRates)
        }
        // Distinct chains draw distinct streams.
        #expect(serial.state(chain: 0, draw: 199) != serial.state(chain: 1, draw: 199))
    }

    /// The frozen-square configuration: only W₄ moves; the square stays exactly at w*.
    @Test(arguments: SamplerSettings.Method.allCases)
    func maskFreezesExactly(method: SamplerSettings.Method) throws {
        let model = try TMSModel(weights: TMSModel.oneHotWeights())
        var center = NamedConfiguration.squareDead.parameters
        center[8] = 0.01
        let settings = SamplerSettings(method: method, stepSize: 1e-3, nBeta: 32 * 50, localization: 0, chains: 2, burnIn: 10, draws: 300, seed: 4)
        let sampler = try LangevinSampler(potential: model, center: center, mask: try .features([4]), settings: settings)
        #expect(sampler.mask.freeCoordinates == [8, 9])
        let run = try sampler.run(start: Array(repeating: 0.3, count: 10), recording: RecordingOptions(states: true))
        for c in 0..<2 {
            for n in 0..<run.drawCount {
                let state = Array(run.state(chain: c, draw: n))
                #expect(Array(state[0..<8]) == Array(center[0..<8]))
            }
        }
        #expect(run.state(chain: 0, draw: 0)[8] != run.state(chain: 0, draw: 299)[8])
    }

    /// Per-chain starts: with no burn-in, draw 0 of chain `c` is `starts[c]` with frozen coordinates set to w*.
    @Test func perChainStarts() throws {
        let potential = try QuadraticPotential(centers: [[0, 0, 0]], matrices: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]])
        let settings = SamplerSettings(stepSize: 0.1, nBeta: 1, chains: 3, burnIn: 0, draws: 10, seed: 2)
        let sampler = try LangevinSampler(potential: potential, center: [0, 9, 0], mask: try ParameterMask(dimension: 3, free: [0, 2]), settings: settings)
        let starts: [[Double]] = [[1, 1, 1], [2, 2, 2], [-3, 3, -3]]
        let run = try sampler.run(starts: starts, recording: RecordingOptions(states: true))
        for c in 0..<3 { #expect(run.state(chain: c, draw: 0) == [starts[c][0], 9, starts[c][2]]) }
        #expect(throws: SamplerError.self) { try sampler.run(starts: [[0, 0, 0]]) }
    }

    /// An unstable SGLD recursion (ε λ/2 = 5 ⇒ |1 − ελ/2| = 4) leaves the box: the error names the chain,
    /// the step and the last state, which match a direct replay of the recursion
    /// `w ← w − (ε/2) nβ (w − a) + √ε ξ` on the same random stream.
    @Test func divergenceIsReportedWithChainAndStep() throws {
        let potential = try QuadraticPotential(centers: [[0.5]], matrices: [[[1]]])
        let settings = SamplerSettings(stepSize: 10, nBeta: 1, chains: 3, burnIn: 0, draws: 100, seed: 8, divergenceBound: 1e3)
        let sampler = try LangevinSampler(potential: potential, center: [0.5], settings: settings)
        var stream = RandomStream(seed: 8, streamIndex: 0)
        var w = 1.0
        var step = 0
        var last = w
        while abs(w) <= 1e3 {
            last = w
            w = w - 5 * (w - 0.5) + 10.0.squareRoot() * stream.nextGaussian()
            step += 1
        }
        do {
            _ = try sampler.run(start: [1])
            Issue.record("expected divergence")
        } catch let SamplerError.diverged(chain, failedStep, coordinate, value, bound, lastFiniteState) {
            #expect(chain == 0)
            #expect(failedStep == step)
            #expect(coordinate == 0)
            #expect(abs(value) > bound)
            #expect(abs(lastFiniteState[0] - last) <= 1e-9 * abs(last))
            let message = SamplerError.diverged(chain: chain, step: failedStep, coordinate: coordinate, value: value, bound: bound, lastFiniteState: lastFiniteState).description
            #expect(message.contains("chain 0") && message.contains("step \(step)"))
        }
    }

    /// With the largest finite bound, the state overflows to a non-finite value, which is reported.
    @Test func nonFiniteStateIsReported() throws {
        let potential = try NormalCrossingPotential(exponents: [2])
        let settings = SamplerSettings(stepSize: 1, nBeta: 1, chains: 1, burnIn: 0, draws: 50, seed: 1, divergenceBound: .greatestFiniteMagnitude)
        #expect {
            _ = try LangevinSampler(potential: potential, center: [0], settings: settings).run(start: [10])
        } throws: { error in
            guard case let SamplerError.diverged(_, _, _, value, _, lastFiniteState) = error else { return false }
            return !value.isFinite && lastFiniteState.allSatisfy(\.isFinite)
        }
    }

    @Test(arguments: [0.0, -1e-3, .nan, .infinity])
    func badStepSize(_ epsilon: Double) throws {
        let potential = try QuadraticPotential(centers: [[0]], matrices: [[[1]]])
        #expect {
            _ = try LangevinSampler(potential: potential, center: [0], settings: SamplerSettings(stepSize: epsilon, nBeta: 1))
        } throws: { error in
            guard case let SamplerError.invalidStepSize(value) = error else { return false }
            return (value.isNaN && epsilon.isNaN || value == epsilon) && "\(error)".contains("\(epsilon)")
        }
    }

    @Test(arguments: [0.0, -5, .nan, .infinity])
    func badNBeta(_ nBeta: Double) throws {
        let potential = try QuadraticPotential(centers: [[0]], matrices: [[[1]]])
        #expect {
            _ = try LangevinSampler(potential: potential, center: [0], settings: SamplerSettings(stepSize: 0.1, nBeta: nBeta))
        } throws: { error in
            guard case SamplerError.invalidNBeta = error else { return false }
            return "\(error)".contains("\(nBeta)")
        }
    }

    @Test(arguments: [-0.1, .nan, .infinity])
    func badLocalization(_ gamma: Double) throws {
        let potential = try QuadraticPotential(centers: [[0]], matrices: [[[1]]])
        #expect {
            _ = try LangevinSampler(potential: potential, center: [0], settings: SamplerSettings(stepSize: 0.1, nBeta: 1, localization: gamma))
        } throws: { error in
            guard case SamplerError.invalidLocalization = error else { return false }
            return "\(error)".contains("\(gamma)")
        }
    }

    @Test func badShapesAndCounts() throws {
        let model = try TMSModel(sparsity: 0.9)
        let settings = SamplerSettings(stepSize: 1e-3, nBeta: 100)
        #expect(throws: SamplerError.self) { try LangevinSampler(potential: model, center: [0, 0], settings: settings) }
        var nanCenter = NamedConfiguration.pentagon.parameters
        nanCenter[3] = .nan
        #expect(throws: SamplerError.self) { try LangevinSampler(potential: model, center: nanCenter, settings: settings) }
        #expect(throws: SamplerError.invalidMask("coordinate 10 is outside 0..<10")) { try ParameterMask(dimension: 10, free: [10]) }
        #expect(throws: SamplerError.self) { try ParameterMask.features([5]) }
        var zeroChains = settings
        zeroChains.chains = 0
        #expect(throws: SamplerError.invalidCount(name: "chains", value: 0)) {
            try LangevinSampler(potential: model, center: NamedConfiguration.pentagon.parameters, settings: zeroChains)
        }
        let sampler = try LangevinSampler(potential: model, center: NamedConfiguration.pentagon.parameters, settings: settings)
        #expect(throws: SamplerError.self) { try sampler.run(recording: RecordingOptions(observables: ObservableSet([.norm(7)]))) }
    }

    /// A conformer whose weights are bad is rejected by the sampler too.
    @Test func samplerRejectsBadWeightsOfCustomPotential() {
        struct Bad: SamplingPotential {
            var dimension: Int { 1 }
            var sampleCount: Int { 1 }
            var weights: [Double] { [-1] }
            func perSampleLosses(at w: UnsafeBufferPointer<Double>, into losses: UnsafeMutableBufferPointer<Double>) { losses[0] = w[0] * w[0] }
            func lossAndGradient(at w: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
                gradient[0] = -2 * w[0]
                return -w[0] * w[0]
            }
            func loss(at w: UnsafeBufferPointer<Double>) -> Double { -w[0] * w[0] }
        }
        #expect {
            _ = try LangevinSampler(potential: Bad(), center: [0], settings: SamplerSettings(stepSize: 0.1, nBeta: 1))
        } throws: { error in "\(error)".contains("h[0] = -1.0") }
    }

    /// Estimators refuse runs that lack the recordings they need.
    @Test func estimatorsNeedRecordings() throws {
        let sampler = try Self.tmsSampler(method: .sgld, maxConcurrency: 1)
        let run = try sampler.run(recording: RecordingOptions(observables: .structural(), perSampleLosses: false))
        #expect(throws: SamplerError.self) { try run.susceptibility() }
        #expect(throws: SamplerError.self) { try run.displacementArrows(feature: 0) }
    }
}
