import Foundation
import TMSEngine
import Testing
@testable import Figures

@Suite("Posterior-cloud figures")
struct PosteriorCloudFigureTests {
    /// A small SGLD run around the unit pentagon, natural data at S = 0.95, β = 50, γ = 100;
    /// 2 chains × 400 draws, all kept (400 = 20 batches of 20, so the engine's
    /// estimators use every draw too).
    static func cloud(seed: UInt64 = 3, threads: Int? = nil) throws -> PosteriorCloud {
        try PosteriorCloud.sample(
            label: "test", center: NamedConfiguration.pentagon.parameters, weights: try TMSModel.naturalWeights(sparsity: 0.95),
            settings: SamplerSettings(
                stepSize: 1e-4, nBeta: 1600, localization: 100, chains: 2, burnIn: 100, draws: 400, seed: seed, maxConcurrency: threads),
            keep: 800)
    }

    @Test("Arrows equal −β times the plug-in covariance of the kept draws (two-pass, computed here)")
    func arrowsAreCovariances() throws {
        let cloud = try Self.cloud()
        #expect(cloud.draws.count == 800)
        let n = Double(cloud.draws.count)
        for x in 0..<32 {
            let loss = cloud.losses.map { $0[x] }
            let lossMean = loss.reduce(0, +) / n
            let lossSD = (loss.map { ($0 - lossMean) * ($0 - lossMean) }.reduce(0, +) / n).squareRoot()
            for i in 0..<5 {
                for axis in 0..<2 {
                    let w = cloud.draws.map { $0.parameters[2 * i + axis] }
                    let wMean = w.reduce(0, +) / n
                    let wSD = (w.map { ($0 - wMean) * ($0 - wMean) }.reduce(0, +) / n).squareRoot()
                    let covariance = zip(w, loss).map { ($0 - wMean) * ($1 - lossMean) }.reduce(0, +) / n
                    let arrow = axis == 0 ? cloud.arrows[x][i].x : cloud.arrows[x][i].y
                    // Same sum in two orders: agreement to rounding, relative to β·sd·sd (Cauchy–Schwarz bound on |χ|).
                    #expect(abs(arrow - (-cloud.beta * covariance)) <= 1e-9 * cloud.beta * wSD * lossSD + 1e-300)
                }
            }
        }
    }

    @Test("Cloud panels: one arrow per feature and panel, directions and lengths follow χ on one scale; dots shaded by loss")
    func panels() throws {
        let cloud = try Self.cloud()
        let root = try checkCommon(try .posteriorClouds(cloud, inputs: [1, 2, 3]))
        try checkArrows(root, cloud: cloud, expected: 15)
        for panel in root.elements(class: "cloud-panel") {
            let dots = panel.elements(class: "draw")
            #expect(dots.count == 5 * cloud.draws.count)
            let sorted = dots.map { (Double($0.attributes["data-loss"]!)!, $0.attributes["fill"]!) }.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(luma(b.1) <= luma(a.1) + lumaRounding) }
        }
        #expect(throws: FigureError.outOfRange(what: "input type index", value: 32, allowed: "0...31")) {
            try Figure.posteriorClouds(cloud, inputs: [32])
        }
    }

    @Test("32-panel grid: 32 panels, 160 arrows on one scale")
    func grid() throws {
        let cloud = try Self.cloud()
        let root = try checkCommon(.posteriorCloudGrid(cloud, pointsPerFeature: 40))
        #expect(root.elements(class: "cloud-panel").count == 32)
        #expect(root.elements(class: "input-glyph").count == 32)
        try checkArrows(root, cloud: cloud, expected: 160)
    }

    @Test("Same seed, identical file on 1 or 2 threads; another seed, a different file; JSON round trip identical")
    func determinism() throws {
        let a = try Figure.posteriorClouds(try Self.cloud(seed: 5, threads: 1)).svg
        let b = try Figure.posteriorClouds(try Self.cloud(seed: 5, threads: 2)).svg
        let c = try Figure.posteriorClouds(try Self.cloud(seed: 6)).svg
        #expect(a == b)
        #expect(a != c)
        let cloud = try Self.cloud(seed: 5)
        let decoded = try JSONDecoder().decode(PosteriorCloud.self, from: try JSONEncoder().encode(cloud))
        #expect(try Figure.posteriorClouds(decoded).svg == a)
    }

    /// Every arrow's pixel vector (y flipped) points along (χx, χy) and has
    /// length |χ| times one common factor, up to the 0.005 px rounding of each end point.
    func checkArrows(_ root: ParsedSVG.Node, cloud: PosteriorCloud, expected: Int) throws {
        let arrows = root.elements(class: "arrow")
        #expect(arrows.count == expected)
        var factors: [(Double, Double)] = []
        for arrow in arrows {
            let x = Int(arrow.attributes["data-input"]!)!, i = Int(arrow.attributes["data-feature"]!)!
            let chi = cloud.arrows[x][i]
            #expect(abs(Double(arrow.attributes["data-chi-x"]!)! - chi.x) <= 5e-7)
            let dx = arrow.double("data-x2")! - arrow.double("data-x1")!
            let dy = -(arrow.double("data-y2")! - arrow.double("data-y1")!)
            let length = hypot(dx, dy), magnitude = hypot(chi.x, chi.y)
            let pixelError = 0.01 * 2.0.squareRoot()
            if length > 1 {
                let angle = remainder(atan2(dy, dx) - atan2(chi.y, chi.x), 2 * Double.pi)
                #expect(abs(angle) <= pixelError / length + 1e-9)
            }
            if magnitude > 0 { factors.append((length / magnitude, pixelError / magnitude)) } else { #expect(length <= pixelError) }
        }
        let longest = try #require(factors.max { $0.0 < $1.0 })
        // The factor of the longest arrow is the sharpest; every other must agree within both errors.
        for (factor, error) in factors { #expect(abs(factor - longest.0) <= error + longest.1) }
    }
}
