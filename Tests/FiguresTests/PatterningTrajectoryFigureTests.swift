import Foundation
import Testing
@testable import Figures

@Suite("Patterning-trajectory figure")
struct PatterningTrajectoryFigureTests {
    @Test("32 × steps cells in cardinality order, colours monotone in h, loss curves rank-ordered in y")
    func synthetic() throws {
        let run = PatterningTrace.synthetic(steps: 24)
        let root = try checkCommon(.patterningTrajectory(run))
        let cells = root.cells()
        #expect(cells.count == 32 * 24)
        checkCellColours(cells, diverging: false)
        // Row r lists the r-th type in (cardinality, index) order: check the values against the run.
        let order = (0..<32).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        for cell in cells {
            let r = Int(cell.attributes["data-row"]!)!, c = Int(cell.attributes["data-column"]!)!
            #expect(abs(Double(cell.attributes["data-value"]!)! - run.weights[c][order[r]]) <= 5e-7)
        }
        for (name, series) in [("weighted-loss", run.weightedLoss), ("natural-loss", run.naturalLoss)] {
            let line = points(root.elements(class: name).first?.attributes["points"])
            #expect(line.count == 24)
            // x increases with the step; y decreases as the loss increases (SVG y points down).
            for i in 1..<24 {
                #expect(line[i].0 > line[i - 1].0)
                if series[i] > series[i - 1] + 1e-4 { #expect(line[i].1 < line[i - 1].1) }
                if series[i] < series[i - 1] - 1e-4 { #expect(line[i].1 > line[i - 1].1) }
            }
        }
    }

    @Test("JSON round trip draws the identical file; bad runs are rejected by name")
    func json() throws {
        let run = PatterningTrace.synthetic(steps: 10)
        let data = try JSONEncoder().encode(run)
        #expect(String(decoding: data, as: UTF8.self).contains("\"weighted_loss\""))
        let decoded = try JSONDecoder().decode(PatterningTrace.self, from: data)
        #expect(Figure.patterningTrajectory(decoded).svg == Figure.patterningTrajectory(run).svg)
        #expect(throws: FigureError.wrongCount(what: "weights at step 0", expected: 32, got: 31)) {
            try PatterningTrace(label: "", weights: [Array(repeating: 1, count: 31)], weightedLoss: [0], naturalLoss: [0])
        }
        #expect(throws: FigureError.outOfRange(what: "weight at step 0", value: -1, allowed: "[0, ∞)")) {
            try PatterningTrace(label: "", weights: [[-1] + Array(repeating: 1, count: 31)], weightedLoss: [0], naturalLoss: [0])
        }
        #expect(throws: FigureError.wrongCount(what: "natural_loss (one per step)", expected: 1, got: 2)) {
            try PatterningTrace(label: "", weights: [Array(repeating: 1, count: 32)], weightedLoss: [0], naturalLoss: [0, 1])
        }
        let wrongFormat = Data(#"{"format":"other","weights":[],"weighted_loss":[],"natural_loss":[]}"#.utf8)
        #expect(throws: FigureError.unknownName(what: "patterning trace format", name: "other")) {
            try JSONDecoder().decode(PatterningTrace.self, from: wrongFormat)
        }
    }
}

import AnalyticOracle
import D5Taxonomy
import Patterning
import TMSEngine

@Suite("Live patterning trace")
struct LivePatterningTraceTests {
    @Test("One column per step; weights have mean 1; the first natural loss equals AnalyticOracle's reference model")
    func recorded() throws {
        let natural = try TMSModel.naturalWeights(sparsity: 0.95)
        let start = NamedConfiguration.pentagon.parameters
        let plant = try TMSPlant(
            parameters: start, learningRate: 0.02,
            sampler: SamplerSettings(stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 2, burnIn: 50, draws: 100, seed: 2))
        let goals: [Double] = Array(try FeaturePermutation(cycles: "(f0 f1)").arrangement.targetMacrostate().prefix(10))
        let controller = PatterningController(
            target: try PatterningTarget(rows: Array(0..<10), goals: goals), schedule: .periodic(every: 5),
            baseline: natural, rule: .exponential, scale: .maxChange(2), epochs: 15)
        let trace = try PatterningTrace.record(label: "test", controller: controller, plant: plant, natural: natural)
        #expect(trace.stepCount == 3)
        for h in trace.weights { #expect(abs(h.reduce(0, +) / 32 - 1) < 1e-12) }
        // L(w; h₀) = (1/32) Σ_x h₀_x ℓ_x(w), evaluated literally by the oracle's reference model.
        let reference = ReferenceModel<Double>(parameters: start)
        let expected = reference.totalLoss(weights: zip(InputType.all, natural).map { ($0, $1) }) / 32
        #expect(abs(trace.naturalLoss[0] - expected) <= 1e-12 * expected)
        let weighted = reference.totalLoss(weights: zip(InputType.all, trace.weights[0]).map { ($0, $1) }) / 32
        #expect(abs(trace.weightedLoss[0] - weighted) <= 1e-12 * weighted)
        try checkCommon(.patterningTrajectory(trace))
    }
}

