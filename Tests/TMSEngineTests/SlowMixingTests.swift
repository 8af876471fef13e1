import TMSEngine
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Standard errors when the chains mix slowly ([EngineEstimators.md](../../Derivations/EngineEstimators.md), "Mixing"):
/// the autocorrelation time against the closed form of an AR(1) chain, the z-scores of runs that
/// are only ≈ 30 autocorrelation times long against the exact stationary law of SGLD, and the
/// slow-mixing warning.
@Suite struct SlowMixingTests {
    /// Mean, sample standard deviation.
    static func moments(_ values: [Double]) -> (mean: Double, sd: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        return (mean, sd)
    }

    /// `τ̂` of stationary AR(1) chains `x' = φx + √(1−φ²) ξ` against `τ = (1+φ)/(1−φ)`: over 10
    /// replicates (disjoint streams) of 4 chains × 20 000 draws, the mean of `τ̂` within 5 standard
    /// errors (the replicates' own spread) of the closed form. Geyer's truncation bias is
    /// `O(φ^lag)` at the truncation lag, below 10⁻³ τ here.
    @Test(arguments: [0.5, 0.95])
    func autocorrelationTimeOfAR1(phi: Double) {
        let chains = 4, draws = 20_000, replicates = 10
        let exact = (1 + phi) / (1 - phi)
        var estimates: [Double] = []
        for r in 0..<replicates {
            var series = [Double](repeating: 0, count: chains * draws)
            for c in 0..<chains {
                var stream = RandomStream(seed: 0xA51, streamIndex: r * chains + c)
                var x = stream.nextGaussian()  // stationary start
                for n in 0..<draws {
                    series[c * draws + n] = x
                    x = phi * x + (1 - phi * phi).squareRoot() * stream.nextGaussian()
                }
            }
            let tau = AutocorrelationTime.estimate(chains: chains, draws: draws) { c, n in series[c * draws + n] }
            estimates.append(tau?.draws ?? .nan)
        }
        let (mean, sd) = Self.moments(estimates)
        let se = sd / Double(replicates).squareRoot()
        print("AR(1) φ = \(phi): τ̂ = \(mean) ± \(se) (replicate sd \(sd)), exact \(exact)")
        #expect(abs(mean - exact) <= 5 * se, "φ = \(phi): τ̂ \(mean) ± \(se), exact \(exact); replay: seed 0xA51, streams r·4 + c")
    }

    /// Chains that sit in different places are not mixing, however quickly each one decorrelates:
    /// four chains of i.i.d. N(c, 1) draws (chain c centred at c) get a truncated `τ̂`, a warning and
    /// one batch per chain (the between-chain variance in `var⁺` keeps every `ρ̂_t` near 1), while the same
    /// draws with the offsets removed get `τ̂ ≈ 1` (within 5 SE, `SE ≈ √(2(2M+1)/N)` for Geyer's window
    /// `M ≲ 4` blocks and N = 8 × 256 blocks: 0.07).
    @Test func chainsThatDisagreeDoNotMix() {
        let chains = 4, draws = 4_000
        var noise = [Double](repeating: 0, count: chains * draws)
        for c in 0..<chains {
            var stream = RandomStream(seed: 0xD15, streamIndex: c)
            for n in 0..<draws { noise[c * draws + n] = stream.nextGaussian() }
        }
        let apart = AutocorrelationTime.estimate(chains: chains, draws: draws) { c, n in Double(c) + noise[c * draws + n] }
        let together = AutocorrelationTime.estimate(chains: chains, draws: draws) { c, n in noise[c * draws + n] }
        print("chains apart: \(String(describing: apart)); together: \(String(describing: together))")
        #expect(apart.map { $0.truncated && $0.isUnreliable } == true, "\(String(describing: apart))")
        #expect(MixingSummary.batchSize(chains: chains, draws: draws, autocorrelationTime: apart?.draws) == draws, "one batch per chain")
        #expect(together.map { abs($0.draws - 1) <= 5 * 0.07 && !$0.isUnreliable } == true, "\(String(describing: together))")
    }

    /// SGLD on the 1-D Gaussian `L = ½(w − μ)²`, nβ = 1, started at μ: an AR(1) chain with
    /// `φ = 1 − ε/2`, stationary law `N(μ, 1/(1 − ε/4))` exactly. At ε = 0.03 the coordinate's
    /// autocorrelation time is `(1+φ)/(1−φ) ≈ 132` draws, and 8 chains × 3 300 draws are ≈ 25 of
    /// them per chain: the old batches of `⌊√3300⌋ = 57` draws give standard errors ≈ 0.55× the
    /// truth (batch-means variance of an AR(1) chain), z-scores with sd ≈ 1.8.
    static let mu = 0.3
    static let epsilon = 0.03

    static func gaussianRun(seed: UInt64, stepSize: Double = epsilon, draws: Int = 3_300) throws -> SampleRun {
        let potential = try QuadraticPotential(centers: [[mu]], matrices: [[[1]]], weights: [1])
        let settings = SamplerSettings(
            method: .sgld, stepSize: stepSize, nBeta: 1, chains: 8, burnIn: 200, draws: draws, seed: seed, maxConcurrency: 1)
        return try LangevinSampler(potential: potential, center: [mu], settings: settings)
            .run(recording: RecordingOptions(observables: ObservableSet([.coordinate(0)], embeddingDimension: 1)))
    }

