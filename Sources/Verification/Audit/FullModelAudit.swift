import AnalyticOracle
import Foundation
import TMSEngine

/// `tms audit --config pentagon --data …`: the engine's sampler on the full
/// 10-parameter model, started at the oracle's minimum, over a β ladder; each
/// case compared with ``FullModelOracle`` (λ̂, `E[L]`, `E[φ]`, χ in both
/// conventions), and across the ladder a fit of the finite-β correction
/// (``LadderFit``) against the oracle's λ, χ⁰ and their `1/β` coefficients
/// ([Audit.md §6](../../../Derivations/Audit.md)).
public enum FullModelAudit {
    /// The ladder and the sampler settings.
    public struct Settings: Sendable, Equatable {
        public var betas: [Double]
        public var methods: [SamplerSettings.Method]
        /// `c` of the step rule `ε = c/(βλ_max + γ)` per method (``defaultStepScale(for:)`` when `nil`).
        public var stepScale: Double?
        /// γ, centred at the minimum. Default 0: the oracle's `1/β` terms are derived for the
        /// free orbit, and the chains stay in the minimum's basin at β ≥ 100 (``leftBasin(_:center:)``).
        public var localization: Double
        public var chains: Int
        public var burnIn: Int
        public var draws: Int
        public var seed: UInt64
        public var batchSize: Int?
        public var maxConcurrency: Int?

        public init(
            betas: [Double] = FullModelAudit.defaultBetas, methods: [SamplerSettings.Method] = [.mala], stepScale: Double? = nil,
            localization: Double = 0, chains: Int = 4, burnIn: Int = 2_000, draws: Int = 20_000, seed: UInt64 = 1,
            batchSize: Int? = nil, maxConcurrency: Int? = nil
        ) {
            self.betas = betas
            self.methods = methods
            self.stepScale = stepScale
            self.localization = localization
            self.chains = chains
            self.burnIn = burnIn
            self.draws = draws
            self.seed = seed
            self.batchSize = batchSize
            self.maxConcurrency = maxConcurrency
        }
    }

    /// 10², 10³, 10⁴, 10⁵: from where the `1/β` term is a few percent to where it is invisible.
    public static let defaultBetas: [Double] = [1e2, 1e3, 1e4, 1e5]

    /// `c` of `ε = c/(βλ_max + γ)`: 1.2 for MALA (acceptance ≈ 0.7 on the pentagons),
    /// 0.05 for SGLD (its step bias in λ̂ is then ≈ 0.66c ≈ +0.03).
    public static func defaultStepScale(for method: SamplerSettings.Method) -> Double { method == .mala ? 1.2 : 0.05 }

    /// The step size at β: `c/(βλ_max + γ)`, `λ_max` the largest eigenvalue of the Hessian of `E` at the minimum.
    public static func stepSize(scale c: Double, beta: Double, localization gamma: Double, oracle: FullModelOracle) -> Double {
        c / (beta * oracle.minimum.spectrum.eigenvalues.last!.doubleValue + gamma)
    }

    /// One sampler run of the ladder.
    public struct Case: Sendable, Equatable {
        public var beta: Double
        public var settings: SamplerSettings
        public var label: String {
            "\(settings.method.rawValue) β=\(beta.formatted(significantDigits: 6)) ε=\(settings.stepSize.formatted(significantDigits: 3))"
                + (settings.localization > 0 ? " γ=\(settings.localization.formatted(significantDigits: 6))" : "")
        }
    }

    /// The cases, β outermost, then method; a case's seed hashes `(seed, β, method, ε)`.
    public static func cases(_ s: Settings, oracle: FullModelOracle) -> [Case] {
        var result: [Case] = []
        for beta in s.betas {
            for method in s.methods {
                let epsilon = stepSize(scale: s.stepScale ?? defaultStepScale(for: method), beta: beta, localization: s.localization, oracle: oracle)
                var h = SplitMix64.mix(s.seed)
                for word in [beta.bitPattern, epsilon.bitPattern, method == .mala ? 1 : 2] { h = SplitMix64.mix(h ^ word) }
                let settings = SamplerSettings(
                    method: method, stepSize: epsilon, nBeta: 32 * beta, localization: s.localization, chains: s.chains,
                    burnIn: s.burnIn, draws: s.draws, seed: h, maxConcurrency: s.maxConcurrency)
                result.append(Case(beta: beta, settings: settings))
            }
        }
        return result
    }

    /// The sampler of one case: the full model with the data's weights, every coordinate free, from the minimum.
    public static func sampler(_ item: Case, oracle: FullModelOracle) throws -> LangevinSampler<TMSModel> {
        let model = try TMSModel(importances: oracle.importances, weights: oracle.data.doubleWeights)
        let mask = try ParameterMask.features(oracle.configuration.liveFeatures.sorted())
        return try LangevinSampler(potential: model, center: oracle.minimum.doubleCoordinates, mask: mask, settings: item.settings)
    }

