import AnalyticOracle
import ArgumentParser
import D5Taxonomy
import Foundation
import Patterning
import TMSEngine

/// `tms pattern`: the patterning step, controlled bifurcations, seed sweeps.
struct PatternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pattern",
        abstract: "Patterning: the patterning step, choosing the 4→5 bifurcation, success sweeps over seeds.",
        subcommands: [StepCommand.self, BifurcationCommand.self, SweepCommand.self, RewriteCommand.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, table }

    /// Encodes `value` as the tool's JSON (``encodedJSON(_:)``).
    static func json<T: Encodable>(_ value: T) throws -> String { try encodedJSON(value) }

    static func number(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
}

// MARK: - step

extension PatternCommand {
    struct StepCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step",
            abstract: "One patterning step: dh = χᵀ(χχᵀ + αI)⁻¹dμ, the training weights and the mode structure of χ.",
            discussion: """
                χ comes from --chi FILE (JSON: the engine's Susceptibility object with "rows", "columns", "values", \
                or a plain array of rows) or from --oracle-beta β (the closed-form χ at the 4→5 bifurcation: rows \
                dot(0,4)…dot(3,4), columns the five one-hot types). Each --change NAME=VALUE sets dμ for one row \
                (NAME an observable name such as dot(0,4), or a row index); rows without a change are not steered.
                Example: tms pattern step --oracle-beta 50 --change 'dot(0,4)=0.1' --change 'dot(1,4)=0.1' --baseline uniform
                """)

        @Option(help: "χ as JSON (engine Susceptibility or array of rows).") var chi: String?
        @Option(help: "Use the closed-form χ at the 4→5 bifurcation at this β.") var oracleBeta: Double?
        @Option(help: "A target change NAME=VALUE (repeatable).") var change: [String] = []
        @Option(help: "Ridge α of the Gram solve.") var ridge: Double = PatterningStep.defaultRidge
        @Option(help: "Perturbation scale s.") var scale: Double = 1
        @Option(help: "Weight rule: additive or exponential.") var rule: String = "additive"
        @Option(help: "Floor ε of the additive rule.") var floor: Double = WeightRule.defaultFloor
        @Option(help: "Baseline weights h₀: uniform, onehot, or natural:S (32 columns only).") var baseline: String = "uniform"
        @Option(help: "Output format: json or table.") var format: Format = .table

        func run() throws {
            let (matrix, rowNames, columnNames) = try loadChi()
            var rows: [Int] = []
            var dmu: [Double] = []
            guard !change.isEmpty else { throw ValidationError("give at least one --change NAME=VALUE") }
            for item in change {
                let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let value = Double(parts[1]) else { throw ValidationError("--change '\(item)' is not NAME=VALUE") }
                guard let row = rowNames.firstIndex(of: parts[0]) ?? Int(parts[0]), (0..<matrix.rows).contains(row) else {
                    throw ValidationError("--change: unknown row '\(parts[0])' (rows: \(rowNames.joined(separator: ", ")))")
                }
                rows.append(row)
                dmu.append(value)
            }
            let selected = try matrix.selecting(rows: rows)
            let step = try PatterningStep(susceptibility: selected, targetChange: dmu, ridge: ridge)
            let h0 = try baselineWeights(count: matrix.columns)
            let weightRule: WeightRule
            switch rule {
            case "additive": weightRule = .additive(floor: floor)
            case "exponential": weightRule = .exponential
            default: throw ValidationError("--rule must be additive or exponential, not '\(rule)'")
            }
            let h = try step.weights(baseline: h0, rule: weightRule, scale: scale)
            let predicted = try step.predictedChange(baseline: h0, weights: h)
            let modes = try ModeStructure(susceptibility: selected)
            let output = StepOutput(
                rows: rows.map { rowNames[$0] }, targetChange: dmu, columns: columnNames, reweighting: step.reweighting,
                baseline: h0, weights: h, predictedChange: predicted, principalGains: modes.principalGains,
                conditionNumber: modes.conditionNumber.isFinite ? modes.conditionNumber : nil,
                ridgeFilter: try modes.ridgeFilter(ridge: ridge), ridge: ridge, scale: scale, rule: rule)
            switch format {
            case .json: print(try PatternCommand.json(output))
            case .table: print(output.table)
            }
        }

        func loadChi() throws -> (DenseMatrix, [String], [String]) {
            switch (chi, oracleBeta) {
            case (nil, let beta?):
                let oracle = BifurcationSusceptibilities<Double>(beta: beta)
                let observables = (0..<4).map { AnalyticOracle.Observable.dot($0, 4) }
                let values = try oracle.matrix(rows: observables, inputs: InputType.oneHot)
                return (try DenseMatrix(values, name: "χ"), observables.map(\.description), InputType.oneHot.map(\.name))
            case (let path?, nil):
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                if let chi = try? JSONDecoder().decode(Susceptibility.self, from: data) {
                    let m = try DenseMatrix(rows: chi.rows.count, columns: chi.columns, entries: chi.values, name: "χ")
                    return (m, chi.rows, columnNames(chi.columns))
                }
                let rows = try JSONDecoder().decode([[Double]].self, from: data)
                let m = try DenseMatrix(rows, name: "χ")
                let standard = ObservableSet.oracle.names
                let names = m.rows <= standard.count ? Array(standard.prefix(m.rows)) : (0..<m.rows).map(String.init)
                return (m, names, columnNames(m.columns))
            default:
                throw ValidationError("give exactly one of --chi FILE and --oracle-beta β")
            }
        }

        func columnNames(_ n: Int) -> [String] { n == 32 ? (0..<32).map { TMSModel.typeName($0) } : (0..<n).map(String.init) }

        func baselineWeights(count: Int) throws -> [Double] {
            if baseline == "uniform" { return Array(repeating: 1, count: count) }
            if baseline == "onehot" {
                guard count == 32 else { return Array(repeating: 1, count: count) }
                return TMSModel.oneHotWeights()
            }
            if baseline.hasPrefix("natural:"), let s = Double(baseline.dropFirst(8)), count == 32 {
                return try TMSModel.naturalWeights(sparsity: s)
            }
            throw ValidationError("--baseline must be uniform, onehot or natural:S (natural needs 32 columns), not '\(baseline)'")
        }
    }

    struct StepOutput: Encodable {
        var rows: [String]
        var targetChange: [Double]
        var columns: [String]
        var reweighting: [Double]
        var baseline: [Double]
        var weights: [Double]
        var predictedChange: [Double]
        var principalGains: [Double]
        var conditionNumber: Double?
        var ridgeFilter: [Double]
        var ridge: Double
        var scale: Double
        var rule: String

        var table: String {
            var lines = ["patterning step: ridge α = \(ridge), scale s = \(scale), rule \(rule)", "",
                         "row            dμ target   δμ predicted"]
            for k in rows.indices {
                lines.append(rows[k].padding(toLength: 14, withPad: " ", startingAt: 0)
                    + " " + PatternCommand.number(targetChange[k], 6).leftPadded(10)
                    + "   " + PatternCommand.number(predictedChange[k], 6).leftPadded(12))
            }
            lines += ["", "input           dh         h₀          h"]
            for x in columns.indices {
                lines.append(columns[x].padding(toLength: 8, withPad: " ", startingAt: 0)
                    + PatternCommand.number(reweighting[x], 6).leftPadded(11)
                    + PatternCommand.number(baseline[x], 6).leftPadded(11)
                    + PatternCommand.number(weights[x], 6).leftPadded(11))
            }
            lines += ["", "principal gains σ: " + principalGains.map { PatternCommand.number($0, 6) }.joined(separator: " "),
                      "ridge filter σ/(σ²+α): " + ridgeFilter.map { PatternCommand.number($0, 6) }.joined(separator: " "),
                      "condition number: " + (conditionNumber.map { PatternCommand.number($0, 3) } ?? "∞")]
            return lines.joined(separator: "\n")
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

// MARK: - bifurcation

extension PatternCommand {
    /// Step-size and plateau-test options shared by the loop commands.
    struct ControlOptions: ParsableArguments {
        @Option(help: "Integral action: largest |s·dh| = min(max-change, R·Δt), Δt the epochs since the last estimate (0: off).")
        var changePerEpoch: Double?
        @Option(help: "Return to the natural weights when |δμ|∞ ≤ this at an estimate (target reached; rewrite default 0.1, 0: off).")
        var arrivalTolerance: Double?
        @Option(help: "Plateau test: window w (epochs).") var plateauWindow: Int?
        @Option(help: "Plateau test: relative loss decrease r over the window.") var plateauDecrease: Double?
        @Option(help: "Plateau test: minimum epochs between estimates.") var plateauMinimum: Int?
        @Option(help: "Plateau test: maximum epochs between estimates.") var plateauMaximum: Int?

        func scale(maxChange: Double) -> StepScale {
            changePerEpoch.flatMap { $0 > 0 ? .integral(perEpoch: $0, cap: maxChange) : nil } ?? .maxChange(maxChange)
        }

        func schedule(_ text: String) throws -> RecomputeSchedule {
            var schedule = try RecomputeSchedule(parsing: text)
            if case .adaptive(var test) = schedule {
                if let w = plateauWindow { test.window = w }
                if let r = plateauDecrease { test.relativeDecrease = r }
                if let m = plateauMinimum { test.minimumInterval = m }
                if let m = plateauMaximum { test.maximumInterval = m }
                schedule = .adaptive(test)
            }
            return schedule
        }
    }
}

extension PatternCommand {
    /// Options shared by `bifurcation` and `sweep`.
    struct ExperimentOptions: ParsableArguments {
        @Option(help: "The k of the k → k+1 bifurcation: 4 (square → pentagon) or 3 (triangle → square, W_4 frozen at 0).") var from: Int = 4
        @Option(help: "Controller: single, periodic, periodic:K, adaptive, or none (no patterning).")
        var controller: String = "single"
        @Option(help: "Target set: neighbours, neighbours-and-pair, all-cosines (default: neighbours for single, all-cosines for loops).")
        var targets: String?
        @Option(help: "Largest single |s·dh| per patterning step (default: 4 for single, 1 for loops).") var maxChange: Double?
        @Option(help: "Weight rule: exponential or additive.") var rule: String = "exponential"
        @Option(help: "Epochs under patterning control (default: 300 for single, 1000 for loops).") var epochs: Int?
        @Option(help: "Epochs on the natural weights afterwards.") var releaseEpochs: Int = 2000
        @Option(help: "Gradient-descent learning rate.") var learningRate: Double = 0.5
        @Option(help: "SGLD draws per chain per measurement (default: 1000 for single, 500 for loops).") var draws: Int?
        @Flag(help: "Sample all coordinates (default: only W_4 while steering the neighbours).") var sampleAll = false
        @OptionGroup var control: ControlOptions

        /// Single step (or no patterning) rather than a loop: the defaults below
        /// are the settings of the measured tables in PatterningBifurcation.md.
        var isSingle: Bool { controller == "single" || controller == "none" }
        var targetName: String { targets ?? (isSingle ? "neighbours" : "all-cosines") }
        var maxChangeValue: Double { maxChange ?? (isSingle ? 4 : 1) }

        func experiment(gap: Int, seed: UInt64, sparsity: Double) throws -> BifurcationExperiment {
            guard from == 4 || from == 3 else { throw ValidationError("--from \(from): only 4 (→ 5) and 3 (→ 4) are implemented") }
            var e = BifurcationExperiment(gap: gap, seed: seed)
            e.from = from
            e.sparsity = sparsity
            e.schedule = controller == "none" ? nil : try control.schedule(controller)
            let name = targetName
            guard let set = BifurcationExperiment.TargetSet(rawValue: name) else {
                throw ValidationError("--targets must be one of \(BifurcationExperiment.TargetSet.allCases.map(\.rawValue)), not '\(name)'")
            }
            e.targetSet = set
            e.sampleDeadFeatureOnly = !sampleAll && set == .neighbours
            e.scale = control.scale(maxChange: maxChangeValue)
            e.arrivalTolerance = control.arrivalTolerance.flatMap { $0 > 0 ? $0 : nil }
            switch rule {
            case "additive": e.rule = .additive()
            case "exponential": e.rule = .exponential
            default: throw ValidationError("--rule must be additive or exponential, not '\(rule)'")
            }
            e.controlledEpochs = epochs ?? (isSingle ? 300 : 1000)
            e.releaseEpochs = releaseEpochs
            e.learningRate = learningRate
            e.sampler.draws = draws ?? (isSingle ? 1000 : 500)
            return e
        }
    }

    struct BifurcationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bifurcation",
            abstract: "Pattern the 4→5 bifurcation so the new feature grows into a chosen gap of the square.")

        @Option(help: "Gap 0…3, between square features g and g+1 (mod 4).") var gap: Int
        @Option(help: "Seed (initial direction of the dead feature, sampler streams).") var seed: UInt64 = 0
        @Option(help: "Sparsity S of the natural data.") var sparsity: Double = 0.95
        @OptionGroup var options: ExperimentOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

        func run() throws {
            let outcome = try options.experiment(gap: gap, seed: seed, sparsity: sparsity).run()
            let report = BifurcationReport(outcome, controller: options.controller, sparsity: sparsity)
            switch format {
            case .json: print(try PatternCommand.json(report))
            case .table: print(report.table)
            }
        }
    }

    struct StepRecordReport: Encodable {
        var epoch: Int
        var observables: [Double]
        var trackingError: [Double]
        var reweighting: [Double]
        var scale: Double
        var weights: [Double]
        var predictedChange: [Double]
        var principalGains: [Double]
    }

    struct BifurcationReport: Encodable {
        var gap: Int
        var seed: UInt64
        var sparsity: Double
        var controller: String
        var success: Bool
        var chosenGap: Int?
        var regularPentagon: Bool
        var finalCosines: [Double]
        var targetCosines: [Double]
        var finalNorms: [Double]
        var finalParameters: [Double]
        var patterningSteps: Int
        var estimationEpochs: [Int]
        var epochs: Int
        var weightHistory: [StepRecordReport]
        var finalLoss: Double?

        init(_ o: BifurcationOutcome, controller: String, sparsity: Double) {
            gap = o.gap
            seed = o.seed
            self.sparsity = sparsity
            self.controller = controller
            success = o.success
            chosenGap = o.chosenGap
            regularPentagon = o.isRegularPentagon
            finalCosines = o.finalCosines
            targetCosines = o.targetCosines
            finalNorms = o.finalNorms
            finalParameters = o.finalParameters
            patterningSteps = o.run.records.count
            estimationEpochs = o.run.estimationEpochs
            epochs = o.run.epochs
            weightHistory = o.run.records.map {
                StepRecordReport(
                    epoch: $0.epoch, observables: $0.observables, trackingError: $0.trackingError, reweighting: $0.reweighting,
                    scale: $0.scale, weights: $0.weights, predictedChange: $0.predictedChange, principalGains: $0.principalGains)
            }
            finalLoss = o.run.lossHistory.last
        }

        var table: String {
            let pairs = (0..<5).flatMap { i in (i + 1..<5).map { "dot(\(i),\($0))" } }
            var lines = [
                "bifurcation, gap \(gap), seed \(seed), S = \(sparsity), controller \(controller)",
                "success: \(success)   chosen gap: \(chosenGap.map(String.init) ?? "none")   regular polygon: \(regularPentagon)",
                "patterning steps: \(patterningSteps) at epochs \(estimationEpochs)   epochs: \(epochs)", "",
                "observable   final     target"]
            for k in pairs.indices {
                lines.append(pairs[k].padding(toLength: 10, withPad: " ", startingAt: 0)
                    + PatternCommand.number(finalCosines[k]).leftPadded(8) + PatternCommand.number(targetCosines[k]).leftPadded(10))
            }
            lines.append("norms: " + finalNorms.map { PatternCommand.number($0) }.joined(separator: " "))
            return lines.joined(separator: "\n")
        }
    }
}

