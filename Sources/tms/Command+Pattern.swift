import AnalyticOracle
import ArgumentParser
import D5Taxonomy
import Foundation
import Patterning
import TMSEngine

/// `tms pattern`: the patterning step, controlled bifurcations, seed sweeps.
/// The subcommands are in `Command+Pattern+Step.swift`, `…+Bifurcation.swift`,
/// `…+Sweep.swift` and `…+Rewrite.swift`; the option groups they share are here.
struct PatternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pattern",
        abstract: "Patterning: the patterning step, choosing the 4→5 bifurcation, success sweeps over seeds.",
        subcommands: [StepCommand.self, BifurcationCommand.self, SweepCommand.self, RewriteCommand.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, table }

    /// Encodes `value` as the tool's JSON (``encodedJSON(_:)``).
    static func json<T: Encodable>(_ value: T) throws -> String { try encodedJSON(value) }

    static func number(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

    /// `--rule`: additive or exponential.
    static func weightRule(_ text: String, floor: Double = WeightRule.defaultFloor) throws -> WeightRule {
        switch text {
        case "additive": return .additive(floor: floor)
        case "exponential": return .exponential
        default: throw ValidationError("--rule must be additive or exponential, got '\(text)'")
        }
    }

    /// `--controller`: single, periodic, periodic:K (K ≥ 1), adaptive (and none where allowed).
    static func schedule(_ text: String, allowNone: Bool) throws -> RecomputeSchedule? {
        if allowNone, text == "none" { return nil }
        do { return try RecomputeSchedule(parsing: text) } catch {
            throw ValidationError(
                "--controller must be single, periodic, periodic:K (K ≥ 1) or adaptive\(allowNone ? " or none" : ""), got '\(text)'")
        }
    }

    /// SGLD draws per chain of one measurement of χ.
    static let draws = 25...1_000_000

    /// `--draws` of the measurements, with the experiment's other sampler settings.
    static func checkDraws(_ draws: Int, sampler: SamplerSettings) throws {
        try check("--draws", draws, in: Self.draws)
        var settings = sampler
        settings.draws = draws
        try checkSampler(settings, recording: RecordingOptions(observables: .structural(), perSampleLosses: true))
    }

    /// The library's own check of a built experiment, as a usage error (a backstop: the options are checked first).
    static func validated(_ body: () throws -> Void) throws {
        do { try body() } catch { throw ValidationError(ToolError(classifying: error).message) }
    }
}

extension PatternCommand {
    /// Step-size and plateau-test options shared by the loop commands.
    struct ControlOptions: ParsableArguments {
        @Option(help: "Integral action: largest |s·dh| = min(max-change, R·Δt), Δt the epochs since the last estimate (R ≥ 0; 0: off).")
        var changePerEpoch: Double?
        @Option(help: "Return to the natural weights when |δμ|∞ ≤ this at an estimate (target reached; rewrite default 0.1, 0: off).")
        var arrivalTolerance: Double?
        @Option(help: "Plateau test: window w (epochs, \(Self.intervals.text)).") var plateauWindow: Int?
        @Option(help: "Plateau test: relative loss decrease r ≥ 0 over the window.") var plateauDecrease: Double?
        @Option(help: "Plateau test: minimum epochs between estimates (\(Self.intervals.text)).") var plateauMinimum: Int?
        @Option(help: "Plateau test: maximum epochs between estimates (\(Self.intervals.text), ≥ the minimum).") var plateauMaximum: Int?

        static let intervals = 1...1_000_000

        func validate() throws {
            if let changePerEpoch { try check("--change-per-epoch", changePerEpoch, .nonNegative) }
            if let arrivalTolerance { try check("--arrival-tolerance", arrivalTolerance, .nonNegative) }
            if let plateauWindow { try check("--plateau-window", plateauWindow, in: Self.intervals) }
            if let plateauDecrease { try check("--plateau-decrease", plateauDecrease, .nonNegative) }
            if let plateauMinimum { try check("--plateau-minimum", plateauMinimum, in: Self.intervals) }
            if let plateauMaximum { try check("--plateau-maximum", plateauMaximum, in: Self.intervals) }
            let test = PlateauTest()
            let minimum = plateauMinimum ?? test.minimumInterval, maximum = plateauMaximum ?? test.maximumInterval
            guard maximum >= minimum else {
                throw ValidationError("--plateau-maximum (\(maximum)) must be at least --plateau-minimum (\(minimum))")
            }
        }

        func scale(maxChange: Double) -> StepScale {
            changePerEpoch.flatMap { $0 > 0 ? .integral(perEpoch: $0, cap: maxChange) : nil } ?? .maxChange(maxChange)
        }

