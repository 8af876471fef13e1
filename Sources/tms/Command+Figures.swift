import ArgumentParser
import Figures
import Foundation
import TMSEngine

/// `tms figures`: the essay's figures as standalone SVG files. The subcommands
/// are in `Command+Figures+X.swift`; the options they share are here.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw the essay's figures as standalone SVG files, from live runs or from a saved run's JSON.",
        subcommands: [All.self, Polygons.self, Clouds.self, CloudGrid.self, Training.self, PatterningTrajectory.self, ChiMatrix.self, Targets.self]
    )

    /// The figures' live runs use β in this range (the essay's β = 50; the fixtures reach 10⁶).
    static let largestBeta = 1e6

    struct Output: ParsableArguments {
        @Option(name: .shortAndLong, help: "Directory to write the SVG files into (created if missing).")
        var output: String = "figures"

        func write(_ figure: Figure) throws {
            try InputFiles.createDirectory(output, option: "--output")
            let path = URL(fileURLWithPath: output, isDirectory: true).appendingPathComponent(figure.fileName).path
            try InputFiles.write(Data(figure.svg.utf8), to: path, option: "--output")
            print(path)
        }
    }

    /// The largest `--input` file: 16 MiB (a figure draws at most ``Figure/maximumSeriesLength``
    /// series of at most ``Figure/maximumMatrixSide`` values).
    static let maximumInputBytes = 16 << 20

    /// The saved data of a figure (`--input`), checked as it is decoded.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        try InputFiles.readJSON(type, path, option: "--input", maximumBytes: maximumInputBytes)
    }

    /// The drawn data as JSON (`--save-data`).
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try InputFiles.write(try encoder.encode(value), to: path, option: "--save-data")
        print(path)
    }

    /// `tms figures all`.
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every figure with its default live run (seed 0): polygons, clouds, cloud grid, training, patterning, χ matrix, targets.")
        @OptionGroup var output: Output

        func run() throws {
            try InputFiles.createDirectory(output.output, option: "--output")
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

    /// The SGLD settings of a live run around the current weights
    /// (devinterp's parametrization, Derivations/Conventions.md §4).
    struct LocalSampling: ParsableArguments {
        @Option(help: "Inverse temperature β of the total loss (nβ = 32β), in [1e-6, 1e6].")
        var beta: Double = 50
        @Option(help: "Localization γ: 0 or in [1e-100, 1e100].")
        var localization: Double = 100
        @Option(help: "SGLD step size ε in [1e-100, 1e100].")
        var stepSize: Double = 1e-4
        @Option(help: "Chains (\(Limits.chains.text)).")
        var chains: Int = 4
        @Option(help: "Burn-in steps per chain (\(Limits.burnIn.text)).")
        var burnIn: Int = 1000
        @Option(help: "Draws per chain (\(Limits.draws.text), memory permitting).")
        var draws: Int = 2000
        @Option(help: "Seed of the chains (and of any training that makes the centre).")
        var seed: UInt64 = 0

        var settings: SamplerSettings {
            SamplerSettings(stepSize: stepSize, nBeta: 32 * beta, localization: localization, chains: chains,
                            burnIn: burnIn, draws: draws, seed: seed)
        }

        /// The checks of a live run that records `recording`.
        func validate(recording: RecordingOptions) throws {
            try check("--beta", beta, .range(1e-6, FiguresCommand.largestBeta))
            try checkSampler(settings, recording: recording)
        }
    }
}
