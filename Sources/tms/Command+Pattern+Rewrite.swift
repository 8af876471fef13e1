import ArgumentParser
import D5Taxonomy
import Foundation
import Patterning

// MARK: - rewrite

extension PatternCommand {
    struct RewriteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewrite",
            abstract: "Rewrite a trained pentagon into a target arrangement (cycle notation, e.g. '(f3 f4)').")

        @Option(name: [.customLong("target"), .customLong("cycles")], help: "Target permutation in cycle notation, e.g. '(f3 f4)' or '(f1 f2 f3)'.") var cycles: String
        @Option(help: "Seeds (\(Limits.seeds.text)), one run each: first-seed ..< first-seed + N.") var seeds: Int = 1
        @Option(help: "First seed.") var firstSeed: UInt64 = 0
        @Option(help: "Sparsity S of the natural data, in [1e-60, 1).") var sparsity: Double = 0.95
        @Option(help: "Controller: single, periodic, periodic:K, adaptive.") var controller: String = "periodic:10"
        @Option(help: "Largest single |s·dh| in (0, 100] per step (default: 3 for adaptive, 1 otherwise).") var maxChange: Double?
        @Option(help: "Epochs under patterning control (\(Limits.patterningEpochs.text)).") var epochs: Int = 1000
        @Option(help: "Epochs on the natural weights afterwards (\(Limits.patterningEpochs.text)).") var releaseEpochs: Int = 1000
        @Option(help: "SGLD draws per chain per measurement (\(PatternCommand.draws.text)).") var draws: Int = 500
        @OptionGroup var control: ControlOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

        func validate() throws {
            do { _ = try FeaturePermutation(cycles: cycles) } catch {
                throw ValidationError("--cycles '\(cycles)': \(error)")
            }
            try checkSeeds(first: firstSeed, count: seeds)
            try check("--sparsity", sparsity, .positiveSparsity)
            _ = try PatternCommand.schedule(controller, allowNone: false)
            if let maxChange { try check("--max-change", maxChange, .positive(atMost: Limits.maxChange)) }
            try check("--epochs", epochs, in: Limits.patterningEpochs)
            try check("--release-epochs", releaseEpochs, in: Limits.patterningEpochs)
            try PatternCommand.checkDraws(draws, sampler: RewriteExperiment(target: .identity, seed: 0).sampler)
            try PatternCommand.validated { try experiment(seed: firstSeed).validate() }
        }

        /// The experiment of one seed, with the defaults of the tables in PatterningRewrite.md.
        func experiment(seed: UInt64) throws -> RewriteExperiment {
            var e = RewriteExperiment(target: try FeaturePermutation(cycles: cycles).arrangement, seed: seed)
            e.sparsity = sparsity
            var control = control
            let adaptive = controller == "adaptive"
            var cap = 1.0
            if adaptive, case .integral(let rate, let adaptiveCap) = RewriteExperiment.adaptiveScale,
               case .adaptive(let test) = RewriteExperiment.adaptiveSchedule {
                control.changePerEpoch = control.changePerEpoch ?? rate
                control.plateauMaximum = control.plateauMaximum ?? test.maximumInterval
                cap = adaptiveCap
            }
            e.schedule = try control.schedule(controller)
            e.scale = control.scale(maxChange: maxChange ?? cap)
            e.arrivalTolerance = (control.arrivalTolerance ?? 0.1) > 0 ? control.arrivalTolerance ?? 0.1 : nil
            e.controlledEpochs = epochs
            e.releaseEpochs = releaseEpochs
            e.sampler.draws = draws
            return e
        }

        struct Report: Encodable {
            var seed: UInt64
            var success: Bool
            var reached: String
            var target: String
            var regularPentagon: Bool
            var finalCosines: [Double]
            var targetCosines: [Double]
            var patterningSteps: Int
            var estimationEpochs: [Int]
            var epochs: Int
            var permutationEpoch: Int?
            var stepsToPermutation: Int?
            var settledEpoch: Int?
            var stepsToSettle: Int?
            var weightHistory: [StepRecordReport]
        }

        func run() throws {
            let target = try FeaturePermutation(cycles: cycles).arrangement
            var reports: [Report] = []
            let bar = ProgressBar(enabled: ProgressBar.stderrIsTerminal && seeds > 1, unit: "runs")
            for k in 0..<seeds {
                bar.update(k, seeds)
                let o = try experiment(seed: firstSeed + UInt64(k)).run()
                reports.append(Report(
                    seed: o.seed, success: o.success, reached: o.reached.description, target: target.description,
                    regularPentagon: o.isRegularPentagon, finalCosines: o.finalCosines, targetCosines: o.targetCosines,
                    patterningSteps: o.run.records.count, estimationEpochs: o.run.estimationEpochs, epochs: o.run.epochs,
                    permutationEpoch: o.milestones.permutationEpoch, stepsToPermutation: o.milestones.stepsToPermutation,
                    settledEpoch: o.milestones.settledEpoch, stepsToSettle: o.milestones.stepsToSettle,
                    weightHistory: StepRecordReport.all(o.run)))
            }
            bar.update(seeds, seeds)
            bar.finish()
            switch format {
            case .json: print(try PatternCommand.json(reports))
            case .table:
                print("rewrite to \(target) (\(cycles)), S = \(sparsity), controller \(controller)")
                print("seed  success  reached      regular  steps  permutation (epoch/steps)  settled (epoch/steps)")
                func pair(_ e: Int?, _ k: Int?) -> String { e.map { "\($0) / \(k ?? 0)" } ?? "-" }
                for r in reports {
                    print("\(r.seed)".padding(toLength: 6, withPad: " ", startingAt: 0)
                        + "\(r.success)".padding(toLength: 9, withPad: " ", startingAt: 0)
                        + r.reached.padding(toLength: 13, withPad: " ", startingAt: 0)
                        + "\(r.regularPentagon)".padding(toLength: 9, withPad: " ", startingAt: 0)
                        + "\(r.patterningSteps)".padding(toLength: 7, withPad: " ", startingAt: 0)
                        + pair(r.permutationEpoch, r.stepsToPermutation).padding(toLength: 27, withPad: " ", startingAt: 0)
                        + pair(r.settledEpoch, r.stepsToSettle))
                }
                let wins = reports.filter(\.success)
                func median(_ v: [Int]) -> String {
                    guard !v.isEmpty else { return "-" }
                    let s = v.sorted()
                    return s.count % 2 == 1 ? "\(s[s.count / 2])" : PatternCommand.number(Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2, 1)
                }
                func range(_ v: [Int]) -> String { v.isEmpty ? "-" : "\(v.min()!)–\(v.max()!)" }
                let pe = wins.compactMap(\.permutationEpoch), ps = wins.compactMap(\.stepsToPermutation)
                let se = wins.compactMap(\.settledEpoch), ss = wins.compactMap(\.stepsToSettle)
                print("successful runs, median (range): permutation at epoch \(median(pe)) (\(range(pe))) after \(median(ps)) (\(range(ps))) steps; "
                    + "settled at epoch \(median(se)) (\(range(se))) after \(median(ss)) (\(range(ss))) steps")
                print("successes: \(reports.filter(\.success).count)/\(reports.count)")
            }
        }
    }
}
