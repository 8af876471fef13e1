import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// `tms audit --from-file` records, version 2 (Audit.md §4): every column and
/// its default, the errors (file, record, field), duplicates, records outside
/// the oracle's reach (skipped with the reason), the references each kind of
/// record is checked against, and the gate's treatment of a reference's bound.
@Suite struct AuditRecordsTests {
    static let header = "quantity,config,data,beta,observable,input,convention,estimate,standard_error,localization,estimator"

    /// The report with the package's references; the frozen square's quadrature is not run
    /// (`closedFormsOnly`, ≈ 100 s per table in debug) unless `tables` gives it.
    static func report(_ text: String, source: String = "r.csv",
                       tables: FrozenSquareReferences = .closedFormsOnly) throws -> AuditReport {
        try AuditInput(parsing: text, source: source).report(
            references: AuditReferences(frozenSquare: tables, fullModel: FullModelReferences()))
    }

    @Test("Every column is read, in CSV and JSON, with its default when absent or empty")
    func columnsAndDefaults() throws {
        let csv = Self.header + "\n"
            + "llc,pentagon,bernoulli:0.95,100,,,,3.8,0.02,100,devinterp lr=1e-4\n"
            + "chi,,,50,\"dot(0,4)\",10000,,-0.85,0.01,,\n"
            + "expectation,frozen-square,one-hot,50,r^2,,,0.2,,0,\n"
        let input = try AuditInput(parsing: csv, source: "r.csv")
        let r = input.records
        let pentagon = AuditConfiguration.fullModel(try PolygonConfiguration(k: 5))
        #expect(r[0].quantity == .llc && r[0].configuration == pentagon && r[0].data.name == "bernoulli:0.95"
                && r[0].beta == 100 && r[0].observable == nil && r[0].estimate == 3.8 && r[0].standardError == 0.02
                && r[0].localization == 100 && r[0].estimator == "devinterp lr=1e-4")
        #expect(r[1].quantity == .chi && r[1].configuration == .frozenSquare && r[1].data.isOneHot && r[1].convention == .jacobian
                && r[1].localization == 0 && r[1].estimator == nil && r[1].input?.name == "10000")
        #expect(r[2].quantity == .expectation && r[2].observable == .radialMoment(2) && r[2].standardError == nil)
        let json = """
            {"records": [{"quantity": "llc", "config": "pentagon", "data": "bernoulli:0.95", "beta": 100, "estimate": 3.8,
                          "standard_error": 0.02, "localization": 100, "estimator": "devinterp lr=1e-4"},
                         {"beta": "50", "observable": "dot(0,4)", "input": "10000", "estimate": -0.85, "se": 0.01},
                         {"quantity": "expectation", "beta": 50, "observable": "r^2", "estimate": 0.2}]}
            """
        #expect(try AuditInput(parsing: json, source: "r.json").records == r)
        // A version-1 file (no quantity column) still reads as χ of the frozen square.
        let v1 = try AuditInput(parsing: "beta,observable,input,estimate\n50,\"dot(0,4)\",10000,-0.85\n", source: "v1.csv")
        #expect(v1.records[0].quantity == .chi && v1.records[0].configuration == .frozenSquare)
    }

    @Test(arguments: [
        ("bogus,,,50,,,,0.5,0.01,,", "field \"quantity\""),
        ("llc,hexagon,,50,,,,0.5,0.01,,", "field \"config\""),
        ("llc,pentagon,bernoulli:1.5,50,,,,0.5,0.01,,", "field \"data\""),
        ("llc,,,50,norm(4),,,0.5,0.01,,", "field \"observable\""),          // an llc record with an observable
        ("chi,,,50,norm(4),,,0.5,0.01,,", "field \"input\""),               // a χ record without an input
        ("expectation,,,50,norm(4),10000,,0.5,0.01,,", "field \"input\""),  // an expectation record with an input
        ("expectation,,,50,r^0,,,0.5,0.01,,", "field \"observable\""),
        ("chi,,,50,r^2,10000,,0.5,0.01,,", "field \"observable\""),         // not a χ row
        ("llc,,,50,,,,0.5,0.01,-1,", "field \"localization\""),
        ("llc,,,0,,,,0.5,0.01,,", "field \"beta\""),
        ("llc,,,50,,,,,0.01,,", "field \"estimate\""),
    ])
    func badFieldsNameFileRecordAndField(line: String, expected: String) throws {
        #expect {
            _ = try AuditInput(parsing: Self.header + "\nllc,,,50,,,,0.5,0.01,,\n" + line + "\n", source: "bad.csv")
        } throws: { error in
            let d = "\(error)"
            return error is AuditError && d.contains("bad.csv") && d.contains("record 2") && d.contains(expected)
        }
    }

    @Test("Duplicates are data errors; the same quantity from another estimator or localization is not a duplicate")
    func duplicates() throws {
        let twice = Self.header + "\nllc,pentagon,one-hot,100,,,,4.5,0.02,0,a\nllc,pentagon,one-hot,100.0,,,,4.6,0.02,0,a\n"
        #expect { _ = try AuditInput(parsing: twice, source: "d.csv") } throws: { "\($0)".contains("record 2") && "\($0)".contains("duplicates record 1") }
        let distinct = Self.header + "\nllc,pentagon,one-hot,100,,,,4.5,0.02,0,a\nllc,pentagon,one-hot,100,,,,4.6,0.02,0,b\nllc,pentagon,one-hot,100,,,,4.6,0.02,5,a\n"
        #expect(try AuditInput(parsing: distinct, source: "d.csv").records.count == 3)
    }

    @Test("Records outside the oracle's reach are skipped with their reason; a file with nothing checkable fails")
    func skippedWithReasons() throws {
        let text = Self.header + "\n"
            + "llc,frozen-square,\"\(Self.noFeature4)\",50,,,,0.5,0.01,0,\n" // 1: frozen square, W_4 unconfined
            + "chi,frozen-square,one-hot,50,norm(4),10001,,0.1,0.01,0,\n"      // 2: needs the quadrature, none given
            + "llc,frozen-square,one-hot,50,,,,0.5,0.01,1,\n"                  // 3: localization at the frozen square
            + "llc,square-dead,one-hot,100,,,,4,0.02,0,\n"                     // 4: not a minimum
            + "llc,triangle,bernoulli:0.95,100,,,,3,0.02,0,\n"                 // 5: not a critical point
            + "chi,pentagon,one-hot,100,\"pos(0,x)\",10000,,0.1,0.01,0,\n"     // 6: not rotation invariant
            + "llc,pentagon,one-hot,5,,,,4,0.02,0,\n"                          // 7: β below the expansion's reach
            + "chi,pentagon,one-hot,1000,\"dot(0,1)\",11111,,0.1,0.01,0,\n"    // 8: kink through the minimum
        let report = try Self.report(text)
        #expect(report.entries.isEmpty)
        let skipped = report.skipped.joined(separator: "\n")
        for (number, phrase) in [(1, "improper"), (2, "no quadrature table"), (3, "γ = 0"), (4, "not a minimum"), (5, "not a critical point"),
                                 (6, "not rotation invariant"), (7, "below 20"), (8, "kink")] {
            #expect(report.skipped.contains { $0.contains("record \(number):") && $0.contains(phrase) }, "record \(number) (\(phrase)) in\n\(skipped)")
        }
        let verdict = report.verdict(AuditGate())
        #expect(!verdict.passed && verdict.failures[0].contains("no entry could be checked"))
        #expect(report.formatted(.table, maxZ: 5).contains("skipped: r.csv: record 4: not a minimum"))
    }

    /// Weights on the 16 types without feature 4 only: nothing confines `W_4`.
    static let noFeature4 = "weights:" + (0..<32).map { $0 & 16 == 0 && $0 > 0 ? "1" : "0" }.joined(separator: ",")

    @Test("Frozen-square records under Bernoulli data, all 31 inputs, are checked against the oracle's table, computed once per (data, β)")
    func frozenSquareAnyData() throws {
        let recorded = FrozenSquareEngineAnyDataTests.recordedTable
        let calls = CallCounter()
        let tables = FrozenSquareReferences { data, beta in
            calls.increment()
            return data == recorded.data && beta == recorded.beta ? recorded : nil
        }
        let r = RecordedFrozenSquareOracle.self
        let dot04 = r.rows.firstIndex(of: "dot(0,4)")!, norm4 = r.rows.firstIndex(of: "norm(4)")!
        // λ̂ = β(E[E] − E(w*)), E(w*) = Σ_x h_x (x_4 + #{features of x whose antipode is in x}) at W_4 = 0
        // (negative: the centre is not the minimum under Bernoulli data).
        let h = Self.data095.doubleWeights
        let centre = (0..<32).reduce(0.0) { sum, t in
            let paired = (0..<4).filter { t & (1 << $0) != 0 && t & (1 << (($0 + 2) % 4)) != 0 }.count
            return sum + h[t] * Double((t >> 4) & 1 + paired)
        }
        let llcValue = 50 * (r.expectedTotalLoss - centre)
        let text = Self.header + "\n"
            + "chi,frozen-square,bernoulli:0.95,50,\"dot(0,4)\",10001,,\(r.chi[dot04][17] + 0.02),0.01,0,\n"
            + "chi,frozen-square,bernoulli:0.95,50,\"dot(0,4)\",10000,,\(r.chi[dot04][1]),0.01,0,\n"
            + "chi,frozen-square,bernoulli:0.95,50,norm(4),00000,mean-preserving,0.001,0.01,0,\n"
            + "chi,frozen-square,bernoulli:0.95,50,\"dot(0,1)\",11111,,0,0,0,\n"
            + "expectation,frozen-square,bernoulli:0.95,50,r^2,,,\(r.radialMoments[1]),0.001,0,\n"
            + "expectation,frozen-square,bernoulli:0.95,50,loss,,,\(r.expectedTotalLoss / 32),0.001,0,\n"
            + "llc,frozen-square,bernoulli:0.95,50,,,,\(llcValue),0.01,0,\n"
            + "expectation,frozen-square,bernoulli:0.95,50,r^9,,,0.1,0.01,0,\n"
            + "llc,frozen-square,bernoulli:0.9,50,,,,0.5,0.01,0,\n"
        let report = try Self.report(text, tables: tables)
        #expect(calls.count == 2, "one table per (data, β): bernoulli:0.95 and bernoulli:0.9")
        #expect(report.entries.count == 7)
        #expect(report.skipped.contains { $0.contains("record 8:") && $0.contains("k = 8") })
        #expect(report.skipped.contains { $0.contains("record 9:") && $0.contains("bernoulli:0.9") })
        func entry(_ quantity: String) throws -> AuditEntry { try #require(report.entries.first { $0.quantity == quantity }) }
        let pair = try entry("chi[dot(0,4),10001]")
        #expect(abs(pair.z! - 2) < 1e-6 && abs(pair.oracle - 7.61188814908) < 1e-9, "\(pair.oracle)")
        // Not the one-hot closed form (−0.846581812457): the Bernoulli posterior's own value.
        #expect(abs(try entry("chi[dot(0,4),10000]").oracle - (-0.849462103259)) < 1e-11)
        // χ^mp[·, 00000] = −Σ_y (h_y/Σh) χ_y: the shift of every mean-preserving column.
        let shift = try entry("chi_mp[norm(4),00000]").oracle
        let weights: [Double] = try DataSpecification(parsing: r.data).doubleWeights
        var weighted = 0.0
        for (w, chi) in zip(weights, r.chi[norm4]) { weighted += w * chi }
        let fromWeights: Double = -weighted / weights.reduce(0, +)
        #expect(weights.count == 32, "weights of \(r.data)")
        #expect(abs(shift - fromWeights) < 1e-11 && shift > 9e-4, "\(shift) against −Σ h χ/Σh = \(fromWeights)")
        let constant = try entry("chi[dot(0,1),11111]")
        #expect(constant.oracle == 0 && constant.referenceBound == 0)
        #expect(abs(try entry("llc").oracle - llcValue) < 1e-8 && llcValue < 0)
        #expect(report.failures(maxZ: 5).isEmpty)
    }

    static let data095 = try! DataSpecification(parsing: "bernoulli:0.95")

    @Test("Frozen-square references: LLC 1/2, E[r^k], E[L], E[φ] and χ against the closed forms")
    func frozenSquareReferences() throws {
        let square = try FrozenSquare(beta: 50)
        let text = Self.header + "\n"
            + "llc,,,50,,,,0.5,0.01,,\n"
            + "expectation,,,50,r^3,,,\(square.moment(3)),0.01,,\n"
            + "expectation,,,50,loss,,,\((1 + 1 / 100.0) / 32),0.001,,\n"
            + "expectation,,,50,\"dot(0,2)\",,,-1,0,,\n"
            + "expectation,,,50,\"dot(1,4)\",,,0,0.01,,\n"
            + "expectation,,,50,norm(4),,,\(square.moment(1)),0.01,,\n"
            + "chi,,,50,\"dot(0,4)\",10000,mean-preserving,\(try square.chi(.dot(0, 4), try InputType(name: "10000"), convention: .meanPreserving)),0.01,,\n"
        let report = try Self.report(text)
        #expect(report.entries.count == 7 && report.skipped.isEmpty)
        for e in report.entries { #expect(abs(e.bias) < 1e-12 && e.referenceBound == 0, "\(e.quantity): \(e.estimate) vs \(e.oracle)") }
        // E[L] = (1 + E[r⁴])/32 with E[r⁴] = 1/(2β): the LLC route to the same number.
        #expect(abs(report.entries[2].oracle - (1 + square.llc / 50) / 32) < 1e-15)
    }

    @Test("Full-model references: λ̂ = 9/2 + a/β (a = 5.6679084 of the MPFR Laplace expansion) with its bound; χ with 30|c|/β²")
    func fullModelReferences() throws {
        let text = Self.header + "\n"
            + "llc,pentagon,one-hot,1000,,,,4.5,0.02,0,\n"
            + "chi,pentagon,one-hot,1000,\"dot(0,1)\",10000,,-0.24,0.01,0,\n"
            + "expectation,pentagon,one-hot,1000,loss,,,0.0251,0.0001,0,\n"
        let report = try Self.report(text)
        #expect(report.entries.count == 3)
        let llc = try #require(report.entries.first { $0.quantity == "llc" })
        #expect(abs(llc.oracle - (4.5 + 5.6679084 / 1000)) < 1e-9, "\(llc.oracle)")
        #expect(abs(llc.referenceBound - 200 / 1e6) < 1e-12)
        // χ⁰_{dot(0,1),10000} = −0.23602, c = −1.3936 (RegularLimit.md §3).
        let chi = try #require(report.entries.first { $0.quantity == "chi[dot(0,1),10000]" })
        #expect(abs(chi.oracle - (-0.23602 - 1.3936 / 1000)) < 1e-4, "\(chi.oracle)")
        #expect(abs(chi.referenceBound - 30 * 1.3936 / 1e6) < 1e-6)
    }

    @Test("S = 0.9, β = 10⁶, γ = 0: λ̂'s reference carries the kink cone (4.25), as MALA measured (4.233 ± 0.020)")
    func kinkConeEntersTheLLCReference() throws {
        // The MALA measurement of LearningCoefficients.md §3 (RegularLimitSamplingTests.kinkConeLLC, seed 1300).
        let text = Self.header + "\nllc,pentagon,bernoulli:0.9,1000000,,,,4.233,0.020,0,mala\n"
        let llc = try #require(try Self.report(text).entries.first)
        #expect(abs(llc.oracle - 4.251) < 0.002, "reference \(llc.oracle)")
        #expect(abs(llc.gateZ!) < 5 && 4.5 - llc.estimate > 5 * llc.standardError!)
    }

    @Test("The gate judges z beyond the reference's bound; z itself stays bias/SE")
    func gateUsesTheBound() {
        func entry(_ bias: Double, _ se: Double, _ bound: Double) -> AuditEntry {
            AuditEntry(caseLabel: "c", quantity: "q", estimate: 1 + bias, standardError: se, oracle: 1, referenceBound: bound)
        }
        let inside = entry(0.1, 0.01, 0.09), beyond = entry(-0.1, 0.01, 0.04)
        #expect(abs(inside.z! - 10) < 1e-9 && abs(inside.gateZ! - 1) < 1e-9 && inside.covered == true)
        #expect(abs(beyond.gateZ! + 6) < 1e-9 && beyond.covered == false)
        #expect(entry(0.05, 0.01, 0.1).gateZ == 0)
        #expect(entry(0.05, 0, 0.1).gateZ == 0 && entry(0.2, 0, 0.1).gateZ == .infinity)
        let pass = AuditReport(cases: [.init(label: "c", method: "file", beta: 1, entries: [inside])])
        let fail = AuditReport(cases: [.init(label: "c", method: "file", beta: 1, entries: [inside, beyond])])
        #expect(pass.verdict(AuditGate()).passed && !fail.verdict(AuditGate()).passed)
        #expect(fail.formatted(.table, maxZ: 5).contains("z beyond"))
        #expect(fail.csv().split(separator: "\n")[0].hasSuffix("reference_bound,z_beyond_bound"))
    }
}

/// Counts calls from a `@Sendable` closure.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
