import Foundation
import TMSEngine

/// The grid `tms audit` runs: every combination of β, step size and method,
/// each a sampler run of the frozen square (``FrozenSquare``) with the given
/// chains, burn-in and draws.
///
/// Step sizes are given either absolutely (`stepSizes`) or as scales `c` with
/// `ε = c / √β` (`stepScales`), which keeps the step a fixed fraction of the
/// posterior's width `β^{−1/4}` squared: SGLD's relative bias then depends on
/// `c` alone (≈ 1.2 c for the LLC, [Audit.md](../../../Derivations/Audit.md)).
public struct AuditGrid: Sendable, Equatable {
    public enum StepSizes: Sendable, Equatable {
        /// `ε` as given, the same at every β.
        case absolute([Double])
        /// `ε = c / √β` for each `c`.
        case scaled([Double])
    }

    public var betas: [Double]
    public var methods: [SamplerSettings.Method]
    public var stepSizes: StepSizes
    public var chains: Int
    public var burnIn: Int
    public var draws: Int
    /// The seed of case `i` is `seed + i` (cases are numbered in ``cases`` order).
    public var seed: UInt64
    /// Threads per run (`nil` = all cores); results do not depend on it.
    public var maxConcurrency: Int?

    /// The default step-size scale `c = 0.02` (`ε = 0.02/√β`).
    public static let defaultStepScale = 0.02

    public init(
        betas: [Double] = [7, 30, 120], methods: [SamplerSettings.Method] = [.mala, .sgld],
        stepSizes: StepSizes = .scaled([AuditGrid.defaultStepScale]),
        chains: Int = 4, burnIn: Int = 2_000, draws: Int = 20_000, seed: UInt64 = 1, maxConcurrency: Int? = nil
    ) {
        self.betas = betas
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
        guard !methods.isEmpty else { throw .invalidSetting(name: "methods", value: "[]", reason: "give at least one method") }
        let (name, values) = switch stepSizes {
        case let .absolute(v): ("step size ε", v)
        case let .scaled(v): ("step scale c", v)
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

    /// The cases, β outermost, then step size, then method.
    public var cases: [Case] {
        var result: [Case] = []
        for beta in betas {
            let steps: [Double] = switch stepSizes {
            case let .absolute(v): v
            case let .scaled(v): v.map { $0 / beta.squareRoot() }
            }
            for epsilon in steps {
                for method in methods {
                    let settings = SamplerSettings(
                        method: method, stepSize: epsilon, nBeta: 32 * beta, localization: 0, chains: chains,
                        burnIn: burnIn, draws: draws, seed: seed &+ UInt64(result.count), maxConcurrency: maxConcurrency)
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
