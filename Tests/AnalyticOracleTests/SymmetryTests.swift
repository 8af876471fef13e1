import Foundation
import Testing
import HighPrecision
import TestSupport
@testable import AnalyticOracle

/// The square's symmetries act on the χ table: the quarter turn W_i ↦ W_{i+1}
/// relabels features 0→1→2→3→0 and rotates the pos rows by +90°; the reflection
/// in the x axis swaps features 1 and 3 and flips pos(4,y). The closed form has the
/// symmetry built in (a consistency check); the two-route checks compare the closed
/// form at the image entry with the quadrature (Double) at the original one, and the
/// closed form at the square with the quadrature at a square rotated by any angle.
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

    @Test(.tags(.consistency)) func closedFormIsEquivariant() throws {
        try BigFloat.withWorkingPrecision(200) {
            let closed = BifurcationSusceptibilities(beta: BigFloat(50))
            // 2^−180 relative to entries of size ≤ 2: far below any wrong entry (≥ 0.01).
            try Self.checkEquivariance({ try closed.chi($0, $1).doubleValue }, tolerance: 1e-15)
        }
    }

    /// Closed form at (σk, σx) against the quadrature at (k, x); Double quadrature at 15 digits,
    /// tolerance 10⁻¹¹ (sums of ~10⁴ terms of size ≤ 4 lose ≤ 10⁴ ulps).
    @Test func closedFormAtTheImageMatchesQuadrature() throws {
        let quadrature = PosteriorQuadrature(beta: 50.0, digits: 15).expectations()
        let closed = BifurcationSusceptibilities(beta: 50.0)
        for s in Self.symmetries {
            for x in InputType.oracleInputs {
                let y = Support.relabel(x, s.permutation)
                for row in Observable.structural {
                    let a = try quadrature.chi(row, x), b = try closed.chi(Support.relabel(row, s.permutation), y)
                    #expect(abs(a - b) <= 1e-11, "\(s.name): quadrature \(row) \(x) = \(a), closed form at the image \(b)")
                }
                let image = s.act(Vector2(try quadrature.chi(.pos(4, .x), x), try quadrature.chi(.pos(4, .y), x)))
                #expect(abs(image.x - (try closed.chi(.pos(4, .x), y))) <= 1e-11, "\(s.name): pos \(x)")
                #expect(abs(image.y - (try closed.chi(.pos(4, .y), y))) <= 1e-11, "\(s.name): pos \(x)")
            }
        }
    }

    /// A square rotated by any angle φ: the quadrature there (its kinks move with the square) against
    /// the closed form at the unrotated square: dot and norm rows unchanged, pos rows rotated by φ.
    @Test func rotatedSquareQuadratureMatchesClosedForm() throws {
        let phi = 0.7318, beta = 12.0
        let base = BifurcationSusceptibilities(beta: beta)
        let rotated = PosteriorQuadrature(beta: beta, point: .square(rotatedBy: phi), digits: 15).expectations()
        for x in InputType.oracleInputs {
            for row in Observable.structural {
                #expect(abs(try base.chi(row, x) - rotated.chi(row, x)) <= 1e-11, "\(row) \(x)")
            }
            let (ax, ay) = (try base.chi(.pos(4, .x), x), try base.chi(.pos(4, .y), x))
            let (c, s) = (cos(phi), sin(phi))
            #expect(abs(c * ax - s * ay - (try rotated.chi(.pos(4, .x), x))) <= 1e-11, "pos(4,x) \(x)")
            #expect(abs(s * ax + c * ay - (try rotated.chi(.pos(4, .y), x))) <= 1e-11, "pos(4,y) \(x)")
        }
    }
}