    /// Over R = 100 runs with disjoint seeds, the z-scores of `E[w]` (exact μ), of the LLC
    /// (exact `nβ · ½ Var = ½/(1 − ε/4)`) and of χ[w, ℓ₀] (exact 0: the third central moment of a
    /// Gaussian) have a standard deviation within `1 ± 5 SE`, `SE = √((2 + κ)/(4R)) ≈ 0.08`
    /// with excess kurtosis `κ ≤ 0.55` (z is t-like with `ν ≥ 15` degrees of freedom: 2 batches of
    /// 10 τ̂ per chain, 16 in all; `κ = 6/(ν − 4)`): the band [0.60, 1.40] excludes standard
    /// errors 0.6× (sd 1.67) and 2× (sd 0.5) the truth; the honest value is `√(ν/(ν−2)) ≈ 1.07`.
    /// Every run is flagged as slowly mixing (≈ 25 effective draws per chain, below 50).
    @Test func standardErrorsAreCalibratedWhenChainsMixSlowly() throws {
        let replicates = 100
        let llcExact = 0.5 / (1 - Self.epsilon / 4)
        var z: [[Double]] = [[], [], []]
        var flagged = 0
        for r in 0..<replicates {
            let seed = UInt64(5_000 + r)  // streams (seed, chain): disjoint across replicates
            let run = try Self.gaussianRun(seed: seed)
            let mean = try run.observableEstimates()[0]
            let llc = try run.localLearningCoefficient()
            let chi = try run.susceptibility()
            if r == 0 {
                // Consistency (not a property): χ's default layout is the run's, ten of the slowest τ̂.
                // The χ z-scores alone tell the old ⌊√n⌋ batch apart only at ≈ 4.5 SE (sd 1.37 vs 1.01).
                #expect(try run.susceptibility(batchSize: run.mixing.batchSize) == chi)
                #expect(run.mixing.batchSize > 10 * 100, "batches of ≥ 10 τ̂ (τ ≈ 132): \(run.mixing.batchSize)")
            }
            z[0].append((mean.value - Self.mu) / mean.standardError)
            z[1].append((llc.value - llcExact) / llc.standardError)
            z[2].append(chi[row: 0, column: 0] / chi.standardError(row: 0, column: 0))
            if run.warnings.contains(where: { if case .slowMixing = $0 { true } else { false } }) { flagged += 1 }
        }
        let band = 5 * ((2 + 0.55) / (4 * Double(replicates))).squareRoot()
        for (name, values) in zip(["E[w]", "LLC", "χ[w, ℓ₀]"], z) {
            let (mean, sd) = Self.moments(values)
            print("slow mixing, \(name): z mean \(mean), sd \(sd) (band 1 ± \(band))")
            #expect(abs(sd - 1) <= band, "\(name): sd(z) = \(sd) outside 1 ± \(band); replay: seeds 5000..<5100, ε = \(Self.epsilon)")
            #expect(abs(mean) <= 5 * sd / Double(replicates).squareRoot(), "\(name): mean z = \(mean)")
        }
        #expect(flagged == replicates)
    }

    static func isSlowMixing(_ warning: SamplerWarning) -> Bool {
        if case .slowMixing = warning { true } else { false }
    }

    /// The warning fires where the chains are short against their autocorrelation and not where they
    /// are long: the Gaussian above (≈ 25 effective draws per chain) against the same chain at
    /// ε = 0.5 (τ ≈ 7, ≈ 400 per chain); the frozen square at β = 50 with the old `tms sample`
    /// step ε = 10⁻⁴ (c = ε√β = 7·10⁻⁴: ≈ 3 effective draws per chain of 5 000) against the new
    /// default step c = 0.01 (≈ 90 per chain of 10 000).
    @Test func slowMixingIsFlagged() throws {
        let slow = try Self.gaussianRun(seed: 41)
        let fast = try Self.gaussianRun(seed: 42, stepSize: 0.5)
        #expect(slow.warnings.contains(where: Self.isSlowMixing))
        #expect(!fast.warnings.contains(where: Self.isSlowMixing), "\(fast.warnings)")
        if let tau = slow.mixing.slowest?.time {
            #expect(tau.effectiveSampleSizePerChain > 10 && tau.effectiveSampleSizePerChain < 50, "\(tau)")
        }

        let model = try TMSModel(weights: TMSModel.oneHotWeights())
        let square = NamedConfiguration.squareDead.parameters
        let mask = try ParameterMask.features([4])
        func run(_ stepSize: Double, burnIn: Int, draws: Int, seed: UInt64) throws -> SampleRun {
            let settings = SamplerSettings(method: .sgld, stepSize: stepSize, nBeta: 32 * 50, chains: 4, burnIn: burnIn, draws: draws, seed: seed)
            return try LangevinSampler(potential: model, center: square, mask: mask, settings: settings)
                .run(recording: RecordingOptions(observables: .structuralAndPositions(), perSampleLosses: false))
        }
        let issue = try run(1e-4, burnIn: 0, draws: 5_000, seed: 7)
        #expect(issue.warnings.contains(where: Self.isSlowMixing))
        let step = StepSizeRule.sgld.stepSize(potential: model, center: square, mask: mask, nBeta: 32 * 50, localization: 0)
        #expect(abs(step - 0.01 / 50.0.squareRoot()) < 1e-12, "the dead feature has no curvature: ε = c/√β")
        let tuned = try run(step, burnIn: 1_000, draws: 10_000, seed: 8)
        #expect(!tuned.warnings.contains(where: Self.isSlowMixing), "\(tuned.warnings)")
    }
}
