import ArgumentParser
import Foundation
import Patterning

// MARK: - sweep

extension PatternCommand {
    struct SweepCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Success rates of the controlled 4→5 bifurcation over seeds, per gap and sparsity.",
            discussion: "With --controller none, reports which gap the new feature chose without patterning.")

        @Option(help: "Seeds per gap and sparsity (\(Limits.seeds.text)): first-seed ..< first-seed + N.") var seeds: Int = 20
        @Option(help: "First seed.") var firstSeed: UInt64 = 0
        @Option(parsing: .upToNextOption, help: "Sparsities, each in [1e-60, 1).") var sparsity: [Double] = [0.95, 0.9]
        @Option(parsing: .upToNextOption, help: "Gaps (default: all, 0..<from).") var gaps: [Int] = []
        @OptionGroup var options: ExperimentOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

        func validate() throws {
            try checkSeeds(first: firstSeed, count: seeds)
            try options.checkRun(gaps: gaps, gapOption: "--gaps", sparsities: sparsity, seed: firstSeed)
        }

        struct Row: Encodable {
            var sparsity: Double
            var gap: Int?
            var seeds: Int
            var successes: Int
            var successRate: Double
            /// Runs where W_4 ended between the chosen neighbours (regular or not).
            var correctGap: Int
            /// Runs that threw (e.g. gradient descent diverged), counted as failures.
            var errors: Int
            var chosenGaps: [String: Int]
            var regularPentagons: Int
            /// Mean number of estimates of χ per run (runs that threw excluded).
            var meanPatterningSteps: Double
        }

        func run() throws {
            var rows: [Row] = []
            var failures: [String] = []
            let noPatterning = options.controller == "none"
            let gapList = noPatterning ? [0] : (gaps.isEmpty ? Array(0..<options.from) : gaps)
            let bar = ProgressBar(enabled: ProgressBar.stderrIsTerminal, unit: "runs")
            let total = sparsity.count * gapList.count * seeds
            var done = 0
            for s in sparsity {
                for gap in gapList {
                    var successes = 0, regular = 0, correct = 0, errors = 0, steps = 0
                    var chosen: [String: Int] = [:]
                    for k in 0..<seeds {
                        bar.update(done, total)
                        done += 1
                        let seed = firstSeed + UInt64(k)
                        let experiment = try options.experiment(gap: gap, seed: seed, sparsity: s)
                        let o: BifurcationOutcome
                        do { o = try experiment.run() } catch {
                            // A run that throws counts as a failure in the table and is shown on stderr.
                            let message = "gap \(gap), S = \(s), seed \(seed): \(ToolError(classifying: error).message)"
                            FileHandle.standardError.write(Data("\(bar.enabled ? "\n" : "")error: \(message)\n".utf8))
                            failures.append(message)
                            errors += 1
                            chosen["error", default: 0] += 1
                            continue
                        }
                        successes += o.success ? 1 : 0
                        steps += o.run.records.count
                        regular += o.isRegularPentagon ? 1 : 0
                        correct += o.chosenGap == gap ? 1 : 0
                        chosen[o.chosenGap.map(String.init) ?? "none", default: 0] += 1
                    }
                    rows.append(Row(
                        sparsity: s, gap: noPatterning ? nil : gap, seeds: seeds, successes: successes,
                        successRate: Double(successes) / Double(seeds), correctGap: correct, errors: errors,
                        chosenGaps: chosen, regularPentagons: regular,
                        meanPatterningSteps: seeds > errors ? Double(steps) / Double(seeds - errors) : 0))
                }
            }
            bar.update(total, total)
            bar.finish()
            switch format {
            case .json: print(try PatternCommand.json(rows))
            case .table:
                print("controller \(options.controller), targets \(options.targetName), max change \(options.maxChangeValue), seeds \(firstSeed)..<\(firstSeed + UInt64(seeds))")
                print("S      gap  success         correct gap  regular pentagon  steps  chosen gaps")
                for r in rows {
                    let chosen = r.chosenGaps.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
                    let success = "\(r.successes)/\(r.seeds) (\(Int((100 * r.successRate).rounded()))%)"
                    print(PatternCommand.number(r.sparsity, 2) + "   " + (r.gap.map(String.init) ?? "-") + "    "
                        + success.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + "\(r.correctGap)/\(r.seeds)".padding(toLength: 13, withPad: " ", startingAt: 0)
                        + "\(r.regularPentagons)/\(r.seeds)".padding(toLength: 18, withPad: " ", startingAt: 0)
                        + PatternCommand.number(r.meanPatterningSteps, 1).padding(toLength: 7, withPad: " ", startingAt: 0) + chosen)
                }
            }
            if !failures.isEmpty {
                throw ToolError.checkFailed("\(failures.count) of the runs failed with an error (listed above); they count as failures in the table")
            }
        }
    }
}
