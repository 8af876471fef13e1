import TMSEngine
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Are the batch-jackknife standard errors honest? Over many independent runs (seeds) of a Gaussian
/// target with known answers, the z-scores `(estimate − exact)/SE` of the mean, a covariance entry and
/// two χ entries should have mean square ≈ 1 and ≈ 95 % of them inside ±2. Long: `TMS_LONG_TESTS=1`.
@Suite struct StandardErrorCalibrationTests {
    static let enabled = getenv("TMS_LONG_TESTS").map { String(cString: $0) == "1" } ?? false

    @Test(.enabled(if: enabled), .tags(.statistical))
    func zScoresAreCalibrated() throws {
        let centers: [[Double]] = [[0.5, -0.3], [-0.4, 0.8]]
        let matrices: [[[Double]]] = [[[2, 0.6], [0.6, 1]], [[1, -0.2], [-0.2, 3]]]
        let weights: [Double] = [1.5, 0.5]
        let potential = try QuadraticPotential(centers: centers, matrices: matrices, weights: weights)
        let oracle = GaussianOracle(centers: centers, matrices: matrices, weights: weights, nBeta: 4, localization: 0, center: [0, 0])
        let sigma = oracle.covariance
        // χ_{w_0, x} = −β [Σ A_x (μ − a_x)]_0, β = 2.
        let chiExact = (0..<2).map { x -> Double in
            let offset = (0..<2).map { oracle.mean[$0] - centers[x][$0] }
            let aOffset = (0..<2).map { i in (0..<2).reduce(0) { $0 + matrices[x][i][$1] * offset[$1] } }
            return -2 * (0..<2).reduce(0) { $0 + sigma[0][$1] * aOffset[$1] }
        }
        var zs: [[Double]] = [[], [], [], []]
        for seed in 0..<300 {
            let settings = SamplerSettings(method: .mala, stepSize: 0.05, nBeta: 4, chains: 4, burnIn: 200, draws: 1000, thinning: 5, seed: UInt64(seed))
            let run = try LangevinSampler(potential: potential, center: [0, 0], settings: settings)
                .run(recording: RecordingOptions(observables: ObservableSet([.coordinate(0)], embeddingDimension: 1)))
            let mean = try run.observableEstimates()[0]
            let second = try run.meanEstimate { c, n in
                let v = run.observable(0, chain: c, draw: n) - oracle.mean[0]
                return v * v
            }
            let chi = try run.susceptibility()
            zs[0].append((mean.value - oracle.mean[0]) / mean.standardError)
            zs[1].append((second.value - sigma[0][0]) / second.standardError)
            zs[2].append((chi[row: 0, column: 0] - chiExact[0]) / chi.standardError(row: 0, column: 0))
            zs[3].append((chi[row: 0, column: 1] - chiExact[1]) / chi.standardError(row: 0, column: 1))
        }
        for (name, z) in zip(["mean", "variance", "χ[0][0]", "χ[0][1]"], zs) {
            let n = Double(z.count)
            let meanSquare = z.reduce(0) { $0 + $1 * $1 } / n
            let inside = Double(z.filter { abs($0) <= 2 }.count) / n
            print("SE calibration \(name): E[z²] = \(meanSquare), P(|z| ≤ 2) = \(inside)")
            // For z ~ N(0, 1): E[z²] has SE √(2/n) ≈ 0.08; the fraction inside ±2 has SE ≈ 0.013.
            // With G = 4·31 batches the jackknife variance itself has relative SE ≈ √(2/G) ≈ 0.13, which
            // fattens the tails slightly (a t-like law): allow E[z²] ∈ [0.7, 1.4] and P ≥ 0.90.
            #expect(meanSquare > 0.7 && meanSquare < 1.4, "\(name)")
            #expect(inside >= 0.90, "\(name)")
        }
    }
}
