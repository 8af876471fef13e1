import Testing
import TestSupport
import TMSEngine
import Verification

/// Fluctuation–dissipation on the full 10-parameter localized posterior
/// (Conventions §6): the covariance estimator `χ_{k,x} = −β Cov(φ_k, ℓ_x)` of one run
/// against a five-point finite difference of `E[φ_k]` under reweighted data,
/// `(8[E_{h(δ)} − E_{h(−δ)}] − [E_{h(2δ)} − E_{h(−2δ)}]) / 12δ`, from four further runs
/// with common random numbers (same seed). Jacobian convention: `h(δ) = h + δ e_x`;
/// mean-preserving: `h(δ) = (h + δ e_x) Σh/(Σh + δ)`. MALA samples each density exactly,
/// so the only bias is the stencil's `O(δ⁴)` (Audit.md §5).
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
        let delta = h[x] / 10
        let base = try run(h, center: center.parameters, seed: seed)
        for convention in Susceptibility.Convention.allCases {
            let chi = try base.susceptibility(convention: convention, batchSize: Support.batchSize)
            // E[φ] at h(jδ), j = ±1, ±2, all four runs on the same random numbers.
            let shifted = try [1.0, -1, 2, -2].map { j in
                try run(reweighted(h, x: x, delta: j * delta, convention: convention), center: center.parameters, seed: seed &+ 1)
            }
            var worst = 0.0
            var ratios: [Double] = []
            for k in 0..<15 {
                // The five-point stencil (8[E(δ) − E(−δ)] − [E(2δ) − E(−2δ)]) / 12δ, error δ⁴ f⁽⁵⁾/30.
                let difference = try base.meanEstimate(batchSize: Support.batchSize) { c, n in
                    let e = shifted.map { $0.observable(k, chain: c, draw: n) }
                    return (8 * (e[0] - e[1]) - (e[2] - e[3])) / (12 * delta)
                }
                let entry = AuditEntry(
                    caseLabel: "\(center.rawValue) \(convention.rawValue) x=\(TMSModel.typeName(x))", quantity: base.observableNames[k],
                    estimate: chi[row: k, column: x],
                    standardError: (chi.standardError(row: k, column: x) * chi.standardError(row: k, column: x)
                        + difference.standardError * difference.standardError).squareRoot(),
                    oracle: difference.value)
                worst = max(worst, Support.expectAgreement([entry]))
                ratios.append(difference.standardError / chi.standardError(row: k, column: x))
            }
            print("fluctuation–dissipation at the \(center.rawValue), \(convention.rawValue), column \(TMSModel.typeName(x)): max|z| = \(worst) over 15 rows; SE(finite difference)/SE(χ) median \(ratios.sorted()[7])")
        }
    }

    /// Fixed cases (centre, column, seed): one-hot columns, whose natural weight at S = 0.9 (≈ 0.66) makes
    /// the stencil's δ = h_x/10 large enough for its SE to be comparable to χ's. (On two-hot columns
    /// h_x ≈ 0.07 and the finite difference's SE is tens of χ's: such a band tests nothing.)
    static let cases: [(NamedConfiguration, Int, UInt64)] = [(.pentagon, 1, 0xFD01), (.squareDead, 2, 0xFD02)]
        + (Support.longTests ? [(.pentagon, 4, 0xFD03), (.pentagon, 16, 0xFD04), (.squareDead, 8, 0xFD05), (.squareDead, 16, 0xFD06)] : [])

    @Test(.tags(.statistical), arguments: Self.cases.indices)
    func covarianceMatchesFiniteDifference(caseIndex: Int) throws {
        let (center, column, seed) = Self.cases[caseIndex]
        try Self.check(center: center, column: column, seed: seed)
    }
}
