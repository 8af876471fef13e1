import PropertyBased
import Testing
import TMSEngine
import Verification

/// Fluctuation–dissipation on the full 10-parameter localized posterior
/// (Conventions §6): the covariance estimator `χ_{k,x} = −β Cov(φ_k, ℓ_x)` of one run
/// against a central finite difference of `E[φ_k]` under reweighted data,
/// `(E_{h(+δ)}[φ_k] − E_{h(−δ)}[φ_k]) / 2δ`, from two further runs with common random
/// numbers (same seed). Jacobian convention: `h(δ) = h + δ e_x`; mean-preserving:
/// `h(δ) = (h + δ e_x) Σh/(Σh + δ)`. MALA samples each density exactly, so the only
/// bias is the finite difference's `O(δ²)`, which at `δ = h_x/20` is far below the
/// standard errors (Audit.md §5).
@Suite struct FluctuationDissipationTests {
    static let beta = 20.0
    static let localization = 100.0

    static func run(_ weights: [Double], center: [Double], seed: UInt64) throws -> SampleRun {
        let settings = SamplerSettings(
            method: .mala, stepSize: 2e-3, nBeta: 32 * beta, localization: localization, chains: 4, burnIn: 500,
            draws: Support.fullPosteriorDraws, seed: seed)
        let sampler = try LangevinSampler(potential: try TMSModel(weights: weights), center: center, settings: settings)
        return try sampler.run(recording: RecordingOptions(observables: .structural()))
    }

    /// The reweighted data of `convention` at step δ on column x.
    static func reweighted(_ h: [Double], x: Int, delta: Double, convention: Susceptibility.Convention) -> [Double] {
        var out = h
        out[x] += delta
        guard convention == .meanPreserving else { return out }
        let total = h.reduce(0, +)
        return out.map { $0 * total / (total + delta) }
    }

    static func check(center: NamedConfiguration, column x: Int, seed: UInt64) throws {
        let h = try TMSModel.naturalWeights(sparsity: 0.9)
        let delta = h[x] / 20
        let base = try run(h, center: center.parameters, seed: seed)
        for convention in Susceptibility.Convention.allCases {
            let chi = try base.susceptibility(convention: convention, batchSize: Support.batchSize)
            let plus = try run(reweighted(h, x: x, delta: delta, convention: convention), center: center.parameters, seed: seed &+ 1)
            let minus = try run(reweighted(h, x: x, delta: -delta, convention: convention), center: center.parameters, seed: seed &+ 1)
            var worst = 0.0
            for k in 0..<15 {
                let difference = try plus.meanEstimate(batchSize: Support.batchSize) { c, n in
                    (plus.observable(k, chain: c, draw: n) - minus.observable(k, chain: c, draw: n)) / (2 * delta)
                }
                let entry = AuditEntry(
                    caseLabel: "\(center.rawValue) \(convention.rawValue) x=\(TMSModel.typeName(x))", quantity: base.observableNames[k],
                    estimate: chi[row: k, column: x],
                    standardError: (chi.standardError(row: k, column: x) * chi.standardError(row: k, column: x)
                        + difference.standardError * difference.standardError).squareRoot(),
                    oracle: difference.value)
                worst = max(worst, Support.expectAgreement([entry]))
            }
            print("fluctuation–dissipation at the \(center.rawValue), \(convention.rawValue), column \(TMSModel.typeName(x)): max|z| = \(worst) over 15 rows")
        }
    }

    /// Columns with one or two active features (the ones with sizeable natural weight at S = 0.9).
    static let columns = (1..<32).filter { $0.nonzeroBitCount <= 2 }

    @Test(arguments: [NamedConfiguration.pentagon, .squareDead])
    func covarianceMatchesFiniteDifference(center: NamedConfiguration) async throws {
        await propertyCheck(count: Support.longTests ? 4 : 1, input: Gen.int(in: 0...(Self.columns.count - 1))) { i in
            try Self.check(center: center, column: Self.columns[i], seed: Support.seed(Double(i), center == .pentagon ? 0 : 1))
        }
    }
}
