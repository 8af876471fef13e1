import TMSEngine
import TestSupport
import Testing

/// Richardson extrapolation in ε of SGLD on a quadratic potential, where SGLD's stationary covariance
/// is known exactly at every step, `Σ_ε = (P − εP²/4)⁻¹ = P⁻¹ + εI/4 + ε²P/16 + …`: the extrapolation
/// `2Σ̂_{ε/2} − Σ̂_ε` must meet the exact `2Σ_{ε/2} − Σ_ε` within 5 SE, and that band must exclude the
/// plain estimate at ε/2, so that un-extrapolated SGLD would fail it. (The exact extrapolated value
/// differs from the continuous `P⁻¹` by the second-order residual `−ε²P/32 + O(ε³)`, printed.)
@Suite struct SGLDRichardsonTests {
    @Test(.tags(.statistical)) func richardsonRemovesTheStepBiasAndPlainSGLDFailsItsBand() throws {
        let epsilon = 0.2
        func covariance(_ step: Double, seed: UInt64) throws -> (SamplerGaussianTests.Moments, GaussianOracle) {
            let potential = try QuadraticPotential(centers: SamplerGaussianTests.centers, matrices: SamplerGaussianTests.matrices, weights: SamplerGaussianTests.weights)
            let settings = SamplerSettings(method: .sgld, stepSize: step, nBeta: 4, chains: 4, burnIn: 500, draws: 8_000, thinning: 5, seed: seed)
            let run = try LangevinSampler(potential: potential, center: [0.2, 0.1], settings: settings).run(recording: RecordingOptions(perSampleLosses: false, states: true))
            let oracle = GaussianOracle(centers: SamplerGaussianTests.centers, matrices: SamplerGaussianTests.matrices, weights: SamplerGaussianTests.weights,
                                        nBeta: 4, localization: 0, center: [0.2, 0.1])
            return (try SamplerGaussianTests.moments(run, exactMean: oracle.mean), oracle)
        }
        let (coarse, oracle) = try covariance(epsilon, seed: 31)
        let (fine, _) = try covariance(epsilon / 2, seed: 32)
        let exactCoarse = oracle.sgldCovariance(stepSize: epsilon), exactFine = oracle.sgldCovariance(stepSize: epsilon / 2)
        let continuous = oracle.covariance
        for i in 0..<2 {
            for j in 0..<2 {
                let f = fine.covariance[i][j], c = coarse.covariance[i][j]
                let extrapolated = 2 * f.value - c.value
                let se = (4 * f.standardError * f.standardError + c.standardError * c.standardError).squareRoot()
                let exactExtrapolated = 2 * exactFine[i][j] - exactCoarse[i][j]
                let residual = exactExtrapolated - continuous[i][j]
                print("SGLD Richardson Σ[\(i)][\(j)]: plain \(f.value) ± \(f.standardError) at ε/2, extrapolated \(extrapolated) ± \(se), exact extrapolated \(exactExtrapolated), P⁻¹ \(continuous[i][j]) (residual \(residual))")
                #expect((extrapolated - exactExtrapolated).magnitude <= 5 * se, "Σ[\(i)][\(j)]: extrapolated \(extrapolated) ± \(se) vs exact \(exactExtrapolated)")
                if i == j {
                    #expect((f.value - exactExtrapolated).magnitude > 5 * se,
                            "Σ[\(i)][\(i)]: plain SGLD at ε/2 (\(f.value)) lies inside the Richardson band \(exactExtrapolated) ± \(5 * se)")
                }
            }
        }
    }
}
