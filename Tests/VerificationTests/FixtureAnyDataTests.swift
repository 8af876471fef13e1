import AnalyticOracle
import Foundation
import HighPrecision
import Testing
import TestSupport
@testable import Verification

/// `Fixtures/frozen-square-any-data.json` (written by the MPFR two-route oracle, "verified by
/// two routes") against independent routes:
///
/// - **closed forms** (cheap, every β of the file): its one-hot χ for the 17 inputs the closed
///   form covers equal the certified values of `chi-no-f4.json` and `chi-one-hot.json` to one
///   unit in the last printed digit (both conventions);
/// - **the engine's Double quadrature** (``FrozenSquareGridQuadrature``) at a few (data, β)
///   pairs, all 31 inputs: χ in both conventions, `ln Z`, `E[φ_k]`, `E[r^k]`, `E[ℓ_x]`, `E[E]`,
///   each group within twice the rule's own error estimate (its change between two orders,
///   which bounds the finer rule's error when each order at least halves it) or 10⁻¹³ of the
///   group's largest magnitude, and that tolerance must itself be ≤ 10⁻⁵ of it. Where kink
///   curves cross (Bernoulli data) the rule converges algebraically and resolves 6–7 digits
///   (measured: error estimate ≤ 2·10⁻⁷ of the scale); for one-hot data about 12.
///
/// Recomputing the file with the two-route oracle (`tms fixtures verify --two-routes`, minutes
/// in release mode) is a consistency check; one case of it runs in the long tier.
@Suite struct FixtureAnyDataTests {
    static let file = FixtureTests.fixtures.appendingPathComponent("\(Fixture.frozenSquareAnyDataName).json")

    /// The file, parsed once for every test (half a megabyte: seconds in a debug build).
    static let parsed = Result { try JSONValue.parse(String(contentsOf: file, encoding: .utf8), source: file.lastPathComponent) }

    static func document() throws -> JSONValue { try parsed.get() }

    static func cases(_ document: JSONValue) -> [JSONValue] { document["values"]?["cases"]?.arrayValue ?? [] }

    static func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    static func table(_ value: JSONValue?) -> [[String]] { value?.arrayValue?.map { strings($0) } ?? [] }

    @Test("The file has the schema, the grid and 17 × 31 tables for every data set")
    func shape() throws {
        let document = try Self.document()
        #expect(document["schema_version"]?.intValue == Fixture.schemaVersion)
        #expect(document["accuracy"]?.stringValue == "verified by two routes")
        let cases = Self.cases(document)
        #expect(cases.count == Fixture.anyDataSets.count * Fixture.anyDataBetaGrid.count)
        for item in cases {
            #expect(Self.strings(item["inputs"]) == FrozenSquareOracle.allInputs.map(\.name))
            #expect(Self.strings(item["observables"]) == Observable.oracleRows.map(\.name))
            for key in ["chi", "chi_mean_preserving"] {
                let t = Self.table(item[key])
                #expect(t.count == 17 && t.allSatisfy { $0.count == 31 && !$0.contains("?") }, "\(key) of \(item["data"]?.stringValue ?? "?") β = \(item["beta"]?.stringValue ?? "?")")
            }
        }
    }

    /// `|file − exact| ≤` one unit in the last digit of `text` (for "0": `10^{−digits}` of `scale`).
    static func agrees(_ text: String, _ exact: String, digits: Int, scale: Double) throws -> Bool {
        try BigFloat.withWorkingPrecision(256) {
            let x = try BigFloat(decimal: text), y = try BigFloat(decimal: exact)
            if x.isZero { return (y.magnitude.doubleValue) <= scale * Foundation.pow(10, -Double(digits)) }
            let mantissa = text.split(whereSeparator: { $0 == "e" || $0 == "E" })[0]
            let significant = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
            let exponent = Foundation.floor(Foundation.log10(x.magnitude.doubleValue))
            let unit = Foundation.pow(10, exponent - Double(significant) + 1)
            return (x - y).magnitude.doubleValue <= unit
        }
    }

