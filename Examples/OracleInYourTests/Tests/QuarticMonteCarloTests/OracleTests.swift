import AnalyticOracle
import QuarticMonteCarlo
import Testing
import Verification

/// Your estimator against the TMSPatterning oracle, two ways: the closed forms
/// of `AnalyticOracle` directly, and the audit types of `Verification` (the
/// same entries and report that `tms audit` prints).
///
/// Tolerance: the draws are exact and independent, so the estimates are
/// unbiased and their only error is Monte Carlo noise, measured by their own
/// standard errors; a check passes within 5 of them (|z| ≤ 5). The seeds are
/// fixed and recorded below, so every run replays the same numbers.
@Suite struct OracleTests {
    /// 100,000 draws: standard errors of ≈ 0.24% of `E[r²]`, 0.45% of `E[r⁴]`
    /// and of the LLC, 0.55% of χ.
    static let draws = 100_000
    /// (β, seed) for each case, from the diffuse to the sharply peaked posterior.
    static let cases: [(beta: Double, seed: UInt64)] = [(1, 11), (50, 12), (10_000, 13)]
    /// The planted bug: draws at a temperature 4% off.
    static let biasedTemperature = 1.04

    /// One run per case, shared by the tests that check it.
    static let runs: [Estimates] = cases.map { QuarticMonteCarlo(beta: $0.beta, draws: draws, seed: $0.seed).run() }

    static func run(beta: Double, seed: UInt64) -> Estimates {
        runs[cases.firstIndex { $0.beta == beta && $0.seed == seed }!]
    }

    @Test("the estimates agree with the closed forms", arguments: cases)
    func closedForms(beta: Double, seed: UInt64) throws {
        let estimates = Self.run(beta: beta, seed: seed)
        let posterior = QuarticPosterior<Double>(beta: beta)
        let susceptibilities = BifurcationSusceptibilities<Double>(beta: beta)
        let replay = "β = \(beta), seed \(seed), \(Self.draws) draws"
        expectWithinFiveStandardErrors(estimates.meanR2, posterior.radialMoment(2), "E[r^2], \(replay)")
        expectWithinFiveStandardErrors(estimates.meanR4, posterior.radialMoment(4), "E[r^4], \(replay)")
        expectWithinFiveStandardErrors(estimates.llc, posterior.llc, "LLC (= 1/2), \(replay)")
        // χ_{dot(0,4), 10000} = −α, α = 2β^{1/2}/(3π^{3/2}).
        let chi = try susceptibilities.chi(.dot(0, 4), InputType(name: "10000"))
        expectWithinFiveStandardErrors(estimates.chiDot04Input10000, chi, "χ[dot(0,4),10000] (= −α), \(replay)")
    }

    @Test("the audit passes", arguments: cases)
    func auditPasses(beta: Double, seed: UInt64) throws {
        let estimates = Self.run(beta: beta, seed: seed)
        let report = try auditReport(estimates, label: "β=\(beta) seed=\(seed)")
        #expect(report.entries.count == 4)
        #expect(report.failures(maxZ: 5).isEmpty, "\(report.table(maxZ: 5))")
    }

    @Test("a temperature 4% off fails the audit", arguments: cases)
    func biasedEstimatorFailsAudit(beta: Double, seed: UInt64) throws {
        let biased = QuarticMonteCarlo(
            beta: beta, draws: Self.draws, seed: seed, samplingBeta: Self.biasedTemperature * beta
        ).run()
        let report = try auditReport(biased, label: "biased β=\(beta) seed=\(seed)")
        // E[r²] comes out 1.9% low, E[r⁴] and the LLC 3.8% low: 8 to 11 standard
        // errors at 100,000 draws (χ, 1.9% off, stays within 5).
        let failed = Set(report.failures(maxZ: 5).map(\.quantity))
        #expect(failed.isSuperset(of: ["E[r^2]", "E[r^4]", "llc"]), "\(report.table(maxZ: 5))")
    }
}

/// The estimates as an `AuditReport`: the moments and the LLC as entries
/// against `QuarticPosterior`, and χ as an `AuditInput` record, which the
/// audit compares with its frozen-square oracle (the closed form of
/// `BifurcationSusceptibilities`), exactly as `tms audit --from-file` does.
func auditReport(_ estimates: Estimates, label: String) throws -> AuditReport {
    let posterior = QuarticPosterior<Double>(beta: estimates.beta)
    func entry(_ quantity: String, _ value: MonteCarloValue, oracle: Double) -> AuditEntry {
        AuditEntry(caseLabel: label, quantity: quantity, estimate: value.value, standardError: value.standardError, oracle: oracle)
    }
    let moments = AuditReport.CaseResult(
        label: label, method: "quartic-monte-carlo", beta: estimates.beta, draws: estimates.draws,
        entries: [
            entry("E[r^2]", estimates.meanR2, oracle: posterior.radialMoment(2)),
            entry("E[r^4]", estimates.meanR4, oracle: posterior.radialMoment(4)),
            entry("llc", estimates.llc, oracle: posterior.llc),
        ])
    let chi = AuditInput(
        records: [
            AuditInput.Record(
                beta: estimates.beta, observable: .dot(0, 4), input: try InputType(name: "10000"),
                estimate: estimates.chiDot04Input10000.value,
                standardError: estimates.chiDot04Input10000.standardError),
        ],
        source: label)
    return AuditReport(cases: [moments] + (try chi.report()).cases)
}

/// `|estimate − exact| ≤ 5 SE`, with everything needed to replay in the message.
func expectWithinFiveStandardErrors(
    _ value: MonteCarloValue, _ exact: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let z = (value.value - exact) / value.standardError
    #expect(
        abs(z) <= 5, "\(what): estimate \(value.value) ± \(value.standardError), exact \(exact), z = \(z)",
        sourceLocation: sourceLocation)
}
