import AnalyticOracle
import Foundation
import Testing
import TestSupport
import TMSEngine
import Verification

/// Are the engine's standard errors honest on the TMS posteriors themselves? Many short independent
/// replicates (seeds 0..<R, fixed) each give `z = (estimate − truth)/SE` for a few quantities; over
/// the replicates the z-scores of an honest SE have mean 0 and standard deviation ≈ 1
/// ([TestPower.md](../../Derivations/TestPower.md) §2 derives the bands):
///
/// - **spread**: the sample s.d. `s` of R z-scores has standard error
///   `σ_s ≤ √((1 + κ/2)/(2(R − 1)))` for an excess kurtosis `κ ≤ 1` (a t law with ≥ 10 degrees of
///   freedom, as the batch jackknife's finite number of batches gives). The expected s.d. itself
///   is allowed in `[0.95, 1.20]`: short replicates' SEs are a little low — the jackknife's
///   t-inflation `√(ν/(ν − 2))` ≈ 1.04 for ν ≈ 27 batches, adjacent batches not quite independent,
///   and a covariance's z has heavier tails (measured 1.06–1.19 here). The band is
///   `[0.95 − 5σ_s, 1.20 + 5σ_s]`; for R = 200, `σ_s ≤ 0.0614` and the band is `[0.64, 1.51]`:
///   SEs 2× too large give s ≤ 0.6, 40% too small (×0.6) give s ≥ 1.58; both are outside.
/// - **centre**: `|mean z| ≤ 5 s/√R` (a bias of a fraction of one replicate's SE, pooled over R).
///
/// The frozen square's truth is the oracle (exact); the localized 10-parameter posterior's is a long
/// reference run (its SE is ≤ 1/10 of a replicate's, so it adds ≤ 1% to the variance of z).
@Suite struct StandardErrorsAgainstTruthTests {
    /// The z-scores of one quantity over the replicates.
    struct Scores {
        var name: String
        var values: [Double] = []
    }

    /// The band for the s.d. of `replicates` z-scores (see the suite's discussion).
    static func spreadBand(replicates r: Int) -> ClosedRange<Double> {
        let sigma = ((1 + 0.5) / (2 * Double(r - 1))).squareRoot()
        return (0.95 - 5 * sigma)...(1.20 + 5 * sigma)
    }

