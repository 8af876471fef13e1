import Testing
import PropertyBased
import HighPrecision
import TestSupport
@testable import AnalyticOracle

/// The same generic closed forms evaluated in Double, BigFloat and BigInterval: consistency
/// checks of the arithmetic (one formula, several precisions), not of the formulas, which
/// `QuadratureTests` checks against an independent route.
@Suite struct PrecisionTests {
    /// Double vs BigFloat (256 bits). Each entry takes < 30 Double operations,
    /// libm's pow, tgamma, sqrt within a few ulps; 128 ulps (2^−46) relative to
    /// the row's largest magnitude bounds the accumulated error.
    @Test(.tags(.consistency))
    func doubleAgreesWithBigFloat() async {
        await propertyCheck(count: 20, input: Gen.double(in: -2...6)) { exponent in
            let beta = Double.pow(10, exponent)
            let d = try! BifurcationSusceptibilities(beta: beta).matrix(inputs: InputType.oracleInputs)
            let dmp = try! BifurcationSusceptibilities(beta: beta).matrix(inputs: InputType.oracleInputs, meanPreserving: true)
            BigFloat.withWorkingPrecision(256) {
                let b = try! BifurcationSusceptibilities(beta: BigFloat(beta)).matrix(inputs: InputType.oracleInputs)
                let bmp = try! BifurcationSusceptibilities(beta: BigFloat(beta)).matrix(inputs: InputType.oracleInputs, meanPreserving: true)
                for (dm, bm) in [(d, b), (dmp, bmp)] {
                    for k in bm.indices {
                        let scale = bm[k].map { $0.magnitude.doubleValue }.max()!
                        for x in bm[k].indices {
                            #expect(abs(dm[k][x] - bm[k][x].doubleValue) <= 0x1p-46 * scale, "\(Observable.oracleRows[k]) \(InputType.oracleInputs[x])")
                        }
                    }
                }
                let p = QuarticPosterior(beta: BigFloat(beta)), q = QuarticPosterior(beta: beta)
                for k in 0...8 {
                    let m = p.radialMoment(k).doubleValue
                    #expect(abs(q.radialMoment(k) - m) <= 0x1p-46 * m)
                }
            }
        }
    }

    /// The BigInterval enclosure at p bits contains the BigFloat value at 2p bits.
    @Test(.tags(.consistency))
    func intervalsEncloseHigherPrecisionValues() async {
        await propertyCheck(count: 5, input: Gen.double(in: -2...6)) { exponent in
            let p = 128
            let text = String(format: "%.6g", Double.pow(10, exponent))
            let intervals = BigFloat.withWorkingPrecision(p) { Self.everyClosedForm(beta: try! BigInterval(decimal: text)) }
            let points = BigFloat.withWorkingPrecision(2 * p) { Self.everyClosedForm(beta: try! BigFloat(decimal: text)) }
            for (i, (interval, point)) in zip(intervals, points).enumerated() {
                #expect(interval.contains(point), "entry \(i) at β = \(text)")
                #expect(interval.width.doubleValue <= 0x1p-100 * Swift.max(1, point.magnitude.doubleValue), "entry \(i) is too wide")
            }
        }
    }

    /// χ (both conventions, 17 rows × 17 inputs), E[r^k] (k = 0…8), the normalizer, the LLC and α.
    static func everyClosedForm<T: RealNumber>(beta: T) -> [T] {
        let chi = BifurcationSusceptibilities(beta: beta)
        let posterior = QuarticPosterior(beta: beta)
        var values: [T] = Array(try! chi.matrix(inputs: InputType.oracleInputs).joined())
        values += Array(try! chi.matrix(inputs: InputType.oracleInputs, meanPreserving: true).joined())
        values += (0...8).map { posterior.radialMoment($0) }
        values += [posterior.planeNormalizer, posterior.llc, chi.alpha]
        return values
    }

    /// Certified output: zero entries print as an exact "0", α(50) matches an
    /// independent 50-digit value (mpmath), and −α sits at (dot(0,4), 10000).
    @Test func certifiedTableAtBeta50() throws {
        let digits = 50
        let rows = Observable.oracleRows
        let values = try Certified.decimals(digits: digits) {
            let chi = BifurcationSusceptibilities(beta: try BigInterval(decimal: "50"))
            return try [chi.alpha] + chi.matrix(rows: rows, inputs: InputType.oneHot).joined()
        }
        let alpha = "0.84658181245654626381017739912848026873405199043031"
        #expect(values[0] == alpha)
        let table = Array(values.dropFirst())
        func entry(_ row: Observable, _ column: Int) -> String { table[rows.firstIndex(of: row)! * 5 + column] }
        #expect(entry(.dot(0, 4), 0) == "-" + alpha)   // Conventions §7: upweighting feature 0 pushes W_4 away
        #expect(entry(.dot(0, 4), 2) == alpha)
        #expect(entry(.dot(0, 4), 1) == "0" && entry(.dot(0, 4), 4) == "0")
        #expect(entry(.dot(0, 1), 0) == "0" && entry(.norm(0), 3) == "0")
        #expect(entry(.pos(4, .y), 0) == "0")
        #expect(entry(.pos(4, .x), 0) == "-0.28856756626930723188149470391166137567053959370387")
        #expect(entry(.norm(4), 0) == "-0.080652346155738286769979372862363204239163213476182")
        #expect(entry(.norm(4), 4) == "0.25761043078198329446558957279030061583668866073938")
    }
}

import Foundation
