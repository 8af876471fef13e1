/// What a sampler run records at each draw.
public struct RecordingOptions: Sendable {
    /// Observables evaluated at every draw (rows of every estimate).
    public var observables: ObservableSet
    /// Record `ℓ_x(w)` for every sample at every draw (needed for χ).
    public var perSampleLosses: Bool
    /// Record the full state `w` at every draw.
    public var states: Bool
    /// The most bytes a run may allocate for its records (default
    /// ``MemoryEstimate/defaultLimit``); a larger run is refused up front with
    /// ``SamplerError/tooLarge(_:)``.
    public var memoryLimit: Int

    public init(observables: ObservableSet = .none, perSampleLosses: Bool = true, states: Bool = false, memoryLimit: Int = MemoryEstimate.defaultLimit) {
        self.observables = observables
        self.perSampleLosses = perSampleLosses
        self.states = states
        self.memoryLimit = memoryLimit
    }

    /// Doubles recorded per draw: the observables, the loss, and the per-sample losses and state if recorded.
    public func doublesPerDraw(dimension: Int, sampleCount: Int) -> Int {
        observables.count + 1 + (perSampleLosses ? sampleCount : 0) + (states ? dimension : 0)
    }
}

/// The draws of a sampler run: per chain and draw, the loss `L(w; h)`, the
/// observables, and optionally per-sample losses and states. Draw `n` of a
/// chain is the state after `burnIn + n · thinning` steps. All arrays are
/// chain-major: entry `(c, n, k)` is at `(c · draws + n) · width + k`.
/// Estimators are in `SampleRun+Estimators.swift` and `SampleRun+Susceptibility.swift`.
public struct SampleRun: Sendable {
    public let settings: SamplerSettings
    /// The free coordinates of the run.
    public let mask: ParameterMask
    public let dimension: Int
    /// `N`, the number of samples of the potential.
    public let sampleCount: Int
    /// The weights `h` of the potential.
    public let weights: [Double]
    /// The centre `w*`.
    public let center: [Double]
    /// `L(w*; h)`.
    public let centerLoss: Double
    /// The memory ceiling of the run's recording, also applied to the χ estimator's workspace.
    public let memoryLimit: Int
    public let observableNames: [String]
    /// `[chain][draw][observable]`.
    public let observableValues: [Double]
    /// `L(w; h)` at each draw, `[chain][draw]`.
    public let losses: [Double]
    /// `ℓ_x(w)`, `[chain][draw][x]`; empty unless recorded.
    public let perSampleLosses: [Double]
    /// `w`, `[chain][draw][i]`; empty unless recorded.
    public let states: [Double]
    /// MALA only: the fraction of accepted proposals per chain (burn-in included); empty for SGLD.
    public let acceptanceRates: [Double]

    public var chainCount: Int { settings.chains }
    public var drawCount: Int { settings.draws }
    public var observableCount: Int { observableNames.count }
    /// `β = nβ / N`, the inverse temperature of the total loss.
    public var beta: Double { settings.nBeta / Double(sampleCount) }

    /// Observable `k` at draw `n` of chain `c`.
    public func observable(_ k: Int, chain c: Int, draw n: Int) -> Double {
        observableValues[(c * drawCount + n) * observableCount + k]
    }

    /// `ℓ_x` at draw `n` of chain `c`.
    public func perSampleLoss(_ x: Int, chain c: Int, draw n: Int) -> Double {
        perSampleLosses[(c * drawCount + n) * sampleCount + x]
    }

    /// The state at draw `n` of chain `c` (requires ``RecordingOptions/states``).
    public func state(chain c: Int, draw n: Int) -> [Double] {
        let start = (c * drawCount + n) * dimension
        return Array(states[start..<(start + dimension)])
    }
}
