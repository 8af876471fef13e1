import ArgumentParser
import Figures
import Foundation
import TMSEngine

/// `tms figures`: the essay's figures as standalone SVG files.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw the essay's figures as standalone SVG files, from live runs or from a saved run's JSON.",
        subcommands: [Polygons.self, Targets.self, ChiMatrix.self, PatterningTrajectory.self]
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
        @Option(help: "Inverse temperature β of the essay (β = nβ/32).")
        var beta: Double = 50

        func run() throws {
            let data: ChiComparison
            if let input {
                data = try decodeJSON(ChiComparison.self, from: input)
            } else {
                data = try ChiComparison.closedForm(beta: beta)
            }
            try output.write(.chiMatrix(data))
        }
    }

    /// `tms figures patterning`.
    struct PatterningTrajectory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "patterning",
            abstract: "The patterning trajectory: per-type weights per step with the weighted and natural losses, from a run's JSON.",
            discussion: "The JSON (tms-patterning-run/1) has keys weights (steps × 32), weighted_loss and natural_loss (one per step), optional label.")
        @OptionGroup var output: Output
        @Option(help: "A saved patterning run (JSON, format tms-patterning-run/1).")
        var input: String?
        @Flag(help: "Draw the built-in synthetic example instead of a saved run.")
        var synthetic = false

        func run() throws {
            let run: PatterningRun
            if let input {
                run = try decodeJSON(PatterningRun.self, from: input)
            } else if synthetic {
                run = .synthetic()
            } else {
                throw ValidationError("give --input run.json or --synthetic")
            }
            try output.write(.patterningTrajectory(run))
        }
    }

    /// `tms figures polygons`.
    struct Polygons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The ideal digon…pentagon and snapshots of a training run at each polygon stage.")
        @OptionGroup var output: Output
        @Option(help: "Sparsity S of the training data.")
        var sparsity: Double = 0.95
        @Option(help: "Training epochs (full-batch gradient descent).")
        var epochs: Int = 4000
        @Option(name: .customLong("lr"), help: "Learning rate η.")
        var learningRate: Double = 0.02
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
            let settings = TrainingSettings(optimizer: .gradientDescent, learningRate: learningRate, epochs: epochs, recordEvery: 10, seed: seed)
            let trajectory = try TMSModel(sparsity: sparsity).train(settings: settings)
            let trained = try PolygonPanel.snapshots(of: trajectory, sparsity: sparsity)
            let data = PolygonRows(rows: [.init(label: "ideal", panels: PolygonPanel.ideal), .init(label: "trained (GD, S = \(sparsity))", panels: trained)])
            if let saveData { try writeJSON(data, to: saveData) }
            try output.write(.polygons(data))
        }
    }
}