        func schedule(_ text: String) throws -> RecomputeSchedule {
            guard var schedule = try PatternCommand.schedule(text, allowNone: false) else { return .single }
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

    /// Options shared by `bifurcation` and `sweep`.
    struct ExperimentOptions: ParsableArguments {
        @Option(help: "The k of the k → k+1 bifurcation: 4 (square → pentagon) or 3 (triangle → square, W_4 frozen at 0).") var from: Int = 4
        @Option(help: "Controller: single, periodic, periodic:K, adaptive, or none (no patterning).")
        var controller: String = "single"
        @Option(help: "Target set: neighbours, neighbours-and-pair, all-cosines (default: neighbours for single, all-cosines for loops).")
        var targets: String?
        @Option(help: "Largest single |s·dh| in (0, 100] per patterning step (default: 4 for single, 1 for loops).") var maxChange: Double?
        @Option(help: "Weight rule: exponential or additive.") var rule: String = "exponential"
        @Option(help: "Epochs under patterning control, \(Limits.patterningEpochs.text) (default: 300 for single, 1000 for loops).") var epochs: Int?
        @Option(help: "Epochs on the natural weights afterwards (\(Limits.patterningEpochs.text)).") var releaseEpochs: Int = 2000
        @Option(help: "Gradient-descent learning rate in [1e-100, 1e100].") var learningRate: Double = 0.5
        @Option(help: "SGLD draws per chain per measurement, \(PatternCommand.draws.text) (default: 1000 for single, 500 for loops).") var draws: Int?
        @Flag(help: "Sample all coordinates (default: only W_4 while steering the neighbours).") var sampleAll = false
        @OptionGroup var control: ControlOptions

        /// Single step (or no patterning) rather than a loop: the defaults below
        /// are the settings of the measured tables in PatterningBifurcation.md.
        var isSingle: Bool { controller == "single" || controller == "none" }
        var targetName: String { targets ?? (isSingle ? "neighbours" : "all-cosines") }
        var maxChangeValue: Double { maxChange ?? (isSingle ? 4 : 1) }

        /// The options that do not depend on gap, seed and sparsity, in the order they are typed.
        func validate() throws {
            guard from == 4 || from == 3 else { throw ValidationError("--from must be 4 (→ 5) or 3 (→ 4), got \(from)") }
            _ = try PatternCommand.schedule(controller, allowNone: true)
            guard BifurcationExperiment.TargetSet(rawValue: targetName) != nil else {
                throw ValidationError(
                    "--targets must be one of \(BifurcationExperiment.TargetSet.allCases.map(\.rawValue).joined(separator: ", ")), got '\(targetName)'")
            }
            if let maxChange { try check("--max-change", maxChange, .positive(atMost: Limits.maxChange)) }
            _ = try PatternCommand.weightRule(rule)
            if let epochs { try check("--epochs", epochs, in: Limits.patterningEpochs) }
            try check("--release-epochs", releaseEpochs, in: Limits.patterningEpochs)
            try check("--learning-rate", learningRate, .scale)
            if let draws { try PatternCommand.checkDraws(draws, sampler: BifurcationExperiment(gap: 0, seed: 0).sampler) }
        }

        /// The experiment at `gap`, `seed`, `sparsity` (each checked by the caller).
        func experiment(gap: Int, seed: UInt64, sparsity: Double) throws -> BifurcationExperiment {
            var e = BifurcationExperiment(gap: gap, seed: seed)
            e.from = from
            e.sparsity = sparsity
            e.schedule = controller == "none" ? nil : try control.schedule(controller)
            guard let set = BifurcationExperiment.TargetSet(rawValue: targetName) else {
                throw ValidationError("--targets must be one of \(BifurcationExperiment.TargetSet.allCases.map(\.rawValue)), got '\(targetName)'")
            }
            e.targetSet = set
            e.sampleDeadFeatureOnly = !sampleAll && set == .neighbours
            e.scale = control.scale(maxChange: maxChangeValue)
            e.arrivalTolerance = control.arrivalTolerance.flatMap { $0 > 0 ? $0 : nil }
            e.rule = try PatternCommand.weightRule(rule)
            e.controlledEpochs = epochs ?? (isSingle ? 300 : 1000)
            e.releaseEpochs = releaseEpochs
            e.learningRate = learningRate
            e.sampler.draws = draws ?? (isSingle ? 1000 : 500)
            return e
        }

        /// `--gap` (each of `gaps`) in 0..<from and `--sparsity` in (0, 1), then the library's own check.
        func checkRun(gaps: [Int], gapOption: String, sparsities: [Double], seed: UInt64) throws {
            try validate()
            try checkEach(gapOption, gaps, in: 0...(from - 1))
            try checkEach("--sparsity", sparsities, .positiveSparsity)
            try PatternCommand.validated { try experiment(gap: gaps.first ?? 0, seed: seed, sparsity: sparsities[0]).validate() }
        }
    }

    /// One patterning step of a run, in the JSON of `bifurcation` and `rewrite`.
    struct StepRecordReport: Encodable {
        var epoch: Int
        var observables: [Double]
        var trackingError: [Double]
        var reweighting: [Double]
        var scale: Double
        var weights: [Double]
        var predictedChange: [Double]
        var principalGains: [Double]

        static func all(_ run: PatterningRun) -> [StepRecordReport] {
            run.records.map {
                StepRecordReport(
                    epoch: $0.epoch, observables: $0.observables, trackingError: $0.trackingError, reweighting: $0.reweighting,
                    scale: $0.scale, weights: $0.weights, predictedChange: $0.predictedChange, principalGains: $0.principalGains)
            }
        }
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
