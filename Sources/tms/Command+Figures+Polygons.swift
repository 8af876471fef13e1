import ArgumentParser
import Figures
import Foundation
import TMSEngine

extension FiguresCommand {
    /// `tms figures polygons`.
    struct Polygons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The ideal digon…pentagon and snapshots of a training run at each polygon stage.")
        @OptionGroup var output: Output
        @Option(help: "Sparsity S of the training data, 0 or in [1e-60, 1).")
        var sparsity: Double = 0.99
        @Option(help: "Training epochs (full-batch gradient descent), \(Self.epochRange.text).")
        var epochs: Int = 20000
        @Option(name: .customLong("lr"), help: "Learning rate η in [1e-100, 1e100].")
        var learningRate: Double = 0.1
        @Option(help: "Scale of the N(0, 1) initialization, in [0, \(Limits.text(Limits.initScale))].")
        var initScale: Double = 0.001
        @Option(help: "Seed of the initialization.")
        var seed: UInt64 = 0

        @Option(help: "Saved panels (JSON {rows: [{label, panels: [{title, caption, vectors}]}]}) instead of training.")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?

        /// The run records every 5 epochs (``TrainingSettings/maximumRecords`` in all).
        static let epochRange = 0...(5 * (TrainingSettings.maximumRecords - 2))

        func validate() throws {
            guard input == nil else { return }
            try check("--sparsity", sparsity, .sparsity)
            try check("--epochs", epochs, in: Self.epochRange)
            try check("--lr", learningRate, .scale)
            try check("--init-scale", initScale, .nonNegative(atMost: Limits.initScale))
        }

        func run() throws {
            if let input {
                try output.write(.polygons(try decodeJSON(PolygonRows.self, from: input)))
                return
            }
            let settings = TrainingSettings(
                optimizer: .gradientDescent, learningRate: learningRate, epochs: epochs, recordEvery: 5, initScale: initScale, seed: seed)
            let trajectory = try TMSModel(sparsity: sparsity).train(settings: settings)
            let trained = try PolygonPanel.snapshots(of: trajectory, sparsity: sparsity)
            let data = PolygonRows(rows: [.init(label: "ideal", panels: PolygonPanel.ideal), .init(label: "trained (GD, S = \(sparsity))", panels: trained)])
            if let saveData { try writeJSON(data, to: saveData) }
            try output.write(.polygons(data))
        }
    }
}
