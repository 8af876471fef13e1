import AnalyticOracle
import ArgumentParser
import Foundation
import Patterning
import TMSEngine
import Verification

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

        @Option(help: "χ as JSON: the output of `tms sample` (its \"chi\"), a χ object with \"rows\", \"columns\", \"values\", or an array of rows.") var chi: String?
        @Option(help: "Use the closed-form χ at the 4→5 bifurcation at this β, in [1e-100, 1e100].") var oracleBeta: Double?
        @Option(help: "A target change NAME=VALUE (repeatable; NAME a row name or index, VALUE finite).") var change: [String] = []
        @Option(help: "Ridge α ≥ 0 of the Gram solve.") var ridge: Double = PatterningStep.defaultRidge
        @Option(help: "Perturbation scale s (finite).") var scale: Double = 1
        @Option(help: "Weight rule: additive or exponential.") var rule: String = "additive"
        @Option(help: "Floor ε > 0 of the additive rule.") var floor: Double = WeightRule.defaultFloor
        @Option(help: "Baseline weights h₀: uniform, onehot, or natural:S with 0 or in [1e-60, 1) (32 columns only).") var baseline: String = "uniform"
        @Option(help: "Output format: json or table.") var format: Format = .table

        /// The `--change` items as (row name or index, dμ).
        func changes() throws -> [(name: String, value: Double)] {
            guard !change.isEmpty else { throw ValidationError("give at least one --change NAME=VALUE") }
            var seen = Set<String>()
            return try change.map { item in
                let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]) else {
                    throw ValidationError("--change must be NAME=VALUE (e.g. 'dot(0,4)=0.1'), got '\(item)'")
                }
                try check("--change \(parts[0])", value, .finite)
                guard seen.insert(parts[0]).inserted else { throw ValidationError("--change sets row \(parts[0]) twice") }
                return (parts[0], value)
            }
        }

        func validate() throws {
            switch (chi, oracleBeta) {
            case (nil, let beta?): try check("--oracle-beta", beta, .scale)
            case (_?, nil): break
            default: throw ValidationError("give exactly one of --chi FILE and --oracle-beta β")
            }
            _ = try changes()
            try check("--ridge", ridge, .nonNegative)
            try check("--scale", scale, .finite)
            _ = try PatternCommand.weightRule(rule)
            try check("--floor", floor, .positive)
            if baseline.hasPrefix("natural:") {
                guard let s = Double(baseline.dropFirst(8)) else {
                    throw ValidationError("--baseline natural:S needs a number S, got '\(baseline)'")
                }
                try check("--baseline natural:S", s, .sparsity)
            } else if baseline != "uniform", baseline != "onehot" {
                throw ValidationError("--baseline must be uniform, onehot or natural:S, got '\(baseline)'")
            }
        }

        func run() throws {
            let (matrix, rowNames, columnNames) = try loadChi()
            var rows: [Int] = []
            var dmu: [Double] = []
            for (name, value) in try changes() {
                guard let row = rowNames.firstIndex(of: name) ?? Int(name), (0..<matrix.rows).contains(row) else {
                    throw ToolError.usage("--change: unknown row '\(name)' (rows: \(rowNames.joined(separator: ", ")), or an index 0…\(matrix.rows - 1))")
                }
                rows.append(row)
                dmu.append(value)
            }
            guard Set(rows).count == rows.count else { throw ToolError.usage("--change sets one row twice (by name and by index)") }
            let selected = try matrix.selecting(rows: rows)
            let step = try PatterningStep(susceptibility: selected, targetChange: dmu, ridge: ridge)
            let h0 = try baselineWeights(count: matrix.columns)
            let h = try step.weights(baseline: h0, rule: try PatternCommand.weightRule(rule, floor: floor), scale: scale)
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
            if let beta = oracleBeta {
                let oracle = BifurcationSusceptibilities<Double>(beta: beta)
                let observables = (0..<4).map { AnalyticOracle.Observable.dot($0, 4) }
                let values = try oracle.matrix(rows: observables, inputs: InputType.oneHot)
                return (try DenseMatrix(values, name: "χ"), observables.map(\.description), InputType.oneHot.map(\.name))
            }
            let file = try ChiFile.read(chi!, option: "--chi")
            return (file.matrix, file.rows, file.columns)
        }

        func baselineWeights(count: Int) throws -> [Double] {
            if baseline == "uniform" { return Array(repeating: 1, count: count) }
            if baseline == "onehot" {
                guard count == 32 else { return Array(repeating: 1, count: count) }
                return TMSModel.oneHotWeights()
            }
            guard count == 32, let s = Double(baseline.dropFirst(8)) else {
                throw ToolError.usage("--baseline \(baseline) needs a χ with 32 columns (one per input type), this one has \(count)")
            }
            return try TMSModel.naturalWeights(sparsity: s)
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
