import Foundation
import Patterning
import TMSEngine
import Testing

/// The controlled 3 → 4 bifurcation: the unit triangle with `W_3` near the
/// origin and `W_4 = 0` frozen. Fixed seeds; each run about a second in debug.
@Suite("3 → 4 bifurcation on the engine")
struct TriangleBifurcationTests {
    /// The gap (between triangle features g and g+1, at angles g·120°…(g+1)·120°) `W_3` starts in.
    static func initialGap(_ e: BifurcationExperiment) -> Int {
        let w = e.initialParameters()
        var angle = atan2(w[7], w[6])
        if angle < 0 { angle += 2 * .pi }
        return Int(angle / (2 * .pi / 3))
    }

    @Test("Targets: dot(a,3), dot(b,3) → cos 60° (essay); all-cosines → the square's six cosines, none with W_4")
    func targets() throws {
        var e = BifurcationExperiment(gap: 2, seed: 0)
        e.from = 3
        let t = try e.target()
        // gap 2 lies between features 2 and 0: rows dot(2,3) = 7, dot(0,3) = 2.
        #expect(t.rows == [7, 2])
        #expect(t.goals == [0.5, 0.5])
        e.targetSet = .allCosines
        let all = try e.target()
        // Ring 0 1 2 3: dot(0,1), dot(0,2), dot(0,3), dot(1,2), dot(1,3), dot(2,3) = rows 0, 1, 2, 4, 5, 7.
        #expect(all.rows == [0, 1, 2, 4, 5, 7])
        // Square at angles 0°, 90°, 180°, 270° in ring order: cosines from the angles themselves.
        let angle = [0.0, 90, 180, 270].map { $0 * Double.pi / 180 }
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        for (goal, (i, j)) in zip(all.goals, pairs) { #expect(abs(goal - cos(angle[j] - angle[i])) <= 1e-15) }
        var bad = e
        bad.gap = 3
        #expect(throws: PatterningError.self) { try bad.run() }
        bad.from = 2
        #expect(throws: PatterningError.self) { try bad.run() }
    }

    @Test("Without patterning the triangle completes to a regular square in the gap W_3 points into; W_4 stays exactly 0")
    func unpatterned() throws {
        for seed: UInt64 in 0..<3 {
            var e = BifurcationExperiment(gap: 0, seed: seed)
            e.from = 3
            e.schedule = nil
            e.controlledEpochs = 0
            e.releaseEpochs = 1500
            let outcome = try e.run()
            #expect(outcome.chosenGap == Self.initialGap(e))
            #expect(outcome.isRegularPentagon)  // here: a regular square of the four live features
            #expect(outcome.finalParameters[8] == 0 && outcome.finalParameters[9] == 0)
        }
    }

    @Test("A single step (cos 60° to the chosen neighbours) steers W_3 into a gap it does not point into", arguments: [0, 1, 2])
    func singleStepChoosesGap(gap: Int) throws {
        var seed: UInt64 = 0
        while true {
            var probe = BifurcationExperiment(gap: gap, seed: seed)
            probe.from = 3
            if Self.initialGap(probe) != gap { break }
            seed += 1
        }
        var e = BifurcationExperiment(gap: gap, seed: seed)
        e.from = 3
        e.sampler.draws = 500
        let outcome = try e.run()
        #expect(outcome.success, "gap \(gap), seed \(seed): chose \(String(describing: outcome.chosenGap))")
        #expect(outcome.finalParameters[8] == 0 && outcome.finalParameters[9] == 0)
        // The live features' cosines against the square (tolerance: the 10° band, 1 − cos 10° ≤ sin 10° ≈ 0.17).
        for row in [0, 1, 2, 4, 5, 7] { #expect(abs(outcome.finalCosines[row] - outcome.targetCosines[row]) <= 0.18) }
    }
}
