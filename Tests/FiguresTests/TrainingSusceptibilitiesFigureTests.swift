import Foundation
import TMSEngine
import Testing
@testable import Figures

@Suite("Susceptibilities-over-training figure")
struct TrainingSusceptibilitiesFigureTests {
    /// A short run from the square with a small W4, 7 checkpoints, small SGLD runs.
    static func trace() throws -> SusceptibilityTrace {
        var initial = NamedConfiguration.squareDead.parameters
        initial[8] = 0.05 * cos(0.6)
        initial[9] = 0.05 * sin(0.6)
        return try SusceptibilityTrace.measure(
            label: "test", weights: try TMSModel.naturalWeights(sparsity: 0.95), initial: initial,
            training: TrainingSettings(optimizer: .gradientDescent, learningRate: 0.02, epochs: 600, recordEvery: 100),
            sampler: SamplerSettings(stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 2, burnIn: 100, draws: 200, seed: 1))
    }

    @Test("Lines have one point per checkpoint; heatmaps are observables × checkpoints and inputs × checkpoints with the trace's χ")
    func marks() throws {
        let trace = try Self.trace()
        #expect(trace.checkpoints.map(\.epoch) == [0, 100, 200, 300, 400, 500, 600])
        #expect(trace.observables.count == 15 && trace.inputs.count == 32)
        let root = try checkCommon(try .trainingSusceptibilities(trace, input: "10000", observable: "dot(0,4)"))
        for name in ["loss", "llc", "chi-norm"] {
            let line = points(root.elements(class: name).first?.attributes["points"])
            #expect(line.count == 7)
            for (a, b) in zip(line, line.dropFirst()) { #expect(b.0 > a.0) }
        }
        // The loss line is ordered like the losses (higher loss, smaller y).
        let lossLine = points(root.elements(class: "loss").first?.attributes["points"])
        for a in 0..<7 { for b in 0..<7 where trace.checkpoints[a].loss > trace.checkpoints[b].loss + 1e-9 { #expect(lossLine[a].1 <= lossLine[b].1) } }

        let byObservable = root.cells(panel: "by-observable"), byInput = root.cells(panel: "by-input")
        #expect(byObservable.count == 15 * 7 && byInput.count == 32 * 7)
        checkCellColours(byObservable, diverging: true)
        checkCellColours(byInput, diverging: true)
        let x = 1, k = trace.observables.firstIndex(of: "dot(0,4)")!
        let order = (0..<32).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        for cell in byObservable {
            let r = Int(cell.attributes["data-row"]!)!, c = Int(cell.attributes["data-column"]!)!
            #expect(abs(Double(cell.attributes["data-value"]!)! - trace.checkpoints[c].chi[r][x]) <= 5e-7)
        }
        for cell in byInput {
            let r = Int(cell.attributes["data-row"]!)!, c = Int(cell.attributes["data-column"]!)!
            #expect(abs(Double(cell.attributes["data-value"]!)! - trace.checkpoints[c].chi[k][order[r]]) <= 5e-7)
        }
    }

    @Test("Unknown input or observable names are rejected by name; JSON round trip draws the identical file")
    func namesAndJSON() throws {
        let trace = try Self.trace()
        #expect(throws: FigureError.unknownName(what: "input type", name: "1000")) { try Figure.trainingSusceptibilities(trace, input: "1000") }
        #expect(throws: FigureError.unknownName(what: "observable", name: "pos(4,x)")) { try Figure.trainingSusceptibilities(trace, observable: "pos(4,x)") }
        let decoded = try JSONDecoder().decode(SusceptibilityTrace.self, from: try JSONEncoder().encode(trace))
        #expect(try Figure.trainingSusceptibilities(decoded).svg == Figure.trainingSusceptibilities(trace).svg)
        #expect(throws: FigureError.empty("susceptibility trace has no checkpoints")) {
            try SusceptibilityTrace(label: "", beta: 50, observables: [], inputs: [], checkpoints: [])
        }
    }
}
