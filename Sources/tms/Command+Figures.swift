import ArgumentParser
import Figures
import Foundation
import TMSEngine
import Patterning
import D5Taxonomy

/// `tms figures`: the essay's figures as standalone SVG files.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw the essay's figures as standalone SVG files, from live runs or from a saved run's JSON.",
        subcommands: [All.self, Polygons.self, Clouds.self, CloudGrid.self, Training.self, PatterningTrajectory.self, ChiMatrix.self, Targets.self]
    )

    struct Output: ParsableArguments {
        @Option(name: .shortAndLong, help: "Directory to write the SVG files into (created if missing).")
        var output: String = "figures"

        func write(_ figure: Figure) throws {
            let directory = URL(fileURLWithPath: output, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let url = directory.appendingPathComponent(figure.fileName)
            try Data(figure.svg.utf8).write(to: url)
            print(url.path)
        }
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Data(encoder.encode(value)).write(to: URL(fileURLWithPath: path))
        print(path)
    }

    /// `tms figures all`.
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every figure with its default live run (seed 0): polygons, clouds, cloud grid, training, patterning, χ matrix, targets.")
        @OptionGroup var output: Output

        func run() throws {
            let o = ["--output", output.output]
            try Polygons.parse(o).run()
            try Clouds.parse(o).run()
            try CloudGrid.parse(o).run()
            try Training.parse(o).run()
            try PatterningTrajectory.parse(o + ["--live"]).run()
            try ChiMatrix.parse(o).run()
            try Targets.parse(o).run()
        }
    }

    /// `tms figures targets`.
    struct Targets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The 12 gap-pattern targets as pentagon diagrams, by break count.")
        @OptionGroup var output: Output
        func run() throws { try output.write(.gapTargets()) }
    }

    /// `tms figures chi-matrix`.
    struct ChiMatrix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chi-matrix",
            abstract: "The χ matrix at the 4→5 bifurcation: closed form and SGLD estimate side by side.")
        @OptionGroup var output: Output
        @Option(help: "A saved comparison (JSON: beta, rows, columns, closed_form, estimate, standard_error).")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Inverse temperature β of the essay (nβ = 32β).")
        var beta: Double = 50
        @Flag(help: "Draw the closed form only (no SGLD run).")
        var closedFormOnly = false
        @Option(help: "SGLD step size ε.")
        var stepSize: Double = 1e-3
        @Option(help: "Chains.")
        var chains: Int = 8
        @Option(help: "Burn-in steps per chain.")
        var burnIn: Int = 2000
        @Option(help: "Draws per chain.")
        var draws: Int = 20000
        @Option(help: "Seed of the chains.")
        var seed: UInt64 = 0

        func run() throws {
            var data: ChiComparison
            if let input {
                data = try decodeJSON(ChiComparison.self, from: input)
            } else {
                data = try ChiComparison.closedForm(beta: beta)
                if !closedFormOnly {
                    data = try data.estimated(settings: SamplerSettings(stepSize: stepSize, nBeta: 32 * beta, chains: chains, burnIn: burnIn, draws: draws, seed: seed))
                }
                if let saveData { try writeJSON(data, to: saveData) }
            }
            try output.write(.chiMatrix(data))
        }
    }

    /// `tms figures patterning`.
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
        @Option(help: "Live: patterning steps (χ re-estimated every --every epochs).")
        var steps: Int = 40
        @Option(help: "Live: epochs between patterning steps.")
        var every: Int = 10
        @Option(help: "Live: sparsity S of the natural (baseline) weights.")
        var sparsity: Double = 0.95
        @Option(help: "Live: largest single weight change per step (in units of the mean weight).")
        var maxChange: Double = 2
        @Option(help: "Live: SGLD draws per chain per measurement.")
        var draws: Int = 400
        @Option(help: "Live: seed of the measurements.")
        var seed: UInt64 = 0

        func run() throws {
            let trace: PatterningTrace
            if let input {
                trace = try decodeJSON(PatterningTrace.self, from: input)
            } else if synthetic {
                trace = .synthetic()
            } else if live {
                let sigma = try FeaturePermutation(cycles: target)
                let goals: [Double] = Array(sigma.arrangement.targetMacrostate().prefix(10))
                let natural = try TMSModel.naturalWeights(sparsity: sparsity)
                let plant = try TMSPlant(
                    parameters: NamedConfiguration.pentagon.parameters, learningRate: 0.02,
                    sampler: SamplerSettings(stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 2, burnIn: 200, draws: draws, seed: seed))
                let controller = PatterningController(
                    target: try PatterningTarget(rows: Array(0..<10), goals: goals), schedule: .periodic(every: every),
                    baseline: natural, rule: .exponential, scale: .maxChange(maxChange), epochs: steps * every)
                trace = try PatterningTrace.record(
                    label: "\(sigma.cycleNotation) from the pentagon, S = \(sparsity)", controller: controller, plant: plant, natural: natural)
            } else {
                throw ValidationError("give --input trace.json, --synthetic or --live")
            }
            if let saveData { try writeJSON(trace, to: saveData) }
            try output.write(.patterningTrajectory(trace))
        }
    }

    /// `tms figures polygons`.
    struct Polygons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The ideal digon…pentagon and snapshots of a training run at each polygon stage.")
        @OptionGroup var output: Output
        @Option(help: "Sparsity S of the training data.")
        var sparsity: Double = 0.99
        @Option(help: "Training epochs (full-batch gradient descent).")
        var epochs: Int = 20000
        @Option(name: .customLong("lr"), help: "Learning rate η.")
        var learningRate: Double = 0.1
        @Option(help: "Scale of the N(0, 1) initialization.")
        var initScale: Double = 0.001
        @Option(help: "Seed of the initialization.")
        var seed: UInt64 = 0

        @Option(help: "Saved panels (JSON {rows: [{label, panels: [{title, caption, vectors}]}]}) instead of training.")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?

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

    /// The SGLD settings of a live run around the current weights
    /// (devinterp's parametrization, Derivations/Conventions.md §4).
    struct LocalSampling: ParsableArguments {
        @Option(help: "Inverse temperature β of the total loss (nβ = 32β).")
        var beta: Double = 50
        @Option(help: "Localization γ.")
        var localization: Double = 100
        @Option(help: "SGLD step size ε.")
        var stepSize: Double = 1e-4
        @Option(help: "Chains.")
        var chains: Int = 4
        @Option(help: "Burn-in steps per chain.")
        var burnIn: Int = 1000
        @Option(help: "Draws per chain.")
        var draws: Int = 2000
        @Option(help: "Seed of the chains (and of any training that makes the centre).")
        var seed: UInt64 = 0

        var settings: SamplerSettings {
            SamplerSettings(stepSize: stepSize, nBeta: 32 * beta, localization: localization, chains: chains,
                            burnIn: burnIn, draws: draws, seed: seed)
        }
    }

    /// Where the posterior clouds come from: a saved JSON or a live SGLD run.
    struct CloudSource: ParsableArguments {
        @Option(help: "A saved cloud (JSON: label, beta, center, draws, losses, arrows) instead of sampling.")
        var input: String?
        @Option(help: "Also write the drawn data as JSON to this file.")
        var saveData: String?
        @Option(help: "Sparsity S of the natural data weights (training and sampling).")
        var sparsity: Double = 0.95
        @Option(help: "Centre w*: 10 comma-separated numbers W0x,W0y,…,W4y (default: the pentagon trained at --sparsity).")
        var w: String?
        @OptionGroup var sampling: LocalSampling
        @Option(help: "Draws kept for drawing (the arrows use all draws).")
        var keep: Int = 300

        func cloud() throws -> PosteriorCloud {
            if let input { return try decodeJSON(PosteriorCloud.self, from: input) }
            let center: [Double]
            let label: String
            if let w {
                center = try parseNumbers(w, name: "--w")
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
        @Option(help: "Input types to show, as bit strings in feature order 0…4.")
        var inputs: String = "10000,01000,11000"

        func run() throws {
            let indices = try inputs.split(separator: ",").map { name -> Int in
                guard let t = TMSModel.typeIndex(named: String(name)), name.count == 5 else { throw ValidationError("--inputs: '\(name)' is not a 5-bit input name") }
                return t
            }
            try output.write(.posteriorClouds(try source.cloud(), inputs: indices))
        }
    }

    /// `tms figures cloud-grid`.
    struct CloudGrid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cloud-grid", abstract: "The sample clouds and χ arrows for all 32 inputs.")
        @OptionGroup var output: Output
        @OptionGroup var source: CloudSource
        @Option(help: "Dots per feature and panel.")
        var points: Int = 80

        func run() throws { try output.write(.posteriorCloudGrid(try source.cloud(), pointsPerFeature: points)) }
    }

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
        @Option(help: "Sparsity S of the natural data weights.")
        var sparsity: Double = 0.95
        @Option(help: "Initial |W4|.")
        var radius: Double = 0.05
        @Option(help: "Initial angle of W4 (radians).")
        var angle: Double = 0.6
        @Option(help: "Training epochs (gradient descent).")
        var epochs: Int = 12000
        @Option(name: .customLong("lr"), help: "Learning rate η.")
        var learningRate: Double = 0.02
        @Option(help: "Epochs between checkpoints.")
        var every: Int = 400
        @OptionGroup var sampling: LocalSampling
        @Option(name: .customLong("input-type"), help: "Input x* of the by-observable heatmap (bit string).")
        var inputType: String = "00001"
        @Option(help: "Observable k* of the by-input heatmap, e.g. norm(4) or dot(0,4).")
        var observable: String = "norm(4)"

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
