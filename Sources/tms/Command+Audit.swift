import AnalyticOracle
import ArgumentParser
import Foundation
import TMSEngine
import Verification

/// `tms audit`: the engine's SGLD/MALA estimators on the frozen square against the
/// analytic oracle, or `--from-file` estimates produced elsewhere
/// ([Audit.md](../../Derivations/Audit.md)).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit χ, E[r^k], expectation and LLC estimates against the oracle (frozen square or full model).",
        discussion: """
            Runs SGLD and MALA on the frozen square (W0…W3 the unit square, only W4 sampled, \
            no localization; --data one-hot by default, or bernoulli:S, weights:FILE) over a grid of \
            β, ε, chains and draws, and reports per entry (χ of 17 rows × all 32 inputs in both \
            conventions, E[r^k], LLC) the estimate, the oracle value (closed forms, else the \
            frozen-square quadrature at 10 digits, one table per β), bias, standard error and \
            z-score, and per case the coverage of nominal 95% intervals. With --config pentagon (or square-dead, …) \
            and --data, runs MALA on the full 10-parameter model at the oracle's minimum over a β \
            ladder (default 1e2,1e3,1e4,1e5; ε = c/(βλ_max + γ)) and compares λ̂, E[L], E[φ] and χ \
            with the finite-β expansion and its stated bound, then fits q₀ + q₁/β across the ladder \
            (Derivations/Audit.md §6). A configuration without a minimum for the data (square-dead \
            under one-hot data, any k < 5 under Bernoulli data) is a usage error (exit 64). With \
            --from-file, audits records from a JSON or CSV file instead (χ, llc, expectation; layout: \
            Derivations/Audit.md §4); records outside the oracle's reach are listed as skipped.
            Exit status 1 (the gate, Derivations/Audit.md §4) when no entry could be checked, when any \
            |z| beyond the reference's bound exceeds --max-z, or with --min-coverage p when the \
            coverage is significantly below p (one-sided exact binomial test at level \
            --coverage-significance, default 0.01).
            Examples:
              tms audit --betas 13,77 --format json
              tms audit --config pentagon --data bernoulli:0.95
              tms audit --from-file my-chi.csv --format table --min-coverage 0.9
            """)

    @Option(help: "Posterior sampled: frozen-square (default), or the full model at a minimum: pentagon, square-dead, triangle, digon.")
    var config: String?

    @Option(help: "Training data (default one-hot): one-hot, bernoulli:S, bernoulli:S:I0,…,I4 or weights:FILE; the frozen square needs some weight on an input with feature 4.")
    var data: String?

    @Option(help: "Localization γ (0 or in [1e-100, 1e100]) of the full-model runs, centred at the minimum (default 0).")
    var localization: Double?

    @Option(help: "Comma-separated inverse temperatures β of the total loss (nβ = 32β): in [1e-6, 1e12] (default 7,30,120); full model in [20, 1e12] (default 1e2,1e3,1e4,1e5).")
    var betas: String?

    @Option(help: "Comma-separated methods: sgld, mala (default mala,sgld; full model mala).")
    var methods: String?

    @Option(help: "Comma-separated step-size scales c in [1e-100, 1e100]: ε = c/√β (default 0.1 for MALA, 0.01 for SGLD); full model one c, ε = c/(βλ_max + γ) (default 1.2 for MALA, 0.05 for SGLD).")
    var stepScales: String?

    @Option(help: "Comma-separated absolute step sizes ε in [1e-100, 1e100] (instead of --step-scales).")
    var stepSizes: String?

    @Option(help: "Chains per case (\(Limits.chains.text)).")
    var chains: Int = 4

    @Option(help: "Burn-in steps per chain (\(Limits.burnIn.text)).")
    var burnIn: Int = 2_000

    @Option(help: "Draws per chain (at least 4; chains × draws must fit in \(MemoryEstimate.describe(MemoryEstimate.defaultLimit))).")
    var draws: Int = 20_000

    @Option(help: "Seed; each case runs on a hash of (seed, β, method, ε).")
    var seed: UInt64 = 1

    @Option(help: "Batch size of the batch-jackknife standard errors, 1…draws (default ⌊draws/20⌋).")
    var batchSize: Int?

    @Option(help: "Audit records (χ, llc, expectation) from this JSON or CSV file instead of running the samplers.")
    var fromFile: String?

    @Option(help: "Output format: table, json or csv.")
    var format: AuditReport.Format = .table

    @Option(help: "Fail (exit 1) if any |z| exceeds this (finite, > 0).")
    var maxZ: Double = 5

    @Option(help: "Fail (exit 1) if the nominal 95% intervals cover significantly less than this fraction, 0 < p < 1.")
    var minCoverage: Double?

    @Option(help: "Level of the one-sided binomial test of --min-coverage, 0 < α < 1.")
    var coverageSignificance: Double = 0.01

    @Flag(help: "Frozen square under one-hot data: check only the 17 inputs with closed forms, without the quadrature of the other 15 (seconds instead of about a minute per β).")
    var closedFormsOnly = false

    @Flag(help: "No progress bar on stderr (skipped records are still listed).")
    var quiet = false

    /// β of the sampler runs: the posterior of W₄ (radius β^{−1/4}) stays inside the divergence bound 10³
    /// above 10⁻⁶, and its loss differences (order 1/β) are resolved against losses of order 1 in Double
    /// up to about β = 10¹⁴ (measured: every gate passes at 10⁶…10¹⁴, an exact-zero LLC fails at 10¹⁶).
    static let betas = 1e-6...1e12

    var gate: AuditGate { AuditGate(maxZ: maxZ, minimumCoverage: minCoverage, significance: coverageSignificance) }

    /// The sampler methods of `--methods` (default `defaults`).
    func methodList(default defaults: String) throws -> [SamplerSettings.Method] {
        try (methods ?? defaults).split(separator: ",", omittingEmptySubsequences: false).map { name -> SamplerSettings.Method in
            guard let method = SamplerSettings.Method(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("--methods: '\(name)' is neither sgld nor mala")
            }
            return method
        }
    }

    func grid() throws -> AuditGrid {
        let steps: AuditGrid.StepSizes
        switch (stepScales, stepSizes) {
        case (nil, nil): steps = .recommended
        case let (scales?, nil): steps = .scaled(try parseNumbers(scales, option: "--step-scales", .scale))
        case let (nil, sizes?): steps = .absolute(try parseNumbers(sizes, option: "--step-sizes", .scale))
        default: throw ValidationError("give either --step-scales or --step-sizes, not both")
        }
        return AuditGrid(
            betas: try parseNumbers(betas ?? "7,30,120", option: "--betas", .range(Self.betas.lowerBound, Self.betas.upperBound)),
            data: try frozenSquareData(), methods: try methodList(default: "mala,sgld"), stepSizes: steps, chains: chains,
            burnIn: burnIn, draws: draws, seed: seed)
    }

    func validate() throws {
        // A weights file read here keeps its exit code (65), not ArgumentParser's 1.
        try ToolError.validating {
            try check("--max-z", maxZ, .positive)
            if let minCoverage { try check("--min-coverage", minCoverage, .openUnitInterval) }
            try check("--coverage-significance", coverageSignificance, .openUnitInterval)
            guard fromFile == nil else {
                for (name, given) in [("--config", config != nil), ("--data", data != nil), ("--localization", localization != nil)] where given {
                    throw ValidationError("\(name) applies to sampler runs; with --from-file each record names its configuration, data and localization")
                }
                return
            }
            if let configuration = try auditConfiguration(), case .fullModel(let polygon) = configuration {
                try validateFullModel(polygon)
                return
            }
            try DataOption.validate(data ?? "one-hot")
            if closedFormsOnly, let data, data.trimmingCharacters(in: .whitespaces) != "one-hot" {
                throw ValidationError("--closed-forms-only applies to one-hot data (the frozen square has closed forms only there), got --data \(data)")
            }
            if let data, DataOption.weightsFile(data) == nil, let specification = try? DataSpecification(parsing: data) {
                try Self.checkFrozenSquareData(specification, option: data)
            }
            if let localization, localization != 0 {
                throw ValidationError("--localization must be 0 for the frozen square (its closed forms are for γ = 0), got \(localization)")
            }
            let grid = try grid()
            try check("--draws", draws, in: 4...Limits.draws.upperBound)
            if let batchSize { try check("--batch-size", batchSize, in: 1...draws) }
            for item in grid.cases.prefix(1) {
                try checkSampler(
                    item.settings, recording: RecordingOptions(observables: .oracle, perSampleLosses: true),
                    batchSize: batchSize ?? Audit.defaultBatchSize(draws: draws),
                    names: SamplerOptionNames(stepSize: stepScales == nil && stepSizes != nil ? "--step-sizes" : "--step-scales"))
            }
        }
    }

    func run() throws {
        let report: AuditReport
        if fromFile == nil, case .fullModel(let polygon)? = try auditConfiguration() {
            report = try runFullModel(polygon)
        } else if let fromFile {
            let text = try InputFiles.readText(fromFile, option: "--from-file")
            let references = AuditReferences(frozenSquare: FrozenSquareReferences(tables: oracleTables()), fullModel: FullModelReferences())
            report = try AuditInput(parsing: text, source: fromFile).report(references: references)
            // Listed whatever --quiet says: a skipped record is part of the result.
            for line in report.skipped { FileHandle.standardError.write(Data("skipped: \(line)\n".utf8)) }
        } else {
            let bar = ProgressBar(enabled: !quiet)
            do {
                report = try Audit.run(try grid(), batchSize: batchSize, tables: oracleTables()) { done, total in bar.update(done, total) }
            } catch let error as SamplerError {
                bar.finish()
                guard case .diverged = error else { throw error }
                throw ToolError.usage("\(error): lower --step-scales (or --step-sizes)")
            }
            bar.finish()
            for item in report.cases { for w in item.warnings { warn("\(item.label): \(w)") } }
        }
        print(report.formatted(format, gate: gate), terminator: "")
        let verdict = report.verdict(gate)
        if !verdict.passed { throw ToolError.checkFailed("audit failed: " + verdict.failures.joined(separator: "; ")) }
    }
}

extension AuditReport.Format: ExpressibleByArgument {}
