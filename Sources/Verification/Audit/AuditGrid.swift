import AnalyticOracle
import Foundation
import TMSEngine

/// The grid `tms audit` runs: every combination of β, step size and method,
/// each a sampler run of the frozen square (``FrozenSquare``) with the given
/// chains, burn-in and draws.
///
/// Step sizes are given either absolutely or as scales `c` with `ε = c / √β`,
/// which keeps the step a fixed fraction of the posterior's width `β^{−1/4}`
/// squared: the frozen square is scale invariant (`w → β^{1/4} w`), so SGLD's
/// relative bias and MALA's acceptance depend on `c` alone
/// ([Audit.md](../../../Derivations/Audit.md) §2). The default,
/// ``StepSizes/recommended``, uses `c = 0.1` for MALA (acceptance ≈ 0.94, fast
/// mixing) and `c = 0.01` for SGLD (LLC bias ≈ +0.005, below the standard error
/// ≈ 0.01 of the default run; at `c = 0.02` it is +0.012 and |z| approaches 5).
public struct AuditGrid: Sendable, Equatable {
    public enum StepSizes: Sendable, Equatable {
        /// `ε` as given, the same at every β.
        case absolute([Double])
        /// `ε = c / √β` for each `c`.
        case scaled([Double])
        /// `ε = c/√β` with ``recommendedScale(for:)``: 0.1 for MALA, 0.01 for SGLD.
        case recommended

        /// The scale `c` of ``recommended``.
        public static func recommendedScale(for method: SamplerSettings.Method) -> Double {
            method == .mala ? 0.1 : 0.01
        }

        /// The step sizes of `method` at β.
        public func values(method: SamplerSettings.Method, beta: Double) -> [Double] {
            switch self {
            case let .absolute(v): v
            case let .scaled(v): v.map { $0 / beta.squareRoot() }
            case .recommended: [StepSizes.recommendedScale(for: method) / beta.squareRoot()]
            }
        }
    }

    public var betas: [Double]
    /// The training data of the frozen square (one-hot by default; any data with some
    /// weight on an input containing feature 4).
    public var data: DataSpecification
    public var methods: [SamplerSettings.Method]
    public var stepSizes: StepSizes
    public var chains: Int
    public var burnIn: Int
    public var draws: Int
    /// Names the runs: a case's sampler seed is a hash of `(seed, β, method, ε)` (``caseSeed(beta:method:stepSize:)``),
    /// so every β gets its own independent run. (With `ε = c/√β` the frozen square is scale
    /// invariant, and equal seeds at different β would replay the same scaled trajectory.)
    public var seed: UInt64
    /// Threads per run (`nil` = all cores); results do not depend on it.
    public var maxConcurrency: Int?

    public init(
        betas: [Double] = [7, 30, 120], data: DataSpecification = .oneHot, methods: [SamplerSettings.Method] = [.mala, .sgld],
        stepSizes: StepSizes = .recommended,
        chains: Int = 4, burnIn: Int = 2_000, draws: Int = 20_000, seed: UInt64 = 1, maxConcurrency: Int? = nil
    ) {
        self.betas = betas
        self.data = data
        self.methods = methods
        self.stepSizes = stepSizes
        self.chains = chains
        self.burnIn = burnIn
        self.draws = draws
        self.seed = seed
        self.maxConcurrency = maxConcurrency
    }

    /// Throws the first invalid setting.
    public func validate() throws(AuditError) {
        guard !betas.isEmpty else { throw .invalidSetting(name: "betas", value: "[]", reason: "give at least one β") }
        for beta in betas where !(beta.isFinite && beta > 0) {
            throw .invalidSetting(name: "beta", value: "\(beta)", reason: "β must be finite and positive")
        }
        guard data.confinesFeature4 else {
            throw .invalidSetting(name: "data", value: data.label, reason: "no input type containing feature 4 has positive weight, so the frozen square's posterior of W_4 is improper")
        }
        guard !methods.isEmpty else { throw .invalidSetting(name: "methods", value: "[]", reason: "give at least one method") }
        let (name, values) = switch stepSizes {
        case let .absolute(v): ("step size ε", v)
        case let .scaled(v): ("step scale c", v)
        case .recommended: ("step scale c", [0.1])
        }
        guard !values.isEmpty else { throw .invalidSetting(name: name, value: "[]", reason: "give at least one") }
        for value in values where !(value.isFinite && value > 0) {
            throw .invalidSetting(name: name, value: "\(value)", reason: "must be finite and positive")
        }
        guard chains >= 1 else { throw .invalidSetting(name: "chains", value: "\(chains)", reason: "need at least one chain") }
        guard burnIn >= 0 else { throw .invalidSetting(name: "burn-in", value: "\(burnIn)", reason: "must be non-negative") }
        guard draws >= 4 else { throw .invalidSetting(name: "draws", value: "\(draws)", reason: "need at least 4 draws per chain") }
        if let maxConcurrency, maxConcurrency < 1 {
            throw .invalidSetting(name: "max-concurrency", value: "\(maxConcurrency)", reason: "must be at least 1")
        }
    }

    /// One sampler run of the grid.
    public struct Case: Sendable, Equatable {
        public var beta: Double
        public var settings: SamplerSettings

        /// `mala β=50 ε=0.00283`.
        public var label: String {
            "\(settings.method.rawValue) β=\(beta.formatted(significantDigits: 6)) ε=\(settings.stepSize.formatted(significantDigits: 3))"
        }
    }

    /// The sampler seed of the case `(β, method, ε)`.
    public func caseSeed(beta: Double, method: SamplerSettings.Method, stepSize: Double) -> UInt64 {
        var h = SplitMix64.mix(seed)
        for word in [beta.bitPattern, stepSize.bitPattern, method == .mala ? 1 : 2] { h = SplitMix64.mix(h ^ word) }
        return h
    }

    /// The cases, β outermost, then method, then step size.
    public var cases: [Case] {
        var result: [Case] = []
        for beta in betas {
            for method in methods {
                for epsilon in stepSizes.values(method: method, beta: beta) {
                    let settings = SamplerSettings(
                        method: method, stepSize: epsilon, nBeta: 32 * beta, localization: 0, chains: chains,
                        burnIn: burnIn, draws: draws, seed: caseSeed(beta: beta, method: method, stepSize: epsilon),
                        maxConcurrency: maxConcurrency)
                    result.append(Case(beta: beta, settings: settings))
                }
            }
        }
        return result
    }
}

extension Double {
    /// `%.{digits}g`-style text: at most `digits` significant digits, no trailing zeros.
    func formatted(significantDigits digits: Int) -> String {
        guard isFinite, self != 0 else { return "\(self)" }
        let magnitude = Swift.max(0, digits - 1 - Int(Foundation.floor(Foundation.log10(Swift.abs(self)))))
        if magnitude > 12 { return "\(self)" }
        let text = String(format: "%.\(magnitude)f", self)
        guard text.contains(".") else { return text }
        var trimmed = text
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed
    }
}
