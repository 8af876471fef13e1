import AnalyticOracle
import Foundation
import HighPrecision
import PropertyBased
import Testing
import TestSupport
import TMSEngine
import Verification

/// `tms audit`'s logic: the z-scores and coverage it reports
/// for files with known errors, its CSV/JSON round trips, and clear errors for bad files.
@Suite struct AuditTests {
    static let rows = FrozenSquare.rows
    static let inputs = FrozenSquare.inputs

    /// A synthetic file whose estimates are `oracle + z·SE` (oracle from MPFR) must be reported
    /// with exactly those z-scores (to rounding) and the matching coverage.
    @Test func syntheticErrorsGiveTheirZScores() async throws {
        await propertyCheck(count: 200, input: Gen.double(in: 0...2.5), Gen.double(in: -8...8).array(of: 6...6), Gen.double(in: 0.001...0.1)) { e, zs, se in
            let beta = Foundation.pow(10, e)
            let picks: [(AnalyticOracle.Observable, InputType)] = [
                (.dot(0, 4), try InputType(name: "10000")), (.norm(4), try InputType(name: "00001")), (.pos(4, .y), try InputType(name: "01100")),
                (.dot(2, 4), try InputType(name: "11010")), (.norm(4), try InputType(name: "10100")), (.dot(0, 1), try InputType(name: "11000")),
            ]
            var csv = "beta,observable,input,estimate,standard_error\n"
            for (i, (row, input)) in picks.enumerated() {
                let exact = try BigFloat.withWorkingPrecision(200) {
                    try BifurcationSusceptibilities<BigFloat>(beta: BigFloat(beta)).chi(row, input).doubleValue
                }
                csv += CSVTable.line(["\(beta)", row.name, input.name, "\(exact + zs[i] * se)", "\(se)"]) + "\n"
            }
            let report = try AuditInput(parsing: csv, source: "synthetic.csv").report()
            #expect(report.cases.count == 1)
            let entries = report.entries
            for (i, entry) in entries.enumerated() {
                // estimate = oracle + z·se rounds once (≤ u·|estimate|); oracle differences ≤ 64u·scale.
                let tolerance = 128 * Double.ulpOfOne * (Foundation.pow(beta, 0.5) + 8 * se + 1) / se
                #expect((entry.z! - zs[i]).magnitude <= tolerance, "\(entry.quantity): z = \(entry.z!) vs \(zs[i])")
            }
            let covered = zs.filter { $0.magnitude <= AuditEntry.normalQuantile975 - 1e-6 }.count
            let uncovered = zs.filter { $0.magnitude > AuditEntry.normalQuantile975 + 1e-6 }.count
            #expect(report.summary.coveredCount >= covered && report.summary.coveredCount <= 6 - uncovered)
            #expect(report.failures(maxZ: 5).count == zs.filter { $0.magnitude > 5 + 1e-6 }.count
                    || zs.contains { ($0.magnitude - 5).magnitude <= 1e-6 })
        }
    }

    /// Coverage is the covered fraction of the entries with a positive standard error: exact
    /// (zero-SE) and unrated entries count in neither its numerator nor its denominator. The
    /// expected counts are those of the entries as built (z = ±0.5, ±1.5 covered; ±2.5, 4 not).
    @Test func coverageCountsOnlyStatisticalEntries() {
        let zs = [0.5, -1.5, 2.5, -0.5, 4, 1.5, -2.5]
        var entries = zs.enumerated().map { i, z in AuditEntry(caseLabel: "c", quantity: "q\(i)", estimate: 2 + 0.1 * z, standardError: 0.1, oracle: 2) }
        entries.append(AuditEntry(caseLabel: "c", quantity: "exact", estimate: 1, standardError: 0, oracle: 1))
        entries.append(AuditEntry(caseLabel: "c", quantity: "exact too", estimate: 0, standardError: 0, oracle: 0))
        entries.append(AuditEntry(caseLabel: "c", quantity: "unrated", estimate: 3, standardError: nil, oracle: 3.5))
        let summary = AuditReport(cases: [.init(label: "c", method: "file", beta: 1, entries: entries)]).summary
        #expect(summary.statisticalCount == 7 && summary.exactCount == 2 && summary.unratedCount == 1)
        #expect(summary.coveredCount == 4)
        #expect(summary.coverage == 4.0 / 7.0, "coverage \(String(describing: summary.coverage)), expected 4/7")
        #expect(summary.maxAbsZ.map { abs($0 - 4) < 1e-12 } == true)
    }

    /// Fields with commas, quotes and spaces survive a CSV write and read.
    @Test(.tags(.consistency)) func csvRoundTrip() async throws {
        let alphabet: [Character] = ["a", "b", "1", ",", " ", "\"", "(", ")", "."]
        await propertyCheck(count: 500, input: Gen.int(in: 0...8).array(of: 0...8).array(of: 1...6)) { parts in
            // Unquoted fields are read trimmed, and a blank first field would make a blank line: avoid both.
            let fields = parts.map { "f" + String($0.map { alphabet[$0] }).trimmingCharacters(in: .whitespaces) }
            let text = CSVTable.line(fields.map { _ in "h" }) + "\n" + CSVTable.line(fields) + "\n"
            let table = try CSVTable(parsing: text, source: "round-trip")
            #expect(table.records == [fields], "\(fields) read back as \(table.records)")
        }
    }

    /// The JSON report parses back with the same numbers; the CSV report has one line per entry.
    @Test(.tags(.consistency)) func reportFormatsRoundTrip() async throws {
        await propertyCheck(count: 100, input: Gen.double(in: -3...3).array(of: 1...10), Gen.double(in: 0...0.5)) { zs, se in
            let entries = zs.enumerated().map { i, z in
                AuditEntry(caseLabel: "case", quantity: "q\(i)", estimate: 1 + z * se, standardError: se, oracle: 1)
            }
            let report = AuditReport(cases: [.init(label: "case", method: "file", beta: 2, entries: entries)])
            let json = try JSONValue.parse(report.formatted(.json, maxZ: 5))
            let parsed = json["cases"]!.arrayValue![0]["entries"]!.arrayValue!
            #expect(parsed.count == entries.count)
            for (e, p) in zip(entries, parsed) {
                #expect(p["estimate"]!.doubleValue == e.estimate)
                if se > 0 { #expect(p["z"]!.doubleValue == e.z!) } else { #expect(p["z"]!.stringValue != nil || p["z"]!.doubleValue == 0) }
            }
            let csv = try CSVTable(parsing: report.formatted(.csv, maxZ: 5), source: "report.csv")
            #expect(csv.records.count == entries.count)
            #expect(json["passed"] == .bool(report.failures(maxZ: 5).isEmpty))
            #expect(json["by_method"]?["file"]?["covered"]?.intValue == entries.count { $0.covered == true })
        }
    }

    // MARK: Layouts and errors

    @Test func jsonRecordsAndMatrixLayouts() throws {
        let alpha = try FrozenSquare(beta: 50).chi(.dot(0, 4), try InputType(name: "10000"), convention: .jacobian)
        let records = """
            {"estimates": [
              {"beta": 50, "observable": "dot(0,4)", "input": "10000", "estimate": \(alpha + 0.02), "standard_error": 0.01},
              {"beta": "50", "observable": "norm(4)", "input": "00001", "convention": "mean-preserving", "estimate": 0.1}
            ]}
            """
        let report = try AuditInput(parsing: records, source: "records.json").report()
        #expect(report.cases.count == 2)
        #expect((report.cases[0].entries[0].z! - 2).magnitude < 1e-9)
        #expect(report.cases[1].entries[0].z == nil)
        // The χ object of `tms sample` (columns of all 32 types, every one audited; a row that does not read
        // W_4 has χ = 0 exactly under any data, so no quadrature is needed).
        let columns = (0..<32).map { "\"\(TMSModel.typeName($0))\"" }.joined(separator: ",")
        let zeros = Array(repeating: "0", count: 32).joined(separator: ",")
        let matrix = """
            {"beta": 50, "chi": {"convention": "jacobian", "rows": ["dot(0,1)"], "columns": [\(columns)],
              "values": [[\(zeros)]], "standardErrors": [[\(Array(repeating: "0", count: 32).joined(separator: ","))]]}}
            """
        let input = try AuditInput(parsing: matrix, source: "sample.json")
        #expect(input.records.count == 32)
        #expect(try input.report().failures(maxZ: 5).isEmpty)
    }

    @Test(arguments: [
        ("", "empty"),
        ("beta,observable,input\n50,\"dot(0,4)\",10000\n", "no column \"estimate\""),
        ("beta,observable,input,estimate\n50,dot(0,4),10000,1\n", "fields"),
        ("beta,observable,input,estimate\n-1,\"dot(0,4)\",10000,1\n", "field \"beta\""),
        ("beta,observable,input,estimate\n50,\"dot(0,7)\",10000,1\n", "dot(0,7)"),
        ("beta,observable,input,estimate\n50,norm(4),1000,1\n", "1000"),
        ("beta,observable,input,estimate\n50,norm(4),10000,abc\n", "abc"),
        ("beta,observable,input,estimate,convention\n50,norm(4),10000,1,sideways\n", "sideways"),
        ("beta,observable,input,estimate,se\n50,norm(4),10000,1,-2\n", "-2"),
        ("beta,observable,input,estimate\n50,\"dot(0,4),10000,1\n", "not closed"),
        ("{\"estimates\": [{\"beta\": 50, \"observable\": \"norm(4)\"}]}", "field \"input\""),
        ("{\"estimates\": [3]}", "not an object"),
        ("{\"beta\": 50}", "no \"records\" or \"estimates\""),
        ("{\"estimates\": [", "not valid JSON"),
    ])
    func malformedFilesGiveClearErrors(text: String, expected: String) throws {
        #expect {
            _ = try AuditInput(parsing: text, source: "bad").report()
        } throws: { error in
            let description = "\(error)"
            return error is AuditError && description.contains(expected) && description.contains("bad")
        }
    }

    @Test func invalidGridSettingsAreRejected() throws {
        for grid in [
            AuditGrid(betas: [0]), AuditGrid(betas: [.nan]), AuditGrid(methods: []), AuditGrid(stepSizes: .absolute([-1])),
            AuditGrid(stepSizes: .scaled([])), AuditGrid(chains: 0), AuditGrid(draws: 2),
        ] {
            #expect(throws: AuditError.self) { try grid.validate() }
        }
    }

    /// A short audit run end to end: every constant entry exact, the statistical ones within 5 SE.
    @Test(.tags(.statistical)) func shortAuditPasses() throws {
        let grid = AuditGrid(betas: [17], methods: [.mala], stepSizes: .scaled([0.1]), chains: 4, burnIn: 500, draws: 4_000, seed: 11)
        var calls: [(Int, Int)] = []
        // One-hot data without the oracle's quadrature: the 17 inputs with closed forms.
        let report = try Audit.run(grid, tables: FrozenSquareReferences.closedFormsOnly.tables, progress: { calls.append(($0, $1)) })
        #expect(calls.map(\.0) == [0, 1])
        #expect(report.entries.count == 2 * 17 * 17 + 5)
        #expect(report.failures(maxZ: 5).isEmpty, "\(report.failures(maxZ: 5).map(\.quantity))")
        #expect(report.summary.exactCount > 0)
        let table = report.formatted(.table, maxZ: 5)
        #expect(table.contains("PASS"))
    }
}
