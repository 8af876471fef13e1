import TMSEngine
import TestSupport
import Testing

/// SGLD and MALA on quadratic potentials against the exact Gaussian targets:
/// MALA samples `N(μ, P⁻¹)` exactly; SGLD samples `N(μ, (P − εP²/4)⁻¹)` exactly (its O(ε)
/// bias is known in closed form), so both are held to 5 batch-jackknife standard errors.
@Suite struct SamplerGaussianTests {
    static let centers: [[Double]] = [[0.5, -0.3], [-0.4, 0.8]]
    static let matrices: [[[Double]]] = [[[2, 0.6], [0.6, 1]], [[1, -0.2], [-0.2, 3]]]
    static let weights: [Double] = [1.5, 0.5]

    struct Moments {
        var mean: [Estimate]
        var covariance: [[Estimate]]
    }

    /// Means and covariance entries `E[(w_i − μ_i)(w_j − μ_j)]` (μ the exact mean) with their SEs.
    static func moments(_ run: SampleRun, exactMean: [Double]) throws -> Moments {
        let d = run.dimension
        func coordinate(_ c: Int, _ n: Int, _ i: Int) -> Double { run.states[(c * run.drawCount + n) * d + i] }
        let mean = try (0..<d).map { i in try run.meanEstimate { c, n in coordinate(c, n, i) } }
        let covariance = try (0..<d).map { i in
            try (0..<d).map { j in
                try run.meanEstimate { c, n in (coordinate(c, n, i) - exactMean[i]) * (coordinate(c, n, j) - exactMean[j]) }
            }
        }
        return Moments(mean: mean, covariance: covariance)
    }

    static func run(method: SamplerSettings.Method, stepSize: Double, localization: Double, seed: UInt64) throws -> (SampleRun, GaussianOracle) {
        let potential = try QuadraticPotential(centers: centers, matrices: matrices, weights: weights)
        let center = [0.2, 0.1]
        let settings = SamplerSettings(
            method: method, stepSize: stepSize, nBeta: 4, localization: localization, chains: 4,
            burnIn: 500, draws: 4000, thinning: 5, seed: seed)
        let sampler = try LangevinSampler(potential: potential, center: center, settings: settings)
        let run = try sampler.run(recording: RecordingOptions(perSampleLosses: true, states: true))
        let oracle = GaussianOracle(
            centers: centers, matrices: matrices, weights: weights, nBeta: 4, localization: localization, center: center)
        return (run, oracle)
    }

    @Test(.tags(.statistical), arguments: [0.0, 0.5])
    func malaMatchesExactGaussian(localization: Double) throws {
        let (run, oracle) = try Self.run(method: .mala, stepSize: 0.05, localization: localization, seed: 11)
        let m = try Self.moments(run, exactMean: oracle.mean)
        let sigma = oracle.covariance
        for i in 0..<2 {
            #expect(abs(m.mean[i].value - oracle.mean[i]) <= 5 * m.mean[i].standardError)
            for j in 0..<2 {
                #expect(abs(m.covariance[i][j].value - sigma[i][j]) <= 5 * m.covariance[i][j].standardError, "Σ[\(i)][\(j)]")
            }
        }
        #expect(run.acceptanceRates.allSatisfy { $0 > 0.8 && $0 < 1 })
    }

    /// SGLD's covariance equals the exact discrete stationary covariance, and is resolved from the
    /// continuous one (the bias is many standard errors at this ε). Measured (seed 12, γ = 0):
    /// Σ₀₀ = 0.1816 ± 0.0019 vs Σ_ε = 0.1825 and P⁻¹ = 0.1521 (a +20% bias, ≈15 SE).
    @Test(.tags(.statistical), arguments: [0.0, 0.5])
    func sgldMatchesDiscreteStationaryGaussian(localization: Double) throws {
        let epsilon = 0.1
        let (run, oracle) = try Self.run(method: .sgld, stepSize: epsilon, localization: localization, seed: 12)
        let m = try Self.moments(run, exactMean: oracle.mean)
        let discrete = oracle.sgldCovariance(stepSize: epsilon)
        let continuous = oracle.covariance
        for i in 0..<2 {
            #expect(abs(m.mean[i].value - oracle.mean[i]) <= 5 * m.mean[i].standardError)
            for j in 0..<2 {
                #expect(abs(m.covariance[i][j].value - discrete[i][j]) <= 5 * m.covariance[i][j].standardError, "Σ_ε[\(i)][\(j)]")
            }
            // The O(ε) bias is resolved: the continuous covariance is excluded.
            #expect(abs(m.covariance[i][i].value - continuous[i][i]) > 5 * m.covariance[i][i].standardError)
        }
    }

