import Testing
import HighPrecision
@testable import AnalyticOracle

/// The square's symmetries act on the χ table: the quarter turn W_i ↦ W_{i+1}
/// relabels features 0→1→2→3→0 and rotates the pos rows by +90°; the reflection
/// in the x axis swaps features 1 and 3 and flips pos(4,y). Checked on the
/// closed form (BigFloat) and, independently, on the quadrature (Double).
@Suite struct SymmetryTests {
    struct Symmetry: Sendable {
        let name: String
        let permutation: [Int]  // feature i ↦ permutation[i]
        let act: @Sendable (Vector2<Double>) -> Vector2<Double>
    }

    static let symmetries = [
        Symmetry(name: "quarter turn", permutation: [1, 2, 3, 0, 4], act: { $0.quarterTurn }),
        Symmetry(name: "reflection", permutation: [0, 3, 2, 1, 4], act: { $0.conjugate }),
    ]

    /// χ_{σk, σx} = χ_{k,x} for dot and norm rows; χ⃗_{pos(4), σx} = g χ⃗_{pos(4), x}.
    static func checkEquivariance(_ chi: (Observable, InputType) throws -> Double, tolerance: Double) throws {
        for s in symmetries {
            for x in InputType.oracleInputs {
                let y = Support.relabel(x, s.permutation)
                for row in Observable.structural {
                    let a = try chi(row, x), b = try chi(Support.relabel(row, s.permutation), y)
                    #expect(abs(a - b) <= tolerance, "\(s.name): \(row) \(x)")
                }
                let arrow = Vector2(try chi(.pos(4, .x), x), try chi(.pos(4, .y), x))
                let image = s.act(arrow)
                #expect(abs(image.x - (try chi(.pos(4, .x), y))) <= tolerance, "\(s.name): pos \(x)")
                #expect(abs(image.y - (try chi(.pos(4, .y), y))) <= tolerance, "\(s.name): pos \(x)")
            }
        }
    }

    @Test func closedFormIsEquivariant() throws {
        try BigFloat.withWorkingPrecision(200) {
            let closed = BifurcationSusceptibilities(beta: BigFloat(50))
            // 2^−180 relative to entries of size ≤ 2: far below any wrong entry (≥ 0.01).
            try Self.checkEquivariance({ try closed.chi($0, $1).doubleValue }, tolerance: 1e-15)
        }
    }

    @Test func quadratureIsEquivariant() throws {
        // Double quadrature at 15 digits; tolerance 1e−11 (the rule's accuracy
        // in Double, sums of ~10⁴ terms of size ≤ 4 lose ≤ 10⁴ ulps).
        let quadrature = PosteriorQuadrature(beta: 50.0, digits: 15).expectations()
        try Self.checkEquivariance({ try quadrature.chi($0, $1) }, tolerance: 1e-11)
    }

    /// A square rotated by any angle φ: dot and norm rows unchanged, pos rows rotated by φ.
    @Test func continuousRotation() throws {
        try BigFloat.withWorkingPrecision(200) {
            let phi = BigFloat(0.7318)
            let beta = BigFloat(12)
            let base = BifurcationSusceptibilities(beta: beta)
            let rotated = BifurcationSusceptibilities(beta: beta, point: .square(rotatedBy: phi))
            let eps = Support.twoToThe(-180)
            for x in InputType.oracleInputs {
                for row in Observable.structural {
                    #expect(Support.close(try base.chi(row, x), try rotated.chi(row, x), within: eps), "\(row) \(x)")
                }
                let (ax, ay) = (try base.chi(.pos(4, .x), x), try base.chi(.pos(4, .y), x))
                let (c, s) = (BigFloat.cos(phi), BigFloat.sin(phi))
                #expect(Support.close(c * ax - s * ay, try rotated.chi(.pos(4, .x), x), within: eps))
                #expect(Support.close(s * ax + c * ay, try rotated.chi(.pos(4, .y), x), within: eps))
            }
        }
    }
}

import Foundation
