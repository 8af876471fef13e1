import ArgumentParser
import Figures
import Foundation

/// `tms figures`: the essay's figures as standalone SVG files.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw the essay's figures as standalone SVG files, from live runs or from a saved run's JSON.",
        subcommands: [Targets.self, ChiMatrix.self, PatterningTrajectory.self]
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
                data = try JSONDecoder().decode(ChiComparison.self, from: Data(contentsOf: URL(fileURLWithPath: input)))
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
                run = try JSONDecoder().decode(PatterningRun.self, from: Data(contentsOf: URL(fileURLWithPath: input)))
            } else if synthetic {
                run = .synthetic()
            } else {
                throw ValidationError("give --input run.json or --synthetic")
            }
            try output.write(.patterningTrajectory(run))
        }
    }
}