    /// Runs every case and compares it with `oracle`; adds the ladder fit when the ladder has at least two β.
    public static func run(_ s: Settings, oracle: FullModelOracle, progress: (Int, Int) -> Void = { _, _ in }) throws -> AuditReport {
        let all = cases(s, oracle: oracle)
        progress(0, all.count)
        var results: [AuditReport.CaseResult] = []
        var skipped: [String] = []
        for (index, item) in all.enumerated() {
            let run = try sampler(item, oracle: oracle).run(recording: RecordingOptions(observables: .structural(), perSampleLosses: true))
            let (result, skips) = try compare(run, case: item, oracle: oracle, batchSize: s.batchSize ?? Audit.defaultBatchSize(draws: s.draws))
            results.append(result)
            skipped += skips
            progress(index + 1, all.count)
        }
        if s.localization == 0 {
            for method in s.methods {
                let runs = zip(all, results).filter { $0.0.settings.method == method }
                if Set(runs.map(\.0.beta)).count >= 2 {
                    results.append(LadderFit.fitCase(runs.map { ($0.0.beta, $0.1) }, method: method.rawValue, oracle: oracle))
                }
            }
        }
        return AuditReport(cases: results, skipped: skipped, notes: oracle.notes(localization: s.localization)
            + ["sampler: \(s.methods.map(\.rawValue).joined(separator: ", ")) on all 10 coordinates from the minimum, ε = c/(βλ_max + γ), "
                + "λ_max = \(oracle.minimum.spectrum.eigenvalues.last!.doubleValue.formatted(significantDigits: 6)); γ = \(s.localization)"
                + (s.localization == 0 ? " (the rotation orbit is free; only rotation-invariant quantities are compared)" : "")])
    }

    /// The entries of one run: `llc`, `E[loss]`, `E[φ_k]`, `chi[k,x]`, `chi_mp[k,x]`, each against the oracle
    /// with its bound; columns outside the oracle's reach are returned as skipped lines.
    public static func compare(_ run: SampleRun, case item: Case, oracle: FullModelOracle, batchSize: Int) throws -> (AuditReport.CaseResult, [String]) {
        let beta = item.beta, gamma = item.settings.localization
        let evaluation = oracle.evaluation(beta: beta, localization: gamma)
        var records: [AuditInput.Record] = []
        func add(_ quantity: AuditInput.Record.Quantity, _ observable: AuditObservable?, _ input: InputType?, _ convention: Susceptibility.Convention, _ e: Estimate) {
            records.append(AuditInput.Record(
                quantity: quantity, configuration: .fullModel(oracle.configuration), data: oracle.data, beta: beta, observable: observable,
                input: input, convention: convention, estimate: e.value, standardError: e.standardError, localization: gamma))
        }
        add(.llc, nil, nil, .jacobian, try run.localLearningCoefficient(batchSize: batchSize))
        add(.expectation, .loss, nil, .jacobian, try run.lossEstimate(batchSize: batchSize))
        let means = try run.observableEstimates(batchSize: batchSize)
        for (k, o) in FullModelOracle.observables.enumerated() { add(.expectation, .structural(o), nil, .jacobian, means[k]) }
        for convention in Susceptibility.Convention.allCases {
            let chi = try run.susceptibility(convention: convention, batchSize: batchSize)
            for (k, o) in FullModelOracle.observables.enumerated() {
                for x in InputType.all {
                    add(.chi, .structural(o), x, convention,
                        Estimate(value: chi[row: k, column: x.index], standardError: chi.standardError(row: k, column: x.index), rHat: nil, effectiveSampleSize: nil))
                }
            }
        }
        var entries: [AuditEntry] = []
        var reasons: [String: Int] = [:], order: [String] = []
        for record in records {
            switch FullModelReferences.lookup(record, oracle: oracle, evaluation: evaluation) {
            case .reference(let r):
                entries.append(AuditEntry(caseLabel: item.label, quantity: record.quantityName, estimate: record.estimate,
                                          standardError: record.standardError, oracle: r.value, referenceBound: r.bound))
            case .outsideReach(let reason):
                if reasons[reason] == nil { order.append(reason) }
                reasons[reason, default: 0] += 1
            }
        }
        let acceptance = run.acceptanceRates.isEmpty ? nil : run.acceptanceRates.reduce(0, +) / Double(run.acceptanceRates.count)
        var warnings = run.warnings.map(\.description)
        warnings += leftBasin(run, center: oracle.expansion.observableValues).map {
            "chain \($0.chain) left the minimum's basin: \($0.observable) moved by \($0.distance.formatted(significantDigits: 3)) (a relabelled or other minimum); its estimates are not of this minimum"
        }
        let result = AuditReport.CaseResult(
            label: item.label, method: item.settings.method.rawValue, beta: beta, stepSize: item.settings.stepSize,
            chains: item.settings.chains, draws: item.settings.draws, seed: item.settings.seed, acceptanceRate: acceptance,
            entries: entries, warnings: warnings)
        return (result, order.map { "\(item.label): \(reasons[$0]!) entries: \($0)" })
    }

    /// Chains whose structural observables (cosines and norms, rows in ``FullModelOracle/observables`` order)
    /// moved farther than 0.5 from the minimum's values at some draw: such a chain has crossed into
    /// another minimum (a relabelling of the pentagon changes some cosines by ≥ 1.1).
    public static func leftBasin(_ run: SampleRun, center: [Double]) -> [(chain: Int, observable: String, distance: Double)] {
        var result: [(Int, String, Double)] = []
        for c in 0..<run.chainCount {
            var worst = (0, 0.0)
            for n in 0..<run.drawCount {
                for k in 0..<min(center.count, run.observableCount) {
                    let d = abs(run.observable(k, chain: c, draw: n) - center[k])
                    if d > worst.1 { worst = (k, d) }
                }
            }
            if worst.1 > 0.5 { result.append((c, run.observableNames[worst.0], worst.1)) }
        }
        return result
    }
}
