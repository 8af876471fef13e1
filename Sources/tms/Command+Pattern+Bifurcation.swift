import ArgumentParser
import Foundation
import Patterning

// MARK: - bifurcation

extension PatternCommand {
    struct BifurcationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bifurcation",
            abstract: "Pattern the 4→5 bifurcation so the new feature grows into a chosen gap of the square.")

        @Option(help: "Gap 0…3 (0…2 with --from 3), between features g and g+1 (mod 4).") var gap: Int
        @Option(help: "Seed (initial direction of the dead feature, sampler streams).") var seed: UInt64 = 0
        @Option(help: "Sparsity S of the natural data, in [1e-60, 1).") var sparsity: Double = 0.95
        @OptionGroup var options: ExperimentOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

        func validate() throws {
            try options.checkRun(gaps: [gap], gapOption: "--gap", sparsities: [sparsity], seed: seed)
        }

        func run() throws {
            let outcome = try options.experiment(gap: gap, seed: seed, sparsity: sparsity).run()
            let report = BifurcationReport(outcome, controller: options.controller, sparsity: sparsity)
            switch format {
            case .json: print(try PatternCommand.json(report))
            case .table: print(report.table)
            }
        }
    }

    struct BifurcationReport: Encodable {
        var gap: Int
        var seed: UInt64
        var sparsity: Double
        var controller: String
        var success: Bool
        var chosenGap: Int?
        var regularPentagon: Bool
        var finalCosines: [Double]
        var targetCosines: [Double]
        var finalNorms: [Double]
        var finalParameters: [Double]
        var patterningSteps: Int
        var estimationEpochs: [Int]
        var epochs: Int
        var weightHistory: [StepRecordReport]
        var finalLoss: Double?

        init(_ o: BifurcationOutcome, controller: String, sparsity: Double) {
            gap = o.gap
            seed = o.seed
            self.sparsity = sparsity
            self.controller = controller
            success = o.success
            chosenGap = o.chosenGap
            regularPentagon = o.isRegularPentagon
            finalCosines = o.finalCosines
            targetCosines = o.targetCosines
            finalNorms = o.finalNorms
            finalParameters = o.finalParameters
            patterningSteps = o.run.records.count
            estimationEpochs = o.run.estimationEpochs
            epochs = o.run.epochs
            weightHistory = StepRecordReport.all(o.run)
            finalLoss = o.run.lossHistory.last
        }

        var table: String {
            let pairs = (0..<5).flatMap { i in (i + 1..<5).map { "dot(\(i),\($0))" } }
            var lines = [
                "bifurcation, gap \(gap), seed \(seed), S = \(sparsity), controller \(controller)",
                "success: \(success)   chosen gap: \(chosenGap.map(String.init) ?? "none")   regular polygon: \(regularPentagon)",
                "patterning steps: \(patterningSteps) at epochs \(estimationEpochs)   epochs: \(epochs)", "",
                "observable   final     target"]
            for k in pairs.indices {
                lines.append(pairs[k].padding(toLength: 10, withPad: " ", startingAt: 0)
                    + PatternCommand.number(finalCosines[k]).leftPadded(8) + PatternCommand.number(targetCosines[k]).leftPadded(10))
            }
            lines.append("norms: " + finalNorms.map { PatternCommand.number($0) }.joined(separator: " "))
            return lines.joined(separator: "\n")
        }
    }
}
