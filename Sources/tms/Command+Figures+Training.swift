import ArgumentParser
import Figures
import Foundation
import TMSEngine

extension FiguresCommand {
    /// `tms figures training`.
    struct Training: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Susceptibilities, loss and LLC over a training run through the 4→5 transition.",
            discussion: "Training starts at the unit square with W4 = r(cos θ, sin θ) small and runs gradient descent on the natural data; at each checkpoint SGLD estimates χ and the LLC around the current weights.")
        @OptionGroup var output: Output
        @Option(help: "A saved trace (JSON: label, beta, observables, inputs, checkpoints) instead of running.")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Sparsity S of the natural data weights, 0 or in [1e-60, 1).")
        var sparsity: Double = 0.95
        @Option(help: "Initial |W4|, in [0, 10].")
        var radius: Double = 0.05
        @Option(help: "Initial angle of W4 (radians, finite).")
        var angle: Double = 0.6
        @Option(help: "Training epochs (gradient descent), \(Limits.epochs.text).")
        var epochs: Int = 12000
        @Option(name: .customLong("lr"), help: "Learning rate η in [1e-100, 1e100].")
        var learningRate: Double = 0.02
        @Option(help: "Epochs between checkpoints (≥ 1; at most \(Self.maximumCheckpoints.grouped) checkpoints, each an SGLD run).")
        var every: Int = 400
        @OptionGroup var sampling: LocalSampling
        @Option(name: .customLong("input-type"), help: "Input x* of the by-observable heatmap (bit string).")
        var inputType: String = "00001"
        @Option(help: "Observable k* of the by-input heatmap, e.g. norm(4) or dot(0,4).")
        var observable: String = "norm(4)"

        static let maximumCheckpoints = 1_000

        func validate() throws {
            guard input == nil else {
                return
            }
            try check("--sparsity", sparsity, .sparsity)
            try check("--radius", radius, .nonNegative(atMost: 10))
            try check("--angle", angle, .finite)
            try check("--epochs", epochs, in: Limits.epochs)
            try check("--lr", learningRate, .scale)
            try check("--every", every, atLeast: 1)
            let checkpoints = TrainingSettings(epochs: epochs, recordEvery: every).recordCount
            guard checkpoints <= Self.maximumCheckpoints else {
                throw ValidationError(
                    "--epochs \(epochs) with --every \(every) makes \(checkpoints.grouped) checkpoints, each an SGLD run; at most "
                        + "\(Self.maximumCheckpoints.grouped) (use --every \(epochs / (Self.maximumCheckpoints - 1) + 1) or more)")
            }
            try sampling.validate(recording: RecordingOptions(observables: .structural(), perSampleLosses: true))
            guard inputType.count == 5, TMSModel.typeIndex(named: inputType) != nil else {
                throw ValidationError("--input-type must be a 5-bit input name such as 00001, got '\(inputType)'")
            }
            guard ObservableSet.structural().names.contains(observable) else {
                throw ValidationError(
                    "--observable must be one of \(ObservableSet.structural().names.joined(separator: ", ")), got '\(observable)'")
            }
        }

        func run() throws {
            let trace: SusceptibilityTrace
            if let input {
                trace = try decodeJSON(SusceptibilityTrace.self, from: input)
            } else {
                var initial = NamedConfiguration.squareDead.parameters
                initial[8] = radius * cos(angle)
                initial[9] = radius * sin(angle)
                trace = try SusceptibilityTrace.measure(
                    label: "square \u{2192} pentagon, S = \(sparsity)", weights: try TMSModel.naturalWeights(sparsity: sparsity), initial: initial,
                    training: TrainingSettings(optimizer: .gradientDescent, learningRate: learningRate, epochs: epochs, recordEvery: every, seed: sampling.seed),
                    sampler: sampling.settings)
                if let saveData { try writeJSON(trace, to: saveData) }
            }
            try output.write(.trainingSusceptibilities(trace, input: inputType, observable: observable))
        }
    }
}
