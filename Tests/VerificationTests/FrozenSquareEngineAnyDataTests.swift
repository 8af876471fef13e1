import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// The engine at the frozen square under Bernoulli data (S = 0.95, β = 50) against the
/// any-data frozen-square oracle, all 32 inputs in both conventions
/// ([Audit.md §7](../../Derivations/Audit.md)).
@Suite struct FrozenSquareEngineAnyDataTests {
    static let data = try! DataSpecification(parsing: RecordedFrozenSquareOracle.data)
    static let beta = RecordedFrozenSquareOracle.beta
    static let draws = Support.longTests ? 100_000 : 8_000
    static let seed: UInt64 = 0xB095_0050

    /// The recorded oracle table (TestSupport) as the audit's references: each value bounded
    /// by one unit in its 12th digit; entries the routes verified to be 0 by 10⁻¹¹.
    static var recordedTable: FrozenSquareReferenceTable {
        func reference(_ v: Double) -> AuditReference {
            AuditReference(value: v, bound: v == 0 ? 1e-11 : v.magnitude * 1e-11)
        }
        let r = RecordedFrozenSquareOracle.self
        return FrozenSquareReferenceTable(
            data: data, beta: beta, chi: r.chi.map { $0.map(reference) }, chiMeanPreserving: r.chiMeanPreserving.map { $0.map(reference) },
            observableMeans: r.observableMeans.map(reference), radialMoments: r.radialMoments.map(reference),
            expectedTotalLoss: reference(r.expectedTotalLoss))
    }

    /// MALA, `ε = 0.1/√β`, 4 chains: exact for every ε (Metropolis-corrected), so the step-size
    /// bias is 0 and every entry must be within 5 SE (plus the table's last-digit bound).
    static func settings(seed: UInt64 = seed) -> SamplerSettings {
        SamplerSettings(method: .mala, stepSize: 0.1 / beta.squareRoot(), nBeta: 32 * beta, chains: 4,
                        burnIn: 1_000, draws: draws, seed: seed)
    }

    @Test(.tags(.statistical)) func malaMatchesTheOracleOnAllInputs() throws {
        let square = try FrozenSquare(beta: Self.beta, data: Self.data)
        let start = ContinuousClock.now
        let run = try square.run(Self.settings())
        let entries = try square.entries(of: run, caseLabel: "mala \(Self.data) β=\(Self.beta) seed \(Self.seed)",
                                         batchSize: Audit.defaultBatchSize(draws: Self.draws), table: Self.recordedTable)
        // 17 rows × 32 inputs × 2 conventions, E[r^1…4], llc.
        #expect(entries.count == 2 * 17 * 32 + 5)
        let worst = Support.expectAgreement(entries)
        let acceptance = run.acceptanceRates.reduce(0, +) / Double(run.acceptanceRates.count)
        let pairs = entries.filter { $0.quantity.hasPrefix("chi[dot(0,4),") && $0.quantity.hasSuffix("1]") && $0.quantity != "chi[dot(0,4),00001]" }
        print("frozen square \(Self.data) MALA β=\(Self.beta): \(entries.count) entries, max|z| = \(worst), acceptance \(acceptance), "
              + "\(start.duration(to: .now)); pair columns of dot(0,4): "
              + pairs.map { "\($0.quantity) \($0.estimate) vs \($0.oracle) (z \($0.z ?? 0))" }.joined(separator: "; "))
    }

    /// Consistency (long tier, ≈ 100 s in debug): the recorded table is what the oracle computes today.
    @Test(.enabled(if: Support.longTests)) func recordedTableMatchesTheOracle() throws {
        let computed = try FrozenSquareReferenceTable(
            FrozenSquareOracle(data: Self.data).table(beta: "50", rows: FrozenSquare.rows, digits: RecordedFrozenSquareOracle.digits))
        let recorded = Self.recordedTable
        func check(_ a: AuditReference?, _ b: AuditReference?, _ what: String) {
            guard let a, let b else { Issue.record("\(what): not verified"); return }
            #expect(abs(a.value - b.value) <= a.bound + b.bound + 1e-14, "\(what): computed \(a.value), recorded \(b.value)")
        }
        for k in FrozenSquare.rows.indices {
            for x in 0..<32 {
                check(computed.chi[k][x], recorded.chi[k][x], "χ[\(FrozenSquare.rows[k]), \(x)]")
                check(computed.chiMeanPreserving[k][x], recorded.chiMeanPreserving[k][x], "χmp[\(FrozenSquare.rows[k]), \(x)]")
            }
            check(computed.observableMeans[k], recorded.observableMeans[k], "E[\(FrozenSquare.rows[k])]")
        }
        for k in 0..<8 { check(computed.radialMoments[k], recorded.radialMoments[k], "E[r^\(k + 1)]") }
        check(computed.expectedTotalLoss, recorded.expectedTotalLoss, "E[E]")
    }
}
