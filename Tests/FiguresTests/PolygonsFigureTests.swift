import Foundation
import TMSEngine
import Testing
@testable import Figures

@Suite("Polygon figure")
struct PolygonsFigureTests {
    /// Live features drawn in each panel: the line from the origin to W_i.
    struct Drawn {
        let feature: Int
        let dx: Double, dy: Double  // pixel vector, y flipped to point up
        let wx: Double, wy: Double  // the W_i recorded on the mark
    }

    static func drawn(_ root: ParsedSVG.Node) -> [Int: [Drawn]] {
        Dictionary(grouping: root.elements(class: "feature")) { Int($0.attributes["data-panel"]!)! }.mapValues { lines in
            lines.map { line in
                Drawn(
                    feature: Int(line.attributes["data-feature"]!)!,
                    dx: line.double("x2")! - line.double("x1")!, dy: -(line.double("y2")! - line.double("y1")!),
                    wx: line.double("data-wx")!, wy: line.double("data-wy")!)
            }
        }
    }

    @Test("Ideal k-gons: k live features at angles 2πi/k, one pixel scale, norms 1 or the pentagon optimum")
    func ideal() throws {
        let root = try checkCommon(.polygons(rows: [("ideal", PolygonPanel.ideal)]))
        let panels = Self.drawn(root)
        #expect(panels.count == 4)
        var scales: [Double] = [], lengths: [Double] = []
        for (p, k) in zip(0..<4, 2...5) {
            let lines = try #require(panels[p])
            #expect(lines.map(\.feature) == Array(0..<k))
            for line in lines {
                let angle = atan2(line.dy, line.dx), expected = 2 * Double.pi * Double(line.feature) / Double(k)
                let difference = remainder(angle - expected, 2 * Double.pi)
                let length = hypot(line.dx, line.dy)
                // Pixel coordinates carry 2 decimals: angle error ≤ 0.01 px / length.
                #expect(abs(difference) <= 0.01 / length + 1e-12)
                scales.append(length / hypot(line.wx, line.wy))
                lengths.append(length)
            }
            // |W_i| = 1 for k ≤ 4 (non-neighbours are cut by the ReLU), √(1/(1 + 2cos²72°)) = 0.916320 for k = 5.
            let norm = k == 5 ? 0.916320 : 1
            for line in lines { #expect(abs(hypot(line.wx, line.wy) - norm) < 1e-6) }
        }
        // One pixel scale for all panels, up to the rounding of both end points (≤ 0.01·√2 px each way).
        #expect(scales.max()! - scales.min()! <= 2 * 0.015 / lengths.min()! * scales.max()!)
    }

    @Test("Trained snapshots: drawn vectors match the training run's W at the snapshot epoch")
    func trained() throws {
        // Stagewise development 1-gon → … → 5-gon between epochs ≈ 1300 and 1750 (EngineTraining.md).
        let settings = TrainingSettings(optimizer: .gradientDescent, learningRate: 0.1, epochs: 2500, recordEvery: 5, initScale: 0.001, seed: 0)
        let trajectory = try TMSModel(sparsity: 0.99).train(settings: settings)
        let snapshots = try PolygonPanel.snapshots(of: trajectory, sparsity: 0.99)
        #expect(snapshots.count == 4)
        let root = try checkCommon(.polygons(rows: [("trained", snapshots)]))
        let panels = Self.drawn(root)
        for (p, panel) in snapshots.enumerated() {
            let epoch = Int(panel.title.split(separator: " ")[1].dropLast())!
            let state = try #require(trajectory.epochs.firstIndex(of: epoch).map { trajectory.states[$0] })
            let stage = PolygonStage(state)
            #expect(panel.title.hasSuffix("\(stage.vertexCount)-gon"))
            for line in panels[p] ?? [] {
                #expect(abs(line.wx - state[2 * line.feature]) < 1e-6 && abs(line.wy - state[2 * line.feature + 1]) < 1e-6)
                let scale = hypot(line.dx, line.dy) / hypot(line.wx, line.wy)
                #expect(abs(line.dx - scale * line.wx) < 0.02 && abs(line.dy - scale * line.wy) < 0.02)
            }
        }
    }

    @Test("Bad weights are rejected: wrong length, non-finite entries, polygon size")
    func badInput() {
        #expect(throws: FigureError.wrongCount(what: "parameter vector", expected: 10, got: 3)) { try FeatureVectors(parameters: [1, 2, 3]) }
        #expect(throws: FigureError.self) { try FeatureVectors(parameters: [.nan] + Array(repeating: 0, count: 9)) }
        #expect(throws: FigureError.outOfRange(what: "polygon size", value: 6, allowed: "2...5")) { try FeatureVectors.idealPolygon(6) }
        #expect(throws: FigureError.empty("polygon figure has no panels")) { try Figure.polygons(rows: []) }
    }
}
