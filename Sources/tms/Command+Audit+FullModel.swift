import AnalyticOracle
import ArgumentParser
import Foundation
import TMSEngine
import Verification

/// `tms audit --config pentagon --data …`: the full model's β ladder
/// (`FullModelAudit`, Derivations/Audit.md §6).
extension AuditCommand {
    /// β of the full-model ladder: from 20, where the finite-β expansion starts to be controlled
    /// (`FullModelOracle.smallestBeta`), to 10¹², the Double engine's range.
    static let fullModelBetas = FullModelOracle.smallestBeta...1e12

    /// `--config` parsed (`nil` when not given: the frozen square).
    func auditConfiguration() throws -> AuditConfiguration? {
        guard let config else { return nil }
        guard let configuration = AuditConfiguration(name: config) else {
            throw ValidationError("--config: '\(config)' is not a configuration of the oracle (\(AuditConfiguration.knownNames))")
        }
        return configuration
    }

    /// The ladder's settings from the options.
    func fullModelSettings() throws -> FullModelAudit.Settings {
        guard stepSizes == nil else {
            throw ValidationError("--step-sizes is not offered with --config \(config ?? ""): the step must scale with β (give --step-scales c, ε = c/(βλ_max + γ))")
        }
        var scale: Double? = nil
        if let stepScales {
            let values = try parseNumbers(stepScales, option: "--step-scales", .scale)
            guard values.count == 1 else { throw ValidationError("--step-scales takes one value c with --config \(config ?? ""), got \(values.count)") }
            scale = values[0]
        }
        return FullModelAudit.Settings(
            betas: try betas.map { try parseNumbers($0, option: "--betas", .range(Self.fullModelBetas.lowerBound, Self.fullModelBetas.upperBound)) }
                ?? FullModelAudit.defaultBetas,
            methods: try methodList(default: "mala"), stepScale: scale, localization: localization ?? 0, chains: chains,
            burnIn: burnIn, draws: draws, seed: seed, batchSize: batchSize)
    }

    func validateFullModel(_ polygon: PolygonConfiguration) throws {
        try DataOption.validate(data ?? "one-hot")
        if let localization { try check("--localization", localization, .zeroOrScale) }
        let settings = try fullModelSettings()
        try check("--draws", draws, in: 4...Limits.draws.upperBound)
        if let batchSize { try check("--batch-size", batchSize, in: 1...draws) }
        // The step size needs the minimum's spectrum; the other sampler settings are checked with a stand-in ε.
        let probe = SamplerSettings(
            method: settings.methods[0], stepSize: 1e-3, nBeta: 32 * settings.betas[0], localization: settings.localization,
            chains: chains, burnIn: burnIn, draws: draws, seed: seed)
        try checkSampler(probe, recording: RecordingOptions(observables: .structural(), perSampleLosses: true),
                         batchSize: batchSize ?? Audit.defaultBatchSize(draws: draws), names: SamplerOptionNames(stepSize: "--step-scales"))
    }

    func runFullModel(_ polygon: PolygonConfiguration) throws -> AuditReport {
        let specification = try DataOption.specification(data ?? "one-hot")
        let settings = try fullModelSettings()
        let oracle: FullModelOracle
        do {
            oracle = try FullModelOracle.compute(configuration: polygon, data: specification)
        } catch let error as FullModelOracle.NoMinimum {
            // Known before any sampling: there is no λ or χ to audit against.
            let hint = specification.isOneHot && polygon.k == 4 ? " (the frozen square, --config frozen-square, has λ = 1/2)" : ""
            throw ToolError.usage("--config \(config ?? polygon.name) --data \(specification.label): \(error.reason)\(hint)")
        }
        let bar = ProgressBar(enabled: !quiet)
        let report: AuditReport
        do {
            report = try FullModelAudit.run(settings, oracle: oracle) { done, total in bar.update(done, total) }
        } catch let error as SamplerError {
            bar.finish()
            guard case .diverged = error else { throw error }
            throw ToolError.usage("\(error): lower --step-scales")
        }
        bar.finish()
        for item in report.cases { for w in item.warnings { warn("\(item.label): \(w)") } }
        return report
    }
}
