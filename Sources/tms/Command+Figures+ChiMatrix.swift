import ArgumentParser
import Figures
import Foundation
import TMSEngine

extension FiguresCommand {
    /// `tms figures chi-matrix`.
    struct ChiMatrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chi-matrix",
            abstract: "The χ matrix at the 4→5 bifurcation: closed form and SGLD estimate side by side.")
        @OptionGroup var output: Output
        @Option(help: "A saved comparison (JSON: beta, rows, columns, closed_form, estimate, standard_error; at most \(Figure.maximumMatrixSide) rows and columns).")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Inverse temperature β of the essay (nβ = 32β), in [1e-6, 1e6].")
        var beta: Double = 50
        @Flag(help: "Draw the closed form only (no SGLD run).")
        var closedFormOnly = false
        @Option(help: "SGLD step size ε in [1e-100, 1e100].")
        var stepSize: Double = 1e-3
        @Option(help: "Chains (\(Limits.chains.text)).")
        var chains: Int = 8
        @Option(help: "Burn-in steps per chain (\(Limits.burnIn.text)).")
        var burnIn: Int = 2000
        @Option(help: "Draws per chain (\(Limits.draws.text), memory permitting).")
        var draws: Int = 20000
        @Option(help: "Seed of the chains.")
        var seed: UInt64 = 0

        var settings: SamplerSettings {
            SamplerSettings(stepSize: stepSize, nBeta: 32 * beta, chains: chains, burnIn: burnIn, draws: draws, seed: seed)
        }

        func validate() throws {
            guard input == nil else { return }
            try check("--beta", beta, .range(1e-6, FiguresCommand.largestBeta))
            if !closedFormOnly { try checkSampler(settings, recording: RecordingOptions(observables: .oracle, perSampleLosses: true)) }
        }

        func run() throws {
            var data: ChiComparison
            if let input {
                data = try decodeJSON(ChiComparison.self, from: input)
            } else {
                data = try ChiComparison.closedForm(beta: beta)
                if !closedFormOnly { data = try data.estimated(settings: settings) }
                if let saveData { try writeJSON(data, to: saveData) }
            }
            try output.write(.chiMatrix(data))
        }
    }
}