// MARK: - sweep

extension PatternCommand {
    struct SweepCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Success rates of the controlled 4→5 bifurcation over seeds, per gap and sparsity.",
            discussion: "With --controller none, reports which gap the new feature chose without patterning.")

        @Option(help: "Seeds 0..<N per gap and sparsity.") var seeds: Int = 20
        @Option(help: "First seed.") var firstSeed: UInt64 = 0
        @Option(parsing: .upToNextOption, help: "Sparsities.") var sparsity: [Double] = [0.95, 0.9]
        @Option(parsing: .upToNextOption, help: "Gaps (default: all, 0..<from).") var gaps: [Int] = []
        @OptionGroup var options: ExperimentOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

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
            let noPatterning = options.controller == "none"
            for s in sparsity {
                for gap in noPatterning ? [0] : (gaps.isEmpty ? Array(0..<options.from) : gaps) {
                    var successes = 0, regular = 0, correct = 0, errors = 0, steps = 0
                    var chosen: [String: Int] = [:]
                    for k in 0..<seeds {
                        let experiment = try options.experiment(gap: gap, seed: firstSeed + UInt64(k), sparsity: s)
                        guard let o = try? experiment.run() else {
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
        }
    }
}

// MARK: - rewrite

extension PatternCommand {
    struct RewriteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewrite",
            abstract: "Rewrite a trained pentagon into a target arrangement (cycle notation, e.g. '(f3 f4)').")

        @Option(name: [.customLong("target"), .customLong("cycles")], help: "Target permutation in cycle notation, e.g. '(f3 f4)' or '(f1 f2 f3)'.") var cycles: String
        @Option(help: "Seeds 0..<N (one run each).") var seeds: Int = 1
        @Option(help: "First seed.") var firstSeed: UInt64 = 0
        @Option(help: "Sparsity S of the natural data.") var sparsity: Double = 0.95
        @Option(help: "Controller: single, periodic, periodic:K, adaptive.") var controller: String = "periodic:10"
        @Option(help: "Largest single |s·dh| per step (default: 2 for adaptive, 1 otherwise).") var maxChange: Double?
        @Option(help: "Epochs under patterning control.") var epochs: Int = 1000
        @Option(help: "Epochs on the natural weights afterwards.") var releaseEpochs: Int = 1000
        @Option(help: "SGLD draws per chain per measurement.") var draws: Int = 500
        @OptionGroup var control: ControlOptions
        @Option(help: "Output format: json or table.") var format: Format = .table

        struct Report: Encodable {
            var seed: UInt64
            var success: Bool
            var reached: String
            var target: String
            var regularPentagon: Bool
            var finalCosines: [Double]
            var targetCosines: [Double]
            var patterningSteps: Int
            var estimationEpochs: [Int]
            var epochs: Int
            var permutationEpoch: Int?
            var stepsToPermutation: Int?
            var settledEpoch: Int?
            var stepsToSettle: Int?
            var weightHistory: [StepRecordReport]
        }

        func run() throws {
            let target = try FeaturePermutation(cycles: cycles).arrangement
            var reports: [Report] = []
            for k in 0..<seeds {
                var e = RewriteExperiment(target: target, seed: firstSeed + UInt64(k))
                e.sparsity = sparsity
                // Defaults: the settings of the tables in PatterningRewrite.md.
                var control = control
                let adaptive = controller == "adaptive"
                var cap = 1.0
                if adaptive, case .integral(let rate, let adaptiveCap) = RewriteExperiment.adaptiveScale,
                   case .adaptive(let test) = RewriteExperiment.adaptiveSchedule {
                    control.changePerEpoch = control.changePerEpoch ?? rate
                    control.plateauMaximum = control.plateauMaximum ?? test.maximumInterval
                    cap = adaptiveCap
                }
                e.schedule = try control.schedule(controller)
                e.scale = control.scale(maxChange: maxChange ?? cap)
                e.arrivalTolerance = (control.arrivalTolerance ?? 0.1) > 0 ? control.arrivalTolerance ?? 0.1 : nil
                e.controlledEpochs = epochs
                e.releaseEpochs = releaseEpochs
                e.sampler.draws = draws
                let o = try e.run()
                reports.append(Report(
                    seed: o.seed, success: o.success, reached: o.reached.description, target: target.description,
                    regularPentagon: o.isRegularPentagon, finalCosines: o.finalCosines, targetCosines: o.targetCosines,
                    patterningSteps: o.run.records.count, estimationEpochs: o.run.estimationEpochs, epochs: o.run.epochs,
                    permutationEpoch: o.milestones.permutationEpoch, stepsToPermutation: o.milestones.stepsToPermutation,
                    settledEpoch: o.milestones.settledEpoch, stepsToSettle: o.milestones.stepsToSettle,
                    weightHistory: o.run.records.map {
                        StepRecordReport(
                            epoch: $0.epoch, observables: $0.observables, trackingError: $0.trackingError,
                            reweighting: $0.reweighting, scale: $0.scale, weights: $0.weights,
                            predictedChange: $0.predictedChange, principalGains: $0.principalGains)
                    }))
            }
            switch format {
            case .json: print(try PatternCommand.json(reports))
            case .table:
                print("rewrite to \(target) (\(cycles)), S = \(sparsity), controller \(controller)")
                print("seed  success  reached      regular  steps  permutation (epoch/steps)  settled (epoch/steps)")
                func pair(_ e: Int?, _ k: Int?) -> String { e.map { "\($0) / \(k ?? 0)" } ?? "-" }
                for r in reports {
                    print("\(r.seed)".padding(toLength: 6, withPad: " ", startingAt: 0)
                        + "\(r.success)".padding(toLength: 9, withPad: " ", startingAt: 0)
                        + r.reached.padding(toLength: 13, withPad: " ", startingAt: 0)
                        + "\(r.regularPentagon)".padding(toLength: 9, withPad: " ", startingAt: 0)
                        + "\(r.patterningSteps)".padding(toLength: 7, withPad: " ", startingAt: 0)
                        + pair(r.permutationEpoch, r.stepsToPermutation).padding(toLength: 27, withPad: " ", startingAt: 0)
                        + pair(r.settledEpoch, r.stepsToSettle))
                }
                let wins = reports.filter(\.success)
                func median(_ v: [Int]) -> String {
                    guard !v.isEmpty else { return "-" }
                    let s = v.sorted()
                    return s.count % 2 == 1 ? "\(s[s.count / 2])" : PatternCommand.number(Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2, 1)
                }
                func range(_ v: [Int]) -> String { v.isEmpty ? "-" : "\(v.min()!)–\(v.max()!)" }
                let pe = wins.compactMap(\.permutationEpoch), ps = wins.compactMap(\.stepsToPermutation)
                let se = wins.compactMap(\.settledEpoch), ss = wins.compactMap(\.stepsToSettle)
                print("successful runs, median (range): permutation at epoch \(median(pe)) (\(range(pe))) after \(median(ps)) (\(range(ps))) steps; "
                    + "settled at epoch \(median(se)) (\(range(se))) after \(median(ss)) (\(range(ss))) steps")
                print("successes: \(reports.filter(\.success).count)/\(reports.count)")
            }
        }
    }
}
