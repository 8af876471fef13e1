import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// SGLD's step bias where it can be seen ([TestPower.md](../../Derivations/TestPower.md) §3): at the
/// frozen square, the exact stationary law of the discrete chain (``SGLDStationaryLaw``, a Nyström
/// solution of its radial transition kernel) against (a) the oracle at `c = 0`, (b) the derived
/// first-order bias of the LLC, `c/√π` (Talay–Tubaro), and (c) the engine's SGLD at `c = 0.1`, where
/// the LLC's bias (+0.078) is more than 10 standard errors: the engine must match the discrete law,
/// not the continuous one.
@Suite struct SGLDStationaryLawTests {
    static let beta = 50.0
    static let rows: [AnalyticOracle.Observable] = [.dot(0, 4), .dot(1, 4), .norm(4), .pos(4, .x), .pos(4, .y)]
    static let inputs = ["10000", "01000", "11000", "00001"].map { try! InputType(name: $0) }

    /// With `c = 0` the helper's radial × angular rule carries the continuous law, whose every value
    /// the oracle gives in closed form: they agree to the rules' accuracy (10⁻¹⁰ of the table's scale).
    @Test func continuousLimitIsTheOracle() throws {
        let square = try FrozenSquare(beta: Self.beta)
        let values = SGLDStationaryLaw(stepScale: 0, nodeCount: 64).frozenSquareValues(beta: Self.beta, rows: Self.rows, inputs: Self.inputs)
        var oracle: [String: Double] = ["llc": square.llc]
        for k in 1...4 { oracle["E[r^\(k)]"] = square.moment(k) }
        for row in Self.rows {
            for input in Self.inputs {
                oracle["chi[\(row.name),\(input.name)]"] = try square.chi(row, input, convention: .jacobian)
                oracle["chi_mp[\(row.name),\(input.name)]"] = try square.chi(row, input, convention: .meanPreserving)
            }
        }
        #expect(Set(values.keys) == Set(oracle.keys))
        for (name, exact) in oracle {
            #expect((values[name]! - exact).magnitude <= 1e-10 * Foundation.pow(Self.beta, 0.5), "\(name): stationary-law rule \(values[name]!) vs oracle \(exact)")
        }
    }

    /// The LLC's bias `b(c) = E_c[|u|⁴] − ½` is `c/√π + O(c²)`: with `−Lψ = |u|⁴ − ½` solved by
    /// `ψ = |u|²/4`, the Euler–Maruyama invariant-measure expansion gives `b'(0) = ∫ A₁ψ dπ = E[|u|⁶] = 1/√π`
    /// (TestPower.md §3). The Nyström law at c = 0.01, 0.005, 0.0025, extrapolated to second order in c
    /// (`(8g(c/4) − 6g(c/2) + g(c))/3`, g = b/c, residual O(c³) ≈ 10⁻⁶), must give 1/√π to 10⁻⁴.
    @Test func stepBiasSlopeIsOneOverRootPi() {
        let g = [0.01, 0.005, 0.0025].map { c in (SGLDStationaryLaw(stepScale: c).moment(4) - 0.5) / c }
        let slope = (8 * g[2] - 6 * g[1] + g[0]) / 3
        let derived = 1 / Double.pi.squareRoot()
        print("SGLD LLC bias / c at c = 0.01, 0.005, 0.0025: \(g); extrapolated slope \(slope), derived 1/√π = \(derived)")
        #expect((slope - derived).magnitude <= 1e-4, "extrapolated slope \(slope) vs 1/√π = \(derived)")
        // The curve itself: b(c)/c − 1/√π ≈ a₂c with a₂ ≈ 1.4 (README's 0.57c + 1.3c²).
        for (c, gc) in zip([0.01, 0.005, 0.0025], g) { #expect((gc - derived) / c > 1 && (gc - derived) / c < 2, "c = \(c): (b/c − 1/√π)/c = \((gc - derived) / c)") }
    }

    /// The engine's SGLD at c = 0.1 (β = 50, ε = c/√β) against the discrete law: the LLC, `E[r^k]` and
    /// 40 χ entries within 5 SE; the continuous law's LLC (½) is excluded by ≥ 10 SE.
    @Test(.tags(.statistical)) func sgldSamplesItsDiscreteStationaryLaw() throws {
        let c = 0.1
        let square = try FrozenSquare(beta: Self.beta)
        let settings = SamplerSettings(method: .sgld, stepSize: c / Self.beta.squareRoot(), nBeta: 32 * Self.beta, chains: 4,
                                       burnIn: 500, draws: 16_000, thinning: 2, seed: 0x5_61D)
        let run = try square.run(settings)
        let exact = SGLDStationaryLaw(stepScale: c, nodeCount: 64).frozenSquareValues(beta: Self.beta, rows: Self.rows, inputs: Self.inputs)
        let entries = try square.entries(of: run, caseLabel: "sgld c=\(c) β=\(Self.beta)").filter { exact[$0.quantity] != nil }
        #expect(entries.count == exact.count)
        let discrete = entries.map { AuditEntry(caseLabel: $0.caseLabel, quantity: $0.quantity, estimate: $0.estimate, standardError: $0.standardError, oracle: exact[$0.quantity]!) }
        let worst = Support.expectAgreement(discrete)
        let llc = try #require(entries.first { $0.quantity == "llc" })
        let bias = exact["llc"]! - 0.5
        print("SGLD at c = \(c): \(entries.count) entries vs the discrete stationary law, max|z| = \(worst); LLC \(llc.estimate) ± \(llc.standardError!), discrete law \(exact["llc"]!), continuous 0.5 (bias \(bias) = \(bias / llc.standardError!) SE)")
        #expect(bias >= 10 * llc.standardError!, "the LLC's step bias \(bias) is not resolved (SE \(llc.standardError!))")
        #expect((llc.estimate - 0.5).magnitude > 5 * llc.standardError!, "plain SGLD's LLC \(llc.estimate) is within 5 SE of the continuous ½")
    }

    /// Richardson extrapolation on the exact law: `2E_{c/2} − E_c` removes the first-order bias and
    /// leaves `−a₂c²/2 + O(c³)` (a₂ ≈ 1.4): at c = 0.04 (the old audit's pair 0.04, 0.02) the LLC's
    /// residual is below a fifth of the plain bias at c/2; at c = 0.1 it is still −0.013, so
    /// extrapolating from large steps is no substitute for a small one.
    @Test func richardsonResidualIsSecondOrder() {
        for (c, fraction) in [(0.04, 0.2), (0.1, 0.5)] {
            let coarse = SGLDStationaryLaw(stepScale: c).moment(4), fine = SGLDStationaryLaw(stepScale: c / 2).moment(4)
            let residual = 2 * fine - coarse - 0.5
            print("SGLD LLC on the exact law: bias \(coarse - 0.5) at c = \(c), \(fine - 0.5) at c = \(c / 2); Richardson residual \(residual), −a₂c²/2 ≈ \(-1.4 * c * c / 2)")
            #expect(residual < 0 && residual.magnitude <= fraction * (fine - 0.5), "c = \(c): Richardson residual \(residual) vs plain bias \(fine - 0.5)")
        }
    }
}