    @Test("One-hot χ equals the certified closed form on the 16 inputs both cover, at every β")
    func oneHotAgainstClosedForm() throws {
        var certified: [String: (inputs: [String], chi: [[String]], meanPreserving: [[String]])] = [:]
        for name in ["chi-no-f4", "chi-one-hot"] {
            let text = try String(contentsOf: FixtureTests.fixtures.appendingPathComponent("\(name).json"), encoding: .utf8)
            for item in Self.cases(try JSONValue.parse(text, source: name)) {
                let beta = item["beta"]?.stringValue ?? ""
                var entry = certified[beta] ?? ([], Array(repeating: [], count: 17), Array(repeating: [], count: 17))
                for (x, input) in Self.strings(item["inputs"]).enumerated() where !entry.inputs.contains(input) {
                    entry.inputs.append(input)
                    for k in 0..<17 {
                        entry.chi[k].append(Self.table(item["chi"])[k][x])
                        entry.meanPreserving[k].append(Self.table(item["chi_mean_preserving"])[k][x])
                    }
                }
                certified[beta] = entry
            }
        }
        var checked = 0
        for item in Self.cases(try Self.document()) where item["data"]?.stringValue == "one-hot" {
            let beta = try #require(item["beta"]?.stringValue), digits = try #require(item["digits"]?.intValue)
            let exact = try #require(certified[beta], "β = \(beta) is not in the closed-form fixtures")
            let inputs = Self.strings(item["inputs"])
            for (key, closed) in [("chi", exact.chi), ("chi_mean_preserving", exact.meanPreserving)] {
                let values = Self.table(item[key])
                let scale = values.joined().compactMap(Double.init).map(\.magnitude).max() ?? 1
                for (x, input) in inputs.enumerated() {
                    guard let c = exact.inputs.firstIndex(of: input) else { continue }
                    for k in 0..<17 {
                        checked += 1
                        #expect(try Self.agrees(values[k][x], closed[k][c], digits: digits, scale: scale),
                                "one-hot β = \(beta) \(key)[\(k)][\(input)]: file \(values[k][x]), closed form \(closed[k][c])")
                    }
                }
            }
        }
        // 16 inputs: the file has no 00000 (χ ≡ 0) and the closed form no input with feature 4 but 00001.
        #expect(checked == Fixture.anyDataBetaGrid.count * 2 * 17 * 16)
    }

    /// The (data, β) pairs checked against the engine's Double quadrature in the default tier.
    static let gridChecks: [(String, String)] = [("one-hot", "1"), ("bernoulli:0.95", "50"), ("bernoulli:0.9", "5")]

    @Test("All 31 inputs and the expectations agree with the engine's Double quadrature", arguments: gridChecks)
    func againstEngineQuadrature(data: String, beta: String) throws {
        let item = try #require(Self.cases(try Self.document()).first { $0["data"]?.stringValue == data && $0["beta"]?.stringValue == beta })
        let rule = try FrozenSquareGridQuadrature(beta: try #require(Double(beta)), data: data)
        let coarse = rule.integrate(angular: 12, radial: 10, panels: 4)
        let fine = rule.integrate(angular: 20, radial: 16, panels: 6)
        let indices = FrozenSquareOracle.allInputs.map(\.index)
        let radial = (1...8).map { item["radial_moments"]?["E[r^\($0)]"] }
        let groups: [(String, [JSONValue?], [Double], [Double])] = [
            ("chi", Self.table(item["chi"]).joined().map { .string($0) }, fine.chi.flatMap { r in indices.map { r[$0] } }, coarse.chi.flatMap { r in indices.map { r[$0] } }),
            ("chi_mean_preserving", Self.table(item["chi_mean_preserving"]).joined().map { .string($0) },
             fine.chiMeanPreserving.flatMap { r in indices.map { r[$0] } }, coarse.chiMeanPreserving.flatMap { r in indices.map { r[$0] } }),
            ("observable_means", item["observable_means"]?.arrayValue ?? [], fine.observableMeans, coarse.observableMeans),
            ("loss_means", item["loss_means"]?.arrayValue ?? [], indices.map { fine.lossMeans[$0] }, indices.map { coarse.lossMeans[$0] }),
            ("log_normalizer", [item["log_normalizer"]], [fine.logNormalizer], [coarse.logNormalizer]),
            ("expected_total_loss", [item["expected_total_loss"]], [fine.expectedTotalLoss], [coarse.expectedTotalLoss]),
            ("radial_moments", radial, fine.radialMoments, coarse.radialMoments),
        ]
        // The radial moments span four decades (E[r⁸] ≈ 2·10⁻⁴ beside E[r] ≈ 0.3), so each
        // is also checked relative to itself, at the rule's worst relative error estimate
        // over the eight (a per-moment estimate can be small by luck: 8·10⁻¹⁰ against a
        // true 2·10⁻⁹ for E[r²] at bernoulli:0.95, β = 50).
        let relative = zip(fine.radialMoments, coarse.radialMoments).map { abs($0 - $1) / abs($0) }.max() ?? 0
        for k in 0..<8 {
            let file = radial[k]?.stringValue.flatMap(Double.init) ?? .nan
            let tolerance = max(2 * relative, 1e-13) * abs(fine.radialMoments[k])
            #expect(abs(file - fine.radialMoments[k]) <= tolerance,
                    "\(data) β = \(beta) E[r^\(k + 1)]: file \(file), engine quadrature \(fine.radialMoments[k]), tolerance \(tolerance)")
        }
        for (name, file, fineValues, coarseValues) in groups {
            let values = file.map { $0?.stringValue.flatMap(Double.init) }
            #expect(values.count == fineValues.count && values.allSatisfy { $0 != nil }, "\(data) β = \(beta) \(name): unreadable")
            let scale = fineValues.map(\.magnitude).max() ?? 1
            let estimate = zip(fineValues, coarseValues).map { ($0 - $1).magnitude }.max() ?? 0
            let tolerance = max(2 * estimate, 1e-13 * scale)
            #expect(tolerance <= 1e-5 * scale, "\(data) β = \(beta) \(name): the Double rule's error estimate \(estimate) is too coarse a check")
            let worst = zip(values, fineValues).map { (($0 ?? .nan) - $1).magnitude }.max() ?? 0
            #expect(worst <= tolerance, "\(data) β = \(beta) \(name): largest |file − engine quadrature| = \(worst), tolerance \(tolerance) (scale \(scale))")
            print("frozen-square-any-data \(data) β = \(beta) \(name): max difference \(worst), rule error estimate \(estimate), scale \(scale)")
        }
    }

    /// Like the oracle's own long-tier tables, the recomputation needs an optimized build
    /// (a 20-digit table: about 15 s in release, minutes in debug).
    @Test("Consistency: one case equals its recomputation by the two-route oracle",
          .enabled(if: Support.longTests && !_isDebugAssertConfiguration(),
                   "needs TMS_LONG_TESTS=1 and a release build: swift test -c release -Xswiftc -enable-testing"),
          .tags(.consistency))
    func recomputedCase() throws {
        let (data, beta) = ("bernoulli:0.9", "1")
        let item = try #require(Self.cases(try Self.document()).first { $0["data"]?.stringValue == data && $0["beta"]?.stringValue == beta })
        let digits = try #require(Fixture.anyDataSets.first { $0.data == data }?.digits)
        let fixture = try Fixture.frozenSquareAnyData(dataSets: [(data, digits)], betas: [beta])
        var differences: [FixtureDifference] = []
        FixtureVerifier.compare(item, Self.cases(fixture.values.asDocument)[0], path: "case", file: Self.file.lastPathComponent, into: &differences)
        #expect(differences.isEmpty, "\(differences.prefix(5).map(\.description).joined(separator: "\n"))")
    }
}

private extension JSONValue {
    /// The fixture's `values` wrapped so ``FixtureAnyDataTests/cases(_:)`` reads them.
    var asDocument: JSONValue { .object([("values", self)]) }
}
