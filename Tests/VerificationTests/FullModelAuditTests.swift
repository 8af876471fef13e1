import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// `tms audit --config pentagon`: MALA on the full model over a β ladder
/// against ``FullModelOracle`` ([Audit.md §6](../../Derivations/Audit.md)).
/// MALA samples each density exactly, so the audit must pass; a planted
/// bias — the temperature 5% off, SGLD's step bias, the localization ignored —
/// must fail it. Fixed seeds; the gate is 5 SE beyond each reference's bound.
@Suite("Full-model audit")
struct FullModelAuditTests {
    static let oneHotOracle: FullModelOracle? = try? FullModelOracle.compute(configuration: try PolygonConfiguration(k: 5), data: .oneHot)
    static var oneHot: FullModelOracle { get throws { try #require(oneHotOracle, "the one-hot pentagon's oracle failed") } }

    /// Every failing entry's quantity, for messages.
    static func failing(_ report: AuditReport) -> [String] { report.failures(maxZ: 5).map { "\($0.caseLabel): \($0.quantity)" } }

    @Test("MALA over β = 100, 1000 (γ = 0) passes, and the ladder fit extrapolates to λ = 9/2 and χ⁰", .tags(.statistical))
    func ladderPasses() throws {
        let oracle = try Self.oneHot
        let settings = FullModelAudit.Settings(betas: [100, 1000], chains: 4, burnIn: 500, draws: Support.longTests ? 40_000 : 4_000, seed: 21)
        let report = try FullModelAudit.run(settings, oracle: oracle)
        let verdict = report.verdict(AuditGate())
        #expect(verdict.passed, "\(verdict.failures); \(Self.failing(report)); replay: seed 21, draws \(settings.draws)")
        #expect(report.cases.count == 3 && report.cases[2].method == "fit")
        let fit = report.cases[2].entries
        let lambda = try #require(fit.first { $0.quantity == "fit llc(β→∞)" })
        #expect(lambda.oracle == 4.5 && lambda.standardError! > 0)
        #expect(fit.contains { $0.quantity == "fit chi[dot(0,1),10000](β→∞)" })
        #expect(report.cases.allSatisfy { $0.warnings.isEmpty }, "\(report.cases.map(\.warnings))")
        #expect(report.notes.contains { $0.hasPrefix("exact (certified)") } && report.notes.contains { $0.hasPrefix("asymptotic") })
        let llc = report.cases[0].entries.first { $0.quantity == "llc" }!
        print("full-model ladder: λ̂(100) = \(llc.estimate) ± \(llc.standardError!) (oracle \(llc.oracle) ± \(llc.referenceBound)); "
              + "fit λ = \(lambda.estimate) ± \(lambda.standardError!); coverage \(report.summary.coverage ?? 0), max |z| beyond bound \(report.summary.maxAbsZ ?? 0)")
    }

    /// One case of the ladder at β, with `adjust` applied to its sampler settings before the run.
    static func run(beta: Double, method: SamplerSettings.Method = .mala, scale: Double? = nil, localization: Double = 0,
                    draws: Int, seed: UInt64, adjust: (inout SamplerSettings) -> Void = { _ in }) throws -> (FullModelAudit.Case, SampleRun) {
        let oracle = try oneHot
        let settings = FullModelAudit.Settings(betas: [beta], methods: [method], stepScale: scale, localization: localization,
                                               burnIn: 500, draws: draws, seed: seed)
        var item = FullModelAudit.cases(settings, oracle: oracle)[0]
        adjust(&item.settings)
        let run = try FullModelAudit.sampler(item, oracle: oracle).run(recording: RecordingOptions(observables: .structural(), perSampleLosses: true))
        return (item, run)
    }

    static func report(_ item: FullModelAudit.Case, _ run: SampleRun) throws -> AuditReport {
        let (result, _) = try FullModelAudit.compare(run, case: item, oracle: try oneHot, batchSize: run.drawCount / 20)
        return AuditReport(cases: [result])
    }

    @Test("Planted: the sampler's temperature 5% off fails on E[L] (the ladder test passes the same β honestly)", .tags(.statistical))
    func temperatureBiasFails() throws {
        // The sampler runs at 1.05 β while the audit compares with β: λ̂ (computed with the sampler's own
        // nβ) is nearly scale free, but E[L] − L* = λ̂/(32β) is 5% off: 0.21/SE(λ̂) ≈ 7 standard errors.
        let (item, run) = try Self.run(beta: 1000, draws: 8_000, seed: 31) { $0.nBeta *= 1.05 }
        let biased = try Self.report(item, run)
        #expect(!biased.verdict(AuditGate()).passed, "a 5% temperature error passed; replay: seed 31")
        #expect(biased.failures(maxZ: 5).contains { $0.quantity == "E[loss]" }, "\(Self.failing(biased))")
        // The control: the same case, seed and draws at the ladder's own nβ = 32β pass on E[L]. Without it,
        // a ladder that itself sampled 5% off (nβ = 32β · 1.05) would still pass this test and, at the
        // ladder test's 4,000 draws (≈ 5 SE), that one too.
        let (honestItem, honestRun) = try Self.run(beta: 1000, draws: 8_000, seed: 31)
        let honest = try Self.report(honestItem, honestRun)
        #expect(!honest.failures(maxZ: 5).contains { $0.quantity == "E[loss]" }, "the honest run fails: \(Self.failing(honest)); replay: seed 31")
    }

    @Test("Planted: SGLD at MALA's step (c = 1.2) fails on λ̂ (step bias ≈ +0.8)", .tags(.statistical))
    func stepBiasFails() throws {
        let (item, run) = try Self.run(beta: 1000, method: .sgld, scale: 1.2, draws: 2_000, seed: 41)
        let report = try Self.report(item, run)
        let llc = try #require(report.entries.first { $0.quantity == "llc" })
        #expect((llc.gateZ ?? 0) > 5, "SGLD's λ̂ = \(llc.estimate) ± \(llc.standardError ?? 0) against \(llc.oracle) passed; replay: seed 41")
    }

    @Test("γ = 100: MALA matches the localized expansion; compared as if γ = 0 (localization ignored) it fails", .tags(.statistical))
    func localizationEntersTheReference() throws {
        let (item, run) = try Self.run(beta: 100, localization: 100, draws: 5_000, seed: 51)
        let report = try Self.report(item, run)
        #expect(report.verdict(AuditGate()).passed, "\(Self.failing(report)); replay: seed 51")
        var ignored = item
        ignored.settings.localization = 0
        let wrong = try Self.report(ignored, run)
        #expect(wrong.failures(maxZ: 5).contains { $0.quantity == "llc" }, "λ̂ at γ = 100 passed against the γ = 0 reference")
        let llc = report.entries.first { $0.quantity == "llc" }!
        print("γ = 100, β = 100: λ̂ = \(llc.estimate) ± \(llc.standardError!), localized reference \(llc.oracle) ± \(llc.referenceBound) (γ = 0: \(wrong.entries.first { $0.quantity == "llc" }!.oracle))")
    }

    @Test("The ladder fit: intercept and slope weights, their standard errors against replicated noise, and the remainder's bound")
    func ladderFitWeights() throws {
        let betas = [100.0, 300, 1000, 10_000], sigmas = [0.02, 0.015, 0.02, 0.03]
        let q0 = 4.5, q1 = 5.67
        // Worst-case remainder |r_i| ≤ B_i = 200/β_i² with the signs of L_i: the intercept's bias equals the bound.
        let bounds = betas.map { 200 / ($0 * $0) }
        let exact = LadderFit(zip(betas, sigmas).map { ($0, q0 + q1 / $0, $1) })!
        #expect(abs(exact.intercept - q0) < 1e-12 && abs(exact.slope - q1) < 1e-9)
        #expect(abs(exact.interceptWeights.reduce(0, +) - 1) < 1e-12 && abs(zip(exact.interceptWeights, betas).reduce(0) { $0 + $1.0 / $1.1 }) < 1e-12)
        let worst = LadderFit(zip(zip(betas, sigmas), zip(bounds, exact.interceptWeights)).map { ($0.0, q0 + q1 / $0.0 + ($1.1 > 0 ? $1.0 : -$1.0), $0.1) })!
        #expect(abs(abs(worst.intercept - q0) - exact.interceptBound(bounds)) < 1e-12)
        // Standard errors against 4,000 replicates of Gaussian noise (RandomStream, seed 7): within 5%.
        var random = RandomStream(seed: 7)
        var intercepts: [Double] = [], slopes: [Double] = []
        for _ in 0..<4_000 {
            let points = zip(betas, sigmas).map { beta, sigma in (beta, q0 + q1 / beta + sigma * random.nextGaussian(), sigma) }
            let f = LadderFit(points)!
            intercepts.append(f.intercept)
            slopes.append(f.slope)
        }
        func sd(_ x: [Double]) -> Double {
            let m = x.reduce(0, +) / Double(x.count)
            return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
        }
        #expect(abs(sd(intercepts) / exact.interceptError - 1) < 0.05, "sd \(sd(intercepts)) vs SE \(exact.interceptError)")
        #expect(abs(sd(slopes) / exact.slopeError - 1) < 0.05, "sd \(sd(slopes)) vs SE \(exact.slopeError)")
        #expect(LadderFit([(100, 1, 0.1)]) == nil && LadderFit([(100, 1, 0.1), (200, 1, 0)]) == nil)
    }
}

extension FullModelAuditTests {
    @Test("Long tier: the default ladder (β = 10²…10⁵, 4 × 20,000 draws) passes at S = 0.95 and S = 0.9, and at γ = 100",
          .tags(.statistical), .enabled(if: Support.longTests),
          arguments: [("bernoulli:0.95", 0.0), ("bernoulli:0.9", 0.0), ("bernoulli:0.95", 100.0), ("one-hot", 100.0)])
    func defaultLadders(data: String, localization: Double) throws {
        let oracle = try FullModelOracle.compute(configuration: try PolygonConfiguration(k: 5), data: try DataSpecification(parsing: data))
        let report = try FullModelAudit.run(FullModelAudit.Settings(localization: localization, seed: 61), oracle: oracle)
        let verdict = report.verdict(AuditGate())
        #expect(verdict.passed, "\(data) γ = \(localization): \(verdict.failures); \(Self.failing(report)); replay: seed 61, default settings")
        #expect(report.cases.allSatisfy { $0.warnings.isEmpty }, "\(report.cases.map(\.warnings))")
        print("\(data) γ = \(localization): coverage \(report.summary.coverage ?? 0), max |z| beyond bound \(report.summary.maxAbsZ ?? 0), entries \(report.entries.count)")
    }
}
