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

    @Option(help: "Sparsity S of the natural weights.")
    var sparsity: Double = 0.9

    @Option(help: "Free features (comma-separated indices); default all. E.g. 4 samples only W4.")
    var free: String?

    @Option(help: "Method: sgld or mala.")
    var method: SamplerSettings.Method = .sgld

    @Option(help: "Step size ε.")
    var stepSize: Double = 1e-4

    @Option(help: "devinterp's nβ (β = nβ/32). Give either --nbeta or --beta.")
    var nbeta: Double?

    @Option(help: "Inverse temperature β of the total loss (nβ = 32β).")
    var beta: Double?

    @Option(help: "Localization γ.")
    var localization: Double = 0

    @Option(help: "Chains.")
    var chains: Int = 4

    @Option(help: "Burn-in steps.")
    var burnIn: Int = 1000

    @Option(help: "Draws per chain.")
    var draws: Int = 10000

    @Option(help: "Steps between draws.")
    var thinning: Int = 1

    @Option(help: "Seed of the chains' random streams.")
    var seed: UInt64 = 0

    @Option(help: "Divergence bound on |w_i|.")
    var divergenceBound: Double = 1e3

    @Flag(help: "Also record pos(i,x), pos(i,y) and report displacement arrows.")
    var positions = false

    func run() throws {
        let center: [Double]
        if let w {
            center = try parseNumbers(w, name: "--w")
        } else {
            center = (config ?? .pentagon).parameters
        }
        let h: [Double]
        switch weights {
        case "natural": h = try TMSModel.naturalWeights(sparsity: sparsity)
        case "one-hot": h = TMSModel.oneHotWeights()
        default: h = try parseNumbers(weights, name: "--weights")
        }
        let model = try TMSModel(weights: h)
        let mask: ParameterMask? = try free.map { text in
            try ParameterMask.features(try parseNumbers(text, name: "--free").map { Int($0) })
        }
        let nBeta: Double
        switch (nbeta, beta) {
        case let (n?, nil): nBeta = n
        case let (nil, b?): nBeta = 32 * b
        case (nil, nil): nBeta = 32 * 50
        default: throw ValidationError("give either --nbeta or --beta, not both")
        }
        let settings = SamplerSettings(
            method: method, stepSize: stepSize, nBeta: nBeta, localization: localization, chains: chains,
            burnIn: burnIn, draws: draws, thinning: thinning, seed: seed, divergenceBound: divergenceBound)
        let sampler = try LangevinSampler(potential: model, center: center, mask: mask, settings: settings)
        let observables: ObservableSet = positions ? .structuralAndPositions() : .structural()
        let run = try sampler.run(recording: RecordingOptions(observables: observables.appending([.loss])))
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

func parseNumbers(_ text: String, name: String) throws -> [Double] {
    try text.split(separator: ",").map { part in
        guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(name): '\(part)' is not a number")
        }
        return value
    }
}

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
