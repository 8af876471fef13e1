import Foundation
import Testing
import Verification

/// The audit's gate (`AuditGate`, Audit.md §4 "The gate") and the strict reading of its
/// input files: duplicate keys, duplicate records, numbers out of range.
@Suite struct AuditGateTests {
    static func entries(_ zs: [Double?], se: Double = 0.1) -> AuditReport {
        let entries = zs.enumerated().map { i, z in
            AuditEntry(caseLabel: "c", quantity: "q\(i)", estimate: 1 + (z ?? 0) * se, standardError: z == nil ? nil : se, oracle: 1)
        }
        return AuditReport(cases: entries.isEmpty ? [] : [.init(label: "c", method: "file", beta: 1, entries: entries)])
    }

    /// The binomial CDF in log space against the direct sum of `C(n,i) pⁱ qⁿ⁻ⁱ` with exact
    /// integer binomial coefficients (n ≤ 60, where they and the powers are exact enough in Double).
    @Test func binomialCDFMatchesTheDirectSum() {
        for n in [1, 2, 7, 20, 60] {
            for p in [0.05, 0.5, 0.835, 0.95] {
                var coefficient = 1.0, direct = 0.0
                for k in 0...n {
                    if k > 0 { coefficient = coefficient * Double(n - k + 1) / Double(k) }
                    direct += coefficient * pow(p, Double(k)) * pow(1 - p, Double(n - k))
                    let logSpace = AuditReport.binomialCDF(k, count: n, probability: p)
                    #expect((logSpace - Swift.min(1, direct)).magnitude <= 1e-12 * Swift.max(1e-300, direct) + 1e-15,
                            "n=\(n) k=\(k) p=\(p): \(logSpace) vs \(direct)")
                }
            }
        }
    }

    @Test func anEmptyOrUncheckableAuditFails() {
        #expect(!Self.entries([]).verdict(AuditGate()).passed)
        #expect(!Self.entries([nil, nil]).verdict(AuditGate()).passed)
        #expect(Self.entries([nil, 0.5]).verdict(AuditGate()).passed)
    }

    @Test func largeZFails() {
        #expect(!Self.entries([0.1, 5.5]).verdict(AuditGate(maxZ: 5)).passed)
        #expect(Self.entries([0.1, 4.5]).verdict(AuditGate(maxZ: 5)).passed)
    }

    /// 200 entries: coverage at the nominal 0.95 passes `--min-coverage 0.95`; devinterp's 0.835
    /// (Audit.md) fails it, with a p-value far below 0.01; the p-value is the binomial tail.
    @Test func lowCoverageFails() throws {
        func report(covered: Int, of n: Int) -> AuditReport { Self.entries((0..<n).map { $0 < covered ? 0.5 : 3.0 }) }
        let gate = AuditGate(maxZ: 5, minimumCoverage: 0.95)
        let nominal = report(covered: 190, of: 200).verdict(gate)
        #expect(nominal.passed)
        let devinterp = report(covered: 167, of: 200).verdict(gate)
        #expect(!devinterp.passed)
        let test = try #require(devinterp.coverageTest)
        #expect(test.count == 200 && test.covered == 167)
        #expect(test.pValue == AuditReport.binomialCDF(167, count: 200, probability: 0.95))
        #expect(test.pValue < 1e-6)
        // The max-|z| gate alone passes the same report.
        #expect(report(covered: 167, of: 200).verdict(AuditGate(maxZ: 5)).passed)
        // The JSON and the table say why.
        let json = try JSONValue.parse(report(covered: 167, of: 200).formatted(.json, gate: gate))
        #expect(json["passed"] == .bool(false))
        #expect(json["coverage_test"]?["passed"] == .bool(false))
        #expect(report(covered: 167, of: 200).formatted(.table, gate: gate).contains("FAIL: coverage 167/200"))
    }

    @Test func gateSettingsAreValidated() {
        #expect(throws: AuditError.self) { try AuditGate(maxZ: 0).validate() }
        #expect(throws: AuditError.self) { try AuditGate(minimumCoverage: 1).validate() }
        #expect(throws: AuditError.self) { try AuditGate(significance: 0).validate() }
        #expect(throws: Never.self) { try AuditGate(minimumCoverage: 0.9).validate() }
    }

    // MARK: Strict input

    @Test(arguments: [
        ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\""),
        ("{\"x\": {\"b\": [1], \"c\": 0, \"b\": 3}}", "duplicate key \"b\""),
        ("[1e400]", "the number 1e400 is outside the range of a Double"),
        ("{\"beta\": -2e308}", "the number -2e308 is outside the range of a Double"),
    ])
    func strictJSON(text: String, expected: String) {
        #expect(throws: MalformedJSONError.self) { try JSONValue.parse(text, source: "f.json") }
        do { _ = try JSONValue.parse(text, source: "f.json") } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".hasPrefix("f.json: "))
        }
    }

    @Test func largeFiniteNumbersAndManyKeysAreRead() throws {
        #expect(try JSONValue.parse("[1.7e308, -1e-400]") == .array([.number(1.7e308), .number(-0.0)]))
        let keys = (0..<20_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(try JSONValue.parse("{\(keys)}").objectValue?.count == 20_000)
    }

    @Test(arguments: [
        "beta,observable,input,estimate\n50,\"dot(0,4)\",10000,1\n50.0,\"dot(0,4)\",10000,2\n",
        "[{\"beta\": 50, \"observable\": \"norm(4)\", \"input\": \"00001\", \"estimate\": 1},"
            + " {\"beta\": \"50\", \"observable\": \"norm(4)\", \"input\": \"00001\", \"estimate\": 2}]",
    ])
    func duplicateRecordsAreDataErrors(text: String) {
        do {
            _ = try AuditInput(parsing: text, source: "d")
            Issue.record("accepted a duplicate record")
        } catch {
            #expect("\(error)".contains("record 2") && "\(error)".contains("duplicates record 1"), "\(error)")
        }
    }

    /// A file whose every column is outside the references' reach (here: no quadrature offered for
    /// an input with feature 4 and another feature) gives an empty report that lists them and fails.
    @Test func skippedRecordsAreListedAndAnEmptyFileFails() throws {
        let text = "{\"beta\": 50, \"rows\": [\"dot(0,4)\"], \"columns\": [\"11001\"], \"values\": [[0.0]]}"
        let references = AuditReferences(frozenSquare: FrozenSquareReferences.closedFormsOnly, fullModel: FullModelReferences())
        let report = try AuditInput(parsing: text, source: "s.json").report(references: references)
        #expect(report.entries.isEmpty)
        #expect(report.skipped.count == 1 && report.skipped[0].contains("no quadrature table"))
        #expect(!report.verdict(AuditGate()).passed)
        #expect(report.formatted(.table, maxZ: 5).contains("skipped: s.json: record 1:"))
    }
}
