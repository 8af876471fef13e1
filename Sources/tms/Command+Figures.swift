import ArgumentParser
import Figures
import Foundation

/// `tms figures`: the essay's figures as standalone SVG files.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw the essay's figures as standalone SVG files, from live runs or from a saved run's JSON.",
        subcommands: [Targets.self]
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
}