    /// Checks every quantity's spread and centre; prints them.
    static func expectCalibrated(_ scores: [Scores], label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for q in scores {
            let n = Double(q.values.count)
            let mean = q.values.reduce(0, +) / n
            let sd = (q.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            let band = spreadBand(replicates: q.values.count)
            print("SE calibration, \(label), \(q.name): \(q.values.count) replicates, mean z = \(mean), s.d. z = \(sd) (band \(band))")
            #expect(band.contains(sd), "\(label) \(q.name): s.d. of z = \(sd) outside \(band) over \(q.values.count) replicates (seeds 0..<\(q.values.count))",
                    sourceLocation: sourceLocation)
            #expect(mean.magnitude <= 5 * sd / n.squareRoot(), "\(label) \(q.name): mean z = \(mean), beyond 5 s.d./√R = \(5 * sd / n.squareRoot())",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: The frozen square

    static let frozenReplicates = 200

    @Test(.tags(.statistical)) func frozenSquareZScoresHaveUnitSpread() throws {
        let beta = 20.0
        let square = try FrozenSquare(beta: beta)
        let e0 = try InputType(name: "10000"), e4 = try InputType(name: "00001")
        // Rows: dot(0,4), norm(4), pos(4,x) (only what is scored, to keep the replicates cheap).
        let observables = ObservableSet([.dot(0, 4), .norm(4), .position(4, axis: 0)])
        var scores = ["llc", "E[r]", "chi[dot(0,4),10000]", "chi[pos(4,x),10000]", "chi_mp[norm(4),00001]"].map { Scores(name: $0) }
        let truth = [
            square.llc, square.moment(1),
            try square.chi(.dot(0, 4), e0, convention: .jacobian), try square.chi(.pos(4, .x), e0, convention: .jacobian),
            try square.chi(.norm(4), e4, convention: .meanPreserving),
        ]
        for seed in 0..<Self.frozenReplicates {
            let settings = SamplerSettings(
                method: .mala, stepSize: 0.2 / beta.squareRoot(), nBeta: 32 * beta, chains: 2, burnIn: 100, draws: 200,
                thinning: 2, seed: UInt64(seed))
            let run = try square.sampler(settings).run(recording: RecordingOptions(observables: observables, perSampleLosses: true))
            let llc = try run.localLearningCoefficient()
            let radius = try run.observableEstimates()[1]
            let chi = try run.susceptibility()
            let mp = try run.susceptibility(convention: .meanPreserving)
            let estimates = [
                (llc.value, llc.standardError), (radius.value, radius.standardError),
                (chi[row: 0, column: e0.index], chi.standardError(row: 0, column: e0.index)),
                (chi[row: 2, column: e0.index], chi.standardError(row: 2, column: e0.index)),
                (mp[row: 1, column: e4.index], mp.standardError(row: 1, column: e4.index)),
            ]
            for (i, (value, se)) in estimates.enumerated() { scores[i].values.append((value - truth[i]) / se) }
        }
        Self.expectCalibrated(scores, label: "frozen square β = \(beta), MALA c = 0.2")
    }

    // MARK: The localized 10-parameter posterior

    static let localizedReplicates = 150

    /// The posterior `∝ exp(−nβ L(w) − (γ/2)|w − w*|²)` around the pentagon, S = 0.9, nβ = 320 (β = 10),
    /// γ = 100, all 10 coordinates free; MALA at ε = 0.006 (acceptance ≈ 0.35, integrated
    /// autocorrelation ≈ 6 steps, so draws are thinned by 4 and batches hold ≥ 15 draws ≈ 10 τ).
    static func localizedSettings(seed: UInt64, chains: Int, burnIn: Int, draws: Int, thinning: Int) -> SamplerSettings {
        SamplerSettings(method: .mala, stepSize: 0.006, nBeta: 320, localization: 100, chains: chains, burnIn: burnIn,
                        draws: draws, thinning: thinning, seed: seed)
    }

    static let localizedObservables = ObservableSet([.dot(0, 1), .norm(0)])
    /// χ columns: 11000 (features 0 and 1, type 3) and 10000 (type 1).
    static let localizedColumns = [3, 1]

    /// The reference: one long run, `tms sample --config pentagon --sparsity 0.9 --method mala --step-size 0.006
    /// --nbeta 320 --localization 100 --chains 8 --burn-in 2000 --draws 250000 --seed 20261130`
    /// (2 million draws; its standard errors, in the comments, are ≤ 1/10 of a replicate's).
    static let localizedTruth: [(name: String, value: Double)] = [
        ("llc", -2.3912761252470816),                  // ± 0.0026
        ("E[dot(0,1)]", 0.3075048189128878),           // ± 0.00019
        ("E[norm(0)]", 0.9317948559984558),            // ± 0.00012
        ("chi[dot(0,1),11000]", -0.02351995535674079), // ± 0.00010
        ("chi[norm(0),10000]", 0.01863544583317772),   // ± 0.00008
    ]

    @Test(.tags(.statistical)) func localizedPosteriorZScoresHaveUnitSpread() throws {
        let model = try TMSModel(sparsity: 0.9)
        let center = NamedConfiguration.pentagon.parameters
        var scores = Self.localizedTruth.map { Scores(name: $0.name) }
        for seed in 0..<Self.localizedReplicates {
            let settings = Self.localizedSettings(seed: UInt64(seed), chains: 2, burnIn: 100, draws: 225, thinning: 4)
            let run = try LangevinSampler(potential: model, center: center, settings: settings)
                .run(recording: RecordingOptions(observables: Self.localizedObservables, perSampleLosses: true))
            let llc = try run.localLearningCoefficient()
            let means = try run.observableEstimates()
            let chi = try run.susceptibility()
            let estimates = [
                (llc.value, llc.standardError), (means[0].value, means[0].standardError), (means[1].value, means[1].standardError),
                (chi[row: 0, column: Self.localizedColumns[0]], chi.standardError(row: 0, column: Self.localizedColumns[0])),
                (chi[row: 1, column: Self.localizedColumns[1]], chi.standardError(row: 1, column: Self.localizedColumns[1])),
            ]
            for (i, (value, se)) in estimates.enumerated() { scores[i].values.append((value - Self.localizedTruth[i].value) / se) }
        }
        Self.expectCalibrated(scores, label: "localized pentagon S = 0.9, nβ = 320, γ = 100, MALA ε = 0.006")
    }
}
