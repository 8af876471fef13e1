import ArgumentParser
import Foundation
import TMSEngine

/// `tms train`: full-batch training of the 5×2 model from a small random init, with its stage sequence.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the 5×2 TMS model from a small random initialization and report its polygon stages.",
        discussion: "The defaults (S = 0.99, gradient descent, η = 0.1, init scale 0.001) show 1-gon → 2-gon → 3-gon → 4-gon → 5-gon.")

    @Option(help: "Sparsity S of the Bernoulli data (natural weights h₀ = 32 q(x)).")
    var sparsity: Double = 0.99

    @Option(help: "Optimizer: gd or adam.")
    var optimizer: TrainingSettings.Optimizer = .gradientDescent

    @Option(name: .customLong("lr"), help: "Learning rate η.")
    var learningRate: Double = 0.1

    @Option(help: "Number of full-batch updates.")
    var epochs: Int = 20000

    @Option(help: "Record W and the loss every k epochs.")
    var recordEvery: Int = 5

    @Option(help: "Scale of the N(0, 1) initialization.")
    var initScale: Double = 0.001

    @Option(help: "Seed of the initialization.")
    var seed: UInt64 = 0

    @Option(help: "Norm above which a feature counts as live.")
    var normThreshold: Double = 0.5

    @Flag(help: "Include the recorded trajectory (epochs, W, loss) in the JSON output.")
    var trajectory = false

    @Option(help: "Output format: text or json.")
    var format: EngineOutputFormat = .json

    func run() throws {
        let model = try TMSModel(sparsity: sparsity)
        let settings = TrainingSettings(
            optimizer: optimizer, learningRate: learningRate, epochs: epochs, recordEvery: recordEvery,
            initScale: initScale, seed: seed, normThreshold: normThreshold)
        let result = try model.train(settings: settings)
        let report = TrainReport(
            sparsity: sparsity, settings: settings, finalW: result.finalState, finalLoss: result.finalLoss,
            finalStage: PolygonStage(result.finalState, normThreshold: normThreshold),
            stages: result.stages.map { .init(epoch: $0.epoch, name: $0.stage.name, liveFeatures: $0.stage.liveFeatures, maxGapDeviation: $0.stage.maxGapDeviation) },
            trajectory: trajectory ? result : nil)
        switch format {
        case .json: print(try encodedJSON(report))
        case .text:
            print("final loss \(report.finalLoss), final stage \(report.finalStage.name) (max gap deviation \(report.finalStage.maxGapDeviation))")
            for stage in report.stages { print("epoch \(stage.epoch): \(stage.name) live \(stage.liveFeatures)") }
            print("final W \(report.finalW)")
        }
    }
}

extension TrainingSettings.Optimizer: ExpressibleByArgument {}

struct TrainReport: Encodable {
    struct Stage: Encodable {
        var epoch: Int
        var name: String
        var liveFeatures: [Int]
        var maxGapDeviation: Double
    }
    var sparsity: Double
    var settings: TrainingSettings
    var finalW: [Double]
    var finalLoss: Double
    var finalStage: PolygonStage
    var stages: [Stage]
    var trajectory: TrainingTrajectory?
}