    /// χ of the coordinates against the closed form `χ_{k,x} = −β [Σ A_x (μ − a_x)]_k`
    /// (a Gaussian has zero third central moments), both conventions, MALA (exact target).
    @Test(.tags(.statistical)) func susceptibilityOfCoordinatesMatchesClosedForm() throws {
        let potential = try QuadraticPotential(centers: Self.centers, matrices: Self.matrices, weights: Self.weights)
        let settings = SamplerSettings(method: .mala, stepSize: 0.05, nBeta: 4, chains: 4, burnIn: 500, draws: 4000, thinning: 5, seed: 21)
        let sampler = try LangevinSampler(potential: potential, center: [0, 0], settings: settings)
        let run = try sampler.run(recording: RecordingOptions(observables: ObservableSet([.coordinate(0), .coordinate(1)], embeddingDimension: 1)))
        let oracle = GaussianOracle(
            centers: Self.centers, matrices: Self.matrices, weights: Self.weights, nBeta: 4, localization: 0, center: [0, 0])
        let sigma = oracle.covariance
        let beta = 2.0
        var exact = [[Double]](repeating: [0, 0], count: 2)  // [k][x]
        for x in 0..<2 {
            let offset = (0..<2).map { oracle.mean[$0] - Self.centers[x][$0] }
            let aOffset = (0..<2).map { i in (0..<2).reduce(0) { $0 + Self.matrices[x][i][$1] * offset[$1] } }
            for k in 0..<2 { exact[k][x] = -beta * (0..<2).reduce(0) { $0 + sigma[k][$1] * aOffset[$1] } }
        }
        let chi = try run.susceptibility(convention: .jacobian)
        let chiMP = try run.susceptibility(convention: .meanPreserving)
        let totalWeight = Self.weights.reduce(0, +)
        for k in 0..<2 {
            let average = (0..<2).reduce(0) { $0 + Self.weights[$1] / totalWeight * exact[k][$1] }
            for x in 0..<2 {
                #expect(abs(chi[row: k, column: x] - exact[k][x]) <= 5 * chi.standardError(row: k, column: x), "χ[\(k)][\(x)]")
                let mp = exact[k][x] - average
                #expect(abs(chiMP[row: k, column: x] - mp) <= 5 * chiMP.standardError(row: k, column: x), "χmp[\(k)][\(x)]")
            }
        }
    }

    /// LLC of `K = w²` (normal crossing, k = 1) with localization: `E[nβ L] = nβ/(2nβ + γ)` exactly.
    @Test(.tags(.statistical)) func llcOfQuadraticNormalCrossing() throws {
        let potential = try NormalCrossingPotential(exponents: [1])
        let settings = SamplerSettings(method: .mala, stepSize: 0.02, nBeta: 10, localization: 1, chains: 4, burnIn: 500, draws: 4000, thinning: 5, seed: 3)
        let run = try LangevinSampler(potential: potential, center: [0], settings: settings).run()
        let llc = try run.localLearningCoefficient()
        #expect(abs(llc.value - 10.0 / 21.0) <= 5 * llc.standardError)
        #expect(llc.rHat! < 1.05)
    }

    /// A frozen coordinate: the free block samples the conditional Gaussian
    /// `N(μ_F − P_FF⁻¹ P_FG (w*_G − μ_G), P_FF⁻¹)`, and frozen coordinates equal w* bit for bit.
    @Test(.tags(.statistical)) func maskSamplesConditionalGaussian() throws {
        let a: [[Double]] = [[2, 0.5, 0.3], [0.5, 1.5, -0.4], [0.3, -0.4, 1]]
        let potential = try QuadraticPotential(centers: [[0.3, -0.2, 0.5]], matrices: [a])
        let center = [0.0, 0.7, 0.0]
        let mask = try ParameterMask(dimension: 3, free: [0, 2])
        let settings = SamplerSettings(method: .mala, stepSize: 0.2, nBeta: 1, chains: 4, burnIn: 500, draws: 4000, thinning: 5, seed: 5)
        let run = try LangevinSampler(potential: potential, center: center, mask: mask, settings: settings)
            .run(start: [1, 5, -1], recording: RecordingOptions(states: true))
        #expect((0..<run.chainCount).allSatisfy { c in (0..<run.drawCount).allSatisfy { run.states[(c * run.drawCount + $0) * 3 + 1] == 0.7 } })
        // Conditional of N(a-centre, A⁻¹) given w_1 = 0.7: precision A_FF, mean μ_F − A_FF⁻¹ A_F1 (0.7 − μ_1).
        let aFF: [[Double]] = [[a[0][0], a[0][2]], [a[2][0], a[2][2]]]
        let shift = Matrix.solve(aFF, [a[0][1] * (0.7 + 0.2), a[2][1] * (0.7 + 0.2)])
        let mean = [0.3 - shift[0], 0.5 - shift[1]]
        let covariance = Matrix.inverse(aFF)
        let free = [0, 2]
        func value(_ c: Int, _ n: Int, _ i: Int) -> Double { run.states[(c * run.drawCount + n) * 3 + free[i]] }
        for i in 0..<2 {
            let m = try run.meanEstimate { c, n in value(c, n, i) }
            #expect(abs(m.value - mean[i]) <= 5 * m.standardError)
            for j in 0..<2 {
                let v = try run.meanEstimate { c, n in (value(c, n, i) - mean[i]) * (value(c, n, j) - mean[j]) }
                #expect(abs(v.value - covariance[i][j]) <= 5 * v.standardError)
            }
        }
    }

    /// MALA's acceptance rate rises to 1 as ε → 0 (rejection is O(ε^{3/2}) per step for smooth targets).
    @Test func malaAcceptanceTendsToOne() throws {
        let potential = try QuadraticPotential(centers: Self.centers, matrices: Self.matrices, weights: Self.weights)
        var rejection: [Double] = []
        for epsilon in [0.3, 0.03, 0.003] {
            let settings = SamplerSettings(method: .mala, stepSize: epsilon, nBeta: 4, chains: 2, burnIn: 100, draws: 5000, seed: 9)
            let run = try LangevinSampler(potential: potential, center: [0, 0], settings: settings).run(recording: RecordingOptions(perSampleLosses: false))
            rejection.append(1 - run.acceptanceRates.reduce(0, +) / 2)
        }
        #expect(rejection[0] > rejection[1] && rejection[1] > rejection[2])
        #expect(rejection[2] < 1e-3)
    }
}
