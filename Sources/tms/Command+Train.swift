import ArgumentParser
import Foundation
import TMSEngine

/// `tms train`: full-batch training of the 5×2 model from a small random init, with its stage sequence.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the 5×2 TMS model from a small random initialization and report its polygon stages.",
        discussion: "The defaults (S = 0.99, gradient descent, η = 0.1, init scale 0.001) show 1-gon → 2-gon → 3-gon → 4-gon → 5-gon.")

    @Option(help: "Sparsity S of the Bernoulli data (natural weights h₀ = 32 q(x)), 0 or in [1e-60, 1).")
    var sparsity: Double = 0.99

    @Option(help: "Optimizer: gd or adam.")
    var optimizer: TrainingSettings.Optimizer = .gradientDescent

    @Option(name: .customLong("lr"), help: "Learning rate η in [1e-100, 1e100].")
    var learningRate: Double = 0.1

    @Option(help: "Number of full-batch updates (\(Limits.epochs.text); progress on stderr from \(Self.progressEpochs.grouped)).")
    var epochs: Int = 20000

    @Option(help: "Record W and the loss every k epochs (k ≥ 1; at most \(TrainingSettings.maximumRecords.grouped) records).")
    var recordEvery: Int = 5

    @Option(help: "Scale of the N(0, 1) initialization, in [0, \(Limits.text(Limits.initScale))].")
    var initScale: Double = 0.001

    @Option(help: "Seed of the initialization.")
    var seed: UInt64 = 0

    @Option(help: "Norm above which a feature counts as live (≥ 0).")
    var normThreshold: Double = 0.5

    @Flag(help: "Include the recorded trajectory (epochs, W, loss) in the JSON output.")
    var trajectory = false

    @Option(help: "Output format: text or json.")
    var format: EngineOutputFormat = .json

    /// Runs this long show a progress bar on stderr.
    static let progressEpochs = 1_000_000

    var settings: TrainingSettings {
        TrainingSettings(
            optimizer: optimizer, learningRate: learningRate, epochs: epochs, recordEvery: recordEvery,
            initScale: initScale, seed: seed, normThreshold: normThreshold)
    }

    func validate() throws {
        try check("--sparsity", sparsity, .sparsity)
        try check("--lr", learningRate, .scale)
        try check("--epochs", epochs, in: Limits.epochs)
        try checkTrainingRecords(epochs: epochs, recordEvery: recordEvery)
        try check("--init-scale", initScale, .nonNegative(atMost: Limits.initScale))
        try check("--norm-threshold", normThreshold, .nonNegative)
    }

    func run() throws {
        let model = try TMSModel(sparsity: sparsity)
        let settings = self.settings
        let bar = ProgressBar(enabled: epochs >= Self.progressEpochs, unit: "epochs")
        let result = try model.train(settings: settings, progress: { bar.update($0, epochs) })
        bar.finish()
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

/// `--record-every` at least 1, and few enough records for the trajectory's memory
/// (``TrainingSettings/maximumRecords``).
func checkTrainingRecords(epochs: Int, recordEvery: Int, epochsOption: String = "--epochs", recordOption: String = "--record-every") throws {
    try check(recordOption, recordEvery, atLeast: 1)
    let count = TrainingSettings(epochs: epochs, recordEvery: recordEvery).recordCount
    guard count <= TrainingSettings.maximumRecords else {
        let needed = epochs / (TrainingSettings.maximumRecords - 1) + 1
        throw ValidationError(
            "\(epochsOption) \(epochs) with \(recordOption) \(recordEvery) would record \(count.grouped) states, more than the limit of "
                + "\(TrainingSettings.maximumRecords.grouped); use \(recordOption) \(needed) or more")
    }
}
