import ArgumentParser
import D5Taxonomy
import Figures
import Foundation
import Patterning
import TMSEngine

extension FiguresCommand {
    struct PatterningTrajectory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "patterning",
            abstract: "The patterning trajectory: per-type weights per step with the weighted and natural losses.",
            discussion: """
                From a saved trace (--input, JSON format tms-patterning-trace/1 with keys weights (steps × 32), \
                weighted_loss and natural_loss (one per step), optional label), the built-in --synthetic example, \
                or --live: a patterning run (Patterning's controller on the TMS plant) from the regular pentagon \
                f0…f4 towards the arrangement reached by --target, steering the ten cosines.
                """)
        @OptionGroup var output: Output
        @Option(help: "A saved patterning trace (JSON, format tms-patterning-trace/1).")
        var input: String?
        @Flag(help: "Draw the built-in synthetic example.")
        var synthetic = false
        @Flag(help: "Run the patterning controller live.")
        var live = false
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Live: the rearrangement in cycle notation, e.g. \"(f0 f1)\".")
        var target: String = "(f0 f1)"
        @Option(help: "Live: patterning steps (\(Self.stepRange.text); χ re-estimated every --every epochs).")
        var steps: Int = 40
        @Option(help: "Live: epochs between patterning steps (\(Self.everyRange.text)).")
        var every: Int = 10
        @Option(help: "Live: sparsity S of the natural (baseline) weights, 0 or in [1e-60, 1).")
        var sparsity: Double = 0.95
        @Option(help: "Live: largest single weight change per step (in units of the mean weight), in (0, 100].")
        var maxChange: Double = 2
        @Option(help: "Live: SGLD draws per chain per measurement (\(PatternCommand.draws.text)).")
        var draws: Int = 400
        @Option(help: "Live: seed of the measurements.")
        var seed: UInt64 = 0

        static let stepRange = 1...Figure.maximumSeriesLength
        static let everyRange = 1...10_000

        var sampler: SamplerSettings {
            SamplerSettings(stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 2, burnIn: 200, draws: draws, seed: seed)
        }

        func validate() throws {
            guard [input != nil, synthetic, live].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --input trace.json, --synthetic and --live")
            }
            guard live else { return }
            do { _ = try FeaturePermutation(cycles: target) } catch { throw ValidationError("--target '\(target)': \(error)") }
            try check("--steps", steps, in: Self.stepRange)
            try check("--every", every, in: Self.everyRange)
            guard steps * every <= Limits.patterningEpochs.upperBound else {
                throw ValidationError("--steps \(steps) × --every \(every) epochs is more than the limit of \(Limits.patterningEpochs.upperBound.grouped)")
            }
            try check("--sparsity", sparsity, .sparsity)
            try check("--max-change", maxChange, .positive(atMost: Limits.maxChange))
            try PatternCommand.checkDraws(draws, sampler: sampler)
        }

        func run() throws {
            let trace: PatterningTrace
            if let input {
                trace = try decodeJSON(PatterningTrace.self, from: input)
            } else if synthetic {
                trace = .synthetic()
            } else {
                let sigma = try FeaturePermutation(cycles: target)
                let goals: [Double] = Array(sigma.arrangement.targetMacrostate().prefix(10))
                let natural = try TMSModel.naturalWeights(sparsity: sparsity)
                let plant = try TMSPlant(
                    parameters: NamedConfiguration.pentagon.parameters, learningRate: 0.02, sampler: sampler)
                let controller = PatterningController(
                    target: try PatterningTarget(rows: Array(0..<10), goals: goals), schedule: .periodic(every: every),
                    baseline: natural, rule: .exponential, scale: .maxChange(maxChange), epochs: steps * every)
                trace = try PatterningTrace.record(
                    label: "\(sigma.cycleNotation) from the pentagon, S = \(sparsity)", controller: controller, plant: plant, natural: natural)
            }
            if let saveData { try writeJSON(trace, to: saveData) }
            try output.write(.patterningTrajectory(trace))
        }
    }
}
