import ArgumentParser
import Foundation
import TMSEngine

/// `tms sample`: SGLD or MALA around a given W of the 5×2 model, with posterior expectations,
/// LLC and susceptibilities (both conventions), each with standard errors.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Sample the local posterior of the 5×2 TMS model and estimate expectations, LLC and χ.",
        discussion: """
            The density is p(w) ∝ exp(−β Σ_x h_x ℓ_x(w) − (γ/2)‖w − w*‖²) with β = nβ/32 \
            (Derivations/Conventions.md). Example, the frozen square at the essay's β = 50:
              tms sample --config square-dead --weights one-hot --free 4 --beta 50 --localization 0
            """)

    @Option(help: "Named centre w*: pentagon or square-dead.")
    var config: NamedConfiguration?

    @Option(help: "Centre w* as 10 comma-separated numbers W0x,W0y,…,W4x,W4y (overrides --config).")
    var w: String?

    @Option(help: "Weights h: natural, one-hot, or 32 comma-separated numbers in type order t = Σ x_j 2^j.")
    var weights: String = "natural"

    @Option(help: "Sparsity S of the natural weights, 0 or in [1e-60, 1).")
    var sparsity: Double = 0.9

    @Option(help: "Free features (comma-separated indices 0…4); default all. E.g. 4 samples only W4.")
    var free: String?

    @Option(help: "Method: sgld or mala.")
    var method: SamplerSettings.Method = .sgld

    @Option(help: "Step size ε in [1e-100, 1e100]. Default: min(c/√β, a/K_max), K_max the stiffest curvature nβ·λ_max + γ at the centre; c = 0.01, a = 0.1 for sgld, c = 0.1, a = 0.5 for mala (Derivations/EngineSampler.md).")
    var stepSize: Double?

    @Option(help: "devinterp's nβ in [3.2e-99, 3.2e101] (β = nβ/32). Give either --nbeta or --beta.")
    var nbeta: Double?

    @Option(help: "Inverse temperature β in [1e-100, 1e100] of the total loss (nβ = 32β).")
    var beta: Double?

    @Option(help: "Localization γ: 0 or in [1e-100, 1e100].")
    var localization: Double = 0

    @Option(help: "Chains (\(Limits.chains.text)).")
    var chains: Int = 4

    @Option(help: "Burn-in steps (\(Limits.burnIn.text)).")
    var burnIn: Int = 1000

    @Option(help: "Draws per chain (\(Limits.draws.text); chains × draws need at least \(Limits.minimumBatches) batches of ⌊√draws⌋ and fit in \(MemoryEstimate.describe(MemoryEstimate.defaultLimit))).")
    var draws: Int = 10000

    @Option(help: "Steps between draws (\(Limits.thinning.text)).")
    var thinning: Int = 1

    @Option(help: "Seed of the chains' random streams.")
    var seed: UInt64 = 0

    @Option(help: "Divergence bound on |w_i|, in (0, 1e100].")
    var divergenceBound: Double = 1e3

    @Flag(help: "Also record pos(i,x), pos(i,y) and report displacement arrows.")
    var positions = false

    /// The centre w*: `--w` (10 finite numbers inside the divergence bound) or `--config`.
    func center() throws -> [Double] {
        let values = try w.map { try parseParameters($0) } ?? (config ?? .pentagon).parameters
        if let bad = values.first(where: { !($0.magnitude < divergenceBound) }) {
            throw ValidationError(
                "--divergence-bound \(divergenceBound) must exceed every |w_i| of the centre (\(w == nil ? "--config" : "--w")), got an entry \(bad)")
        }
        return values
    }

    /// The weights h: natural (at `--sparsity`), one-hot, or 32 finite non-negative numbers, not all zero.
    func weightVector() throws -> [Double] {
        switch weights {
        case "natural":
            try check("--sparsity", sparsity, .sparsity)
            return try TMSModel.naturalWeights(sparsity: sparsity)
        case "one-hot": return TMSModel.oneHotWeights()
        default:
            let h = try parseNumbers(weights, option: "--weights", .zeroOrScale)
            guard h.count == 32 else {
                throw ValidationError("--weights must be natural, one-hot or 32 comma-separated numbers (one per input type), got \(h.count) numbers")
            }
            guard h.contains(where: { $0 > 0 }) else { throw ValidationError("--weights: at least one weight must be positive") }
            return h
        }
    }

    /// The free features (`--free`), each in 0…4, at least one, no repeats.
    func mask() throws -> ParameterMask? {
        guard let free else { return nil }
        let features = try parseIntegers(free, option: "--free", in: 0...4)
        guard Set(features).count == features.count else { throw ValidationError("--free lists a feature twice: \(free)") }
        return try ParameterMask.features(features)
    }

    func settings() throws -> SamplerSettings {
        let nBeta = try samplerNBeta(nbeta: nbeta, beta: beta, fallback: 32 * 50)
        return settings(nBeta: nBeta, stepSize: try stepSize ?? defaultStepSize(nBeta: nBeta))
    }

    func settings(nBeta: Double, stepSize: Double) -> SamplerSettings {
        SamplerSettings(
            method: method, stepSize: stepSize, nBeta: nBeta,
            localization: localization, chains: chains, burnIn: burnIn, draws: draws, thinning: thinning, seed: seed,
            divergenceBound: divergenceBound)
    }

    /// ``StepSizeRule`` for `--method` at the centre, on the free coordinates.
    func defaultStepSize(nBeta: Double) throws -> Double {
        try check("--localization", localization, .zeroOrScale)
        let model = try TMSModel(weights: try weightVector())
        let step = StepSizeRule.default(for: method).stepSize(
            potential: model, center: try center(), mask: try mask(), nBeta: nBeta, localization: localization)
        guard step >= Limits.smallestScale, step <= Limits.largestScale else {
            throw ValidationError(
                "without --step-size the default step at β \(nBeta / 32) is \(step), outside [\(Limits.text(Limits.smallestScale)), \(Limits.text(Limits.largestScale))]; give --step-size")
        }
        return step
    }

    var recording: RecordingOptions {
        let observables: ObservableSet = positions ? .structuralAndPositions() : .structural()
        return RecordingOptions(observables: observables.appending([.loss]))
    }

    func validate() throws {
        let nBeta = try samplerNBeta(nbeta: nbeta, beta: beta, fallback: 32 * 50)
        // Every option but a default step first: the default needs a valid centre, weights and mask.
        try checkSampler(settings(nBeta: nBeta, stepSize: stepSize ?? 1), recording: recording)
        _ = try center()
        _ = try weightVector()
        _ = try mask()
        if stepSize == nil { _ = try defaultStepSize(nBeta: nBeta) }
    }

    func run() throws {
        let center = try center()
        let h = try weightVector()
        let model = try TMSModel(weights: h)
        let settings = try settings()
        let observables: ObservableSet = positions ? .structuralAndPositions() : .structural()
        let sampler = try LangevinSampler(potential: model, center: center, mask: try mask(), settings: settings)
        let run = try sampler.run(recording: recording)
        try reportSamplerWarnings(run)
        let expectations = try run.observableEstimates()
        let jacobian = try run.susceptibility(convention: .jacobian)
        let meanPreserving = try run.susceptibility(convention: .meanPreserving)
        // χ rows: the structural (and position) observables, not the trailing loss row.
        let rowCount = observables.count
        func trim(_ chi: Susceptibility) -> ChiReport {
            ChiReport(
                convention: chi.convention.rawValue, rows: Array(chi.rows.prefix(rowCount)),
                columns: (0..<32).map { TMSModel.typeName($0) },
                values: (0..<rowCount).map { k in (0..<32).map { chi[row: k, column: $0] } },
                standardErrors: (0..<rowCount).map { k in (0..<32).map { chi.standardError(row: k, column: $0) } })
        }
        var arrows: [[DisplacementArrow]]? = nil
        if positions {
            arrows = try (0..<5).map { try jacobian.displacementArrows(feature: $0) }
        }
        let report = SampleReport(
            settings: settings, beta: run.beta, center: center, centerLoss: run.centerLoss, weights: h,
            freeCoordinates: sampler.mask.freeCoordinates,
            expectations: zip(run.observableNames, expectations).map { ExpectationReport(name: $0, estimate: $1) },
            llc: try run.localLearningCoefficient(),
            chi: trim(jacobian), chiMeanPreserving: trim(meanPreserving),
            displacementArrows: arrows,
            acceptanceRates: run.acceptanceRates.isEmpty ? nil : run.acceptanceRates)
        print(try encodedJSON(report))
    }
}

extension SamplerSettings.Method: ExpressibleByArgument {}
extension NamedConfiguration: ExpressibleByArgument {}

struct ExpectationReport: Encodable {
    var name: String
    var estimate: Estimate
}

struct ChiReport: Encodable {
    var convention: String
    var rows: [String]
    var columns: [String]
    var values: [[Double]]
    var standardErrors: [[Double]]
}

struct SampleReport: Encodable {
    var settings: SamplerSettings
    var beta: Double
    var center: [Double]
    var centerLoss: Double
    var weights: [Double]
    var freeCoordinates: [Int]
    var expectations: [ExpectationReport]
    var llc: Estimate
    var chi: ChiReport
    var chiMeanPreserving: ChiReport
    var displacementArrows: [[DisplacementArrow]]?
    var acceptanceRates: [Double]?
}
