import PropertyBased
import Testing
import TMSEngine
import TestSupport

/// The influence-function baseline `χ^IF = −∇φᵀ(H + λI)⁻¹∇ℓ_x`
/// ([HessianBlindness.md](../../Derivations/HessianBlindness.md)) against two
/// other routes in the Gaussian family, where it is exact: the closed form from
/// the target's precision matrix, and the MALA estimate of `−β Cov(w_k, ℓ_x)`.
@Suite struct InfluenceFunctionTests {
    static let centers = SamplerGaussianTests.centers
    static let matrices = SamplerGaussianTests.matrices
    static let weights = SamplerGaussianTests.weights
    static let coordinates = ObservableSet([.coordinate(0), .coordinate(1)], embeddingDimension: 1)

    /// Closed form through the Gaussian target `N(μ, P⁻¹)`, `P = βH + γI`:
    /// `χ_{k,x} = −β e_kᵀ P⁻¹ A_x (μ − a_x)` (exact for linear φ and quadratic ℓ).
    static func closedForm(_ oracle: GaussianOracle, beta: Double) -> [[Double]] {
        let sigma = oracle.covariance
        return (0..<2).map { k in
            (0..<centers.count).map { x in
                let g = (0..<2).map { i in (0..<2).reduce(0.0) { $0 + matrices[x][i][$1] * (oracle.mean[$1] - centers[x][$1]) } }
                return -beta * (0..<2).reduce(0.0) { $0 + sigma[k][$1] * g[$1] }
            }
        }
    }

    /// At the posterior mean with `λ = γ/β` the Laplace approximation is exact; the only
    /// error is the finite-difference Hessian of a linear gradient (rounding, ≈ 1e−10 here).
    @Test(arguments: [0.0, 0.5, 3.0])
    func gaussianFamilyMatchesClosedForm(localization: Double) throws {
        let nBeta = 4.0, beta = nBeta / Double(Self.centers.count)
        let potential = try QuadraticPotential(centers: Self.centers, matrices: Self.matrices, weights: Self.weights)
        let oracle = GaussianOracle(centers: Self.centers, matrices: Self.matrices, weights: Self.weights,
                                    nBeta: nBeta, localization: localization, center: [0.2, 0.1])
        let influence = try InfluenceFunction(potential: potential, at: oracle.mean, observables: Self.coordinates,
                                              ridge: localization / beta)
        let exact = Self.closedForm(oracle, beta: beta)
        for k in 0..<2 {
            for x in 0..<Self.centers.count {
                #expect(abs(influence.values[k][x] - exact[k][x]) <= 1e-8 * (1 + abs(exact[k][x])), "χ[\(k)][\(x)]")
            }
        }
    }

    /// The sampler's covariance χ (MALA, exact target) agrees with `χ^IF` within 5 standard errors.
    @Test(.tags(.statistical)) func gaussianFamilyMatchesSampler() throws {
        let nBeta = 4.0, localization = 0.5, beta = nBeta / Double(Self.centers.count)
        let (run, oracle) = try SamplerGaussianTests.run(method: .mala, stepSize: 0.05, localization: localization, seed: 21)
        let potential = try QuadraticPotential(centers: Self.centers, matrices: Self.matrices, weights: Self.weights)
        let influence = try InfluenceFunction(potential: potential, at: oracle.mean, observables: Self.coordinates,
                                              ridge: localization / beta)
        let states = run.states, d = run.dimension
        for k in 0..<2 {
            for x in 0..<Self.centers.count {
                // −β Cov(w_k, ℓ_x) as the mean of −β (w_k − μ_k)(ℓ_x − E ℓ_x), E ℓ_x from the closed form.
                let sigma = oracle.covariance
                let diff = (0..<2).map { oracle.mean[$0] - Self.centers[x][$0] }
                var expectedLoss = 0.0
                for i in 0..<2 {
                    for j in 0..<2 { expectedLoss += 0.5 * Self.matrices[x][i][j] * (sigma[i][j] + diff[i] * diff[j]) }
                }
                let estimate = try run.meanEstimate { c, n in
                    let w = (0..<2).map { states[(c * run.drawCount + n) * d + $0] }
                    var loss = 0.0
                    for i in 0..<2 {
                        for j in 0..<2 { loss += 0.5 * (w[i] - Self.centers[x][i]) * Self.matrices[x][i][j] * (w[j] - Self.centers[x][j]) }
                    }
                    return -beta * (w[k] - oracle.mean[k]) * (loss - expectedLoss)
                }
                #expect(abs(estimate.value - influence.values[k][x]) <= 5 * estimate.standardError,
                        "χ[\(k)][\(x)]: sampler \(estimate.value) ± \(estimate.standardError), IF \(influence.values[k][x])")
            }
        }
    }

    /// The hand-written per-sample gradient of TMS against central differences of the
    /// per-sample losses (the protocol's default), away from ReLU kinks (bound as in
    /// `TMSModelLossTests.gradientMatchesFiniteDifferences`, step 1e−6: ≈ 1e−7).
    @Test func tmsPerSampleGradientMatchesFiniteDifferences() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...31)) { seed, x in
            let model = try! TMSModel(sparsity: 0.9)
            let w = TMSModelLossTests.randomW(10, seed: UInt64(seed), scale: 0.7)
            guard TMSModelLossTests.kinkDistance(w) > 1e-3 else { return }
            let exact = model.perSampleGradient(x, w)
            let step = 1e-6
            for k in 0..<10 {
                var plus = w, minus = w
                plus[k] += step
                minus[k] -= step
                let difference = (model.perSampleLosses(plus)[x] - model.perSampleLosses(minus)[x]) / (2 * step)
                #expect(abs(difference - exact[k]) <= 1e-6 * (1 + abs(exact[k])), "x = \(x), k = \(k)")
            }
        }
    }

    @Test func badArgumentsAreRejected() throws {
        let model = try TMSModel(weights: TMSModel.oneHotWeights())
        let w = NamedConfiguration.squareDead.parameters
        let mask = try ParameterMask.features([4])
        #expect(throws: InfluenceFunctionError.invalidRidge(-1)) {
            try InfluenceFunction(potential: model, at: w, mask: mask, observables: .oracle, ridge: -1)
        }
        #expect(throws: InfluenceFunctionError.invalidStep(0)) {
            try InfluenceFunction(potential: model, at: w, mask: mask, observables: .oracle, ridge: 1, step: 0)
        }
        // At the bifurcation the W_4 block of H vanishes: without a ridge the system is singular.
        #expect(throws: InfluenceFunctionError.singular) {
            try InfluenceFunction(potential: model, at: w, mask: mask, observables: .oracle, ridge: 0)
        }
    }
}
