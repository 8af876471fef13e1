import ArgumentParser
import Figures
import Foundation
import TMSEngine

extension FiguresCommand {
    /// Where the posterior clouds come from: a saved JSON or a live SGLD run.
    struct CloudSource: ParsableArguments {
        @Option(help: "A saved cloud (JSON: label, beta, center, draws, losses, arrows) instead of sampling.")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Sparsity S of the natural data weights (training and sampling), 0 or in [1e-60, 1).")
        var sparsity: Double = 0.95
        @Option(help: "Centre w*: 10 comma-separated finite numbers W0x,W0y,…,W4y (default: the pentagon trained at --sparsity).")
        var w: String?
        @OptionGroup var sampling: LocalSampling
        @Option(help: "Draws kept for drawing (\(Self.keepRange.text); the arrows use all draws).")
        var keep: Int = 300

        static let keepRange = 1...Figure.maximumSeriesLength

        func center() throws -> [Double]? {
            guard let w else { return nil }
            return try parseParameters(w)
        }

        func validate() throws {
            guard input == nil else { return }
            try check("--sparsity", sparsity, .sparsity)
            _ = try center()
            try check("--keep", keep, in: Self.keepRange)
            try sampling.validate(recording: RecordingOptions(observables: .structuralAndPositions(), perSampleLosses: true, states: true))
        }

        func cloud() throws -> PosteriorCloud {
            if let input { return try decodeJSON(PosteriorCloud.self, from: input) }
            let center: [Double]
            let label: String
            if let given = try self.center() {
                center = given
                label = "centre given, S = \(sparsity)"
            } else {
                let trained = try TMSModel(sparsity: sparsity).train(settings: TrainingSettings(
                    optimizer: .adam, learningRate: 0.01, epochs: 5000, recordEvery: 5000, initScale: 0.01, seed: sampling.seed))
                center = trained.finalState
                label = "trained \(PolygonStage(center).name), S = \(sparsity)"
            }
            let settings = sampling.settings
            let cloud = try PosteriorCloud.sample(
                label: label, center: center, weights: try TMSModel.naturalWeights(sparsity: sparsity), settings: settings, keep: keep)
            if let saveData { try writeJSON(cloud, to: saveData) }
            return cloud
        }
    }

    /// `tms figures clouds`.
    struct Clouds: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Posterior sample clouds per feature, shaded by the loss on chosen inputs, with the χ displacement arrows.")
        @OptionGroup var output: Output
        @OptionGroup var source: CloudSource
        @Option(help: "Input types to show, as bit strings in feature order 0…4 (at most \(Figure.maximumMatrixSide)).")
        var inputs: String = "10000,01000,11000"

        func indices() throws -> [Int] {
            let names = inputs.split(separator: ",", omittingEmptySubsequences: false)
            guard names.count <= Figure.maximumMatrixSide else { throw ValidationError("--inputs: at most \(Figure.maximumMatrixSide) inputs, got \(names.count)") }
            return try names.map { name -> Int in
                let item = name.trimmingCharacters(in: .whitespaces)
                guard item.count == 5, let t = TMSModel.typeIndex(named: item) else {
                    throw ValidationError("--inputs: '\(item)' is not a 5-bit input name such as 10000")
                }
                return t
            }
        }

        func validate() throws { _ = try indices() }

        func run() throws {
            try output.write(.posteriorClouds(try source.cloud(), inputs: try indices()))
        }
    }

    /// `tms figures cloud-grid`.
    struct CloudGrid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cloud-grid", abstract: "The sample clouds and χ arrows for all 32 inputs.")
        @OptionGroup var output: Output
        @OptionGroup var source: CloudSource
        @Option(help: "Dots per feature and panel (\(CloudSource.keepRange.text)).")
        var points: Int = 80

        func validate() throws { try check("--points", points, in: CloudSource.keepRange) }

        func run() throws { try output.write(.posteriorCloudGrid(try source.cloud(), pointsPerFeature: points)) }
    }
}
