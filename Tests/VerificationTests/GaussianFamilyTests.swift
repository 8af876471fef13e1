import PropertyBased
import Testing
import TestSupport
import TMSEngine
import Verification

/// The Gaussian family: quadratic per-sample losses `ℓ_x(w) = ½(w − a_x)ᵀA_x(w − a_x)`,
/// whose posterior is exactly `N(m, Σ)`, so that χ of a linear observable is the
/// influence function `−β cᵀΣA_x(m − a_x)` ([GaussianLimit.md](../../Derivations/GaussianLimit.md)).
@Suite struct GaussianFamilyTests {
    /// A random quadratic family: dimension D, N samples, `A_x = B_xB_xᵀ/D + I/2` (condition ≤ 2D + 1),
    /// centres in [−2, 2]^D, weights in [0.2, 2].
    struct Family: CustomStringConvertible {
        var potential: QuadraticPotential
        var beta: Double
        var description: String { "D=\(potential.dimension) N=\(potential.sampleCount) β=\(beta)" }

        /// Built from 88 uniforms on [0, 1]: D, N, the B_x (64), the a_x (16), h (4), β.
        init(uniforms u: [Double]) {
            let d = 1 + min(3, Int(u[0] * 4)), n = 1 + min(3, Int(u[1] * 4))
            var matrices: [[[Double]]] = []
            var centers: [[Double]] = []
            for x in 0..<n {
                var b = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
                for i in 0..<d { for j in 0..<d { b[i][j] = 2 * u[2 + 16 * x + 4 * i + j] - 1 } }
                var a = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
                for i in 0..<d {
                    for j in i..<d {
                        var s = 0.0
                        for l in 0..<d { s += b[i][l] * b[j][l] }
                        a[i][j] = s / Double(d) + (i == j ? 0.5 : 0)
                        a[j][i] = a[i][j]
                    }
                }
                matrices.append(a)
                centers.append((0..<d).map { 4 * u[66 + 4 * x + $0] - 2 })
            }
            let weights = (0..<n).map { 0.2 + 1.8 * u[82 + $0] }
            potential = try! QuadraticPotential(centers: centers, matrices: matrices, weights: weights)
            beta = 0.5 + 49.5 * u[86]
        }
    }

    static let family = Gen.double(in: 0...1).array(of: 88...88).map { Family(uniforms: $0) }

    /// A family and a linear observable from a fixed seed (for the statistical check: its inputs
    /// are recorded, not drawn anew on every run).
    static func fixedFamily(seed: UInt64) -> (Family, [Double]) {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let family = Family(uniforms: (0..<88).map { _ in uniform() })
        return (family, (0..<4).map { _ in 2 * uniform() - 1 })
    }

    /// The influence function against a central difference of the exact mean `m(h)`:
    /// along `h_x`, `∂^k m = (−1)^k k! (βΣA_x)^k (m − a_x)` and `‖βΣA_x‖ ≤ 1/h_x`, so the
    /// difference at `δ = 10⁻⁴ h_x` is off by at most `δ² |c| |m − a_x| / h_x³ = 10⁻⁸ |c||m − a_x|/h_x`;
    /// rounding adds `≈ κ(P) u/10⁻⁴ ≲ 10⁻¹⁰`.
    @Test func influenceFunctionIsTheDerivativeOfTheMean() async throws {
        await propertyCheck(count: 600, input: Self.family, Gen.double(in: -1...1).array(of: 4...4)) { family, cRaw in
            let p = family.potential
            let limit = try GaussianLimit(potential: p, beta: family.beta)
            let c = Array(cRaw.prefix(p.dimension))
            for x in 0..<p.sampleCount {
                let delta = 1e-4 * p.weights[x]
                func mean(_ shift: Double) throws -> Double {
                    var h = p.weights
                    h[x] += shift
                    let shifted = try QuadraticPotential(
                        centers: (0..<p.sampleCount).map { y in Array(p.centers[(y * p.dimension)..<((y + 1) * p.dimension)]) },
                        matrices: (0..<p.sampleCount).map { y in (0..<p.dimension).map { i in
                            Array(p.matrices[((y * p.dimension + i) * p.dimension)..<((y * p.dimension + i + 1) * p.dimension)]) } },
                        weights: h)
                    let m = try GaussianLimit(potential: shifted, beta: family.beta).mean
                    return zip(c, m).reduce(0) { $0 + $1.0 * $1.1 }
                }
                let difference = (try mean(delta) - (try mean(-delta))) / (2 * delta)
                let chi = limit.chi(linear: c, sample: x)
                let offset = (0..<p.dimension).reduce(0.0) { $0 + (limit.mean[$1] - p.centers[x * p.dimension + $1]) * (limit.mean[$1] - p.centers[x * p.dimension + $1]) }.squareRoot()
                let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let bound = 1e-8 * norm * offset / p.weights[x] + 1e-10 * (1 + chi.magnitude)
                #expect((chi - difference).magnitude <= bound, "\(family) x=\(x): influence function \(chi) vs ∂m/∂h \(difference)")
            }
        }
    }

    /// The engine's loss and gradient against the completed square
    /// `N·(L(w) − L(m)) = ½ (w − m)ᵀ (P/β) (w − m)`, `N ∇L = (P/β)(w − m)`.
    @Test func engineLossIsTheCompletedSquare() async throws {
        await propertyCheck(count: 1_000, input: Self.family, Gen.double(in: -3...3).array(of: 4...4)) { family, wRaw in
            let p = family.potential
            let limit = try GaussianLimit(potential: p, beta: family.beta)
            let w = Array(wRaw.prefix(p.dimension))
            let n = Double(p.sampleCount), beta = family.beta
            let (loss, gradient) = p.lossAndGradient(w)
            let atMean = p.loss(limit.mean)
            let u = w.indices.map { w[$0] - limit.mean[$0] }
            var quadratic = 0.0
            var scale = 0.0
            for i in u.indices {
                for j in u.indices {
                    quadratic += u[i] * limit.precision[i][j] / beta * u[j]
                    scale += (u[i] * limit.precision[i][j] / beta * u[j]).magnitude
                }
            }
            // Rounding: the engine's sums and the solve each carry ≲ 64u relative to their absolute-value
            // sums; the latter are bounded by (1 + |w|² + Σ|a_x|²)·Σh‖A‖ ≲ 10³ for these ranges.
            let tolerance = 64 * Double.ulpOfOne * 1e3 * (1 + scale)
            #expect((n * (loss - atMean) - quadratic / 2).magnitude <= tolerance, "\(family): N(L(w) − L(m)) = \(n * (loss - atMean)) vs ½uᵀ(P/β)u = \(quadratic / 2)")
            for i in u.indices {
                let exact = u.indices.reduce(0.0) { $0 + limit.precision[i][$1] / beta * u[$1] }
                #expect((n * gradient[i] - exact).magnitude <= tolerance, "\(family): N∂L/∂w[\(i)] = \(n * gradient[i]) vs \(exact)")
            }
        }
    }

    /// `½tr(ΣP)`, as ``GaussianLimit/llc`` computes it, is `D/2` (Σ = P⁻¹): a consistency check of
    /// that code, not of the theory.
    @Test(.tags(.consistency)) func gaussianLimitLLCIsHalfTheDimension() async throws {
        await propertyCheck(count: 200, input: Self.family) { family in
            let limit = try GaussianLimit(potential: family.potential, beta: family.beta)
            let d = Double(family.potential.dimension)
            #expect((limit.llc - d / 2).magnitude <= 1e-12 * d, "\(family): ½tr(ΣP) = \(limit.llc) vs D/2")
        }
    }

    /// MALA on the engine's quadratic potential: `E[w] = m`, the χ of every coordinate and of a
    /// random linear observable equals the influence function, and the LLC at `w* = m` is `D/2`.
    /// Families from fixed seeds (1…4 in the default tier, 1…20 in the long one).
    @Test(.tags(.statistical), arguments: Array(1...(Support.longTests ? 20 : 4)).map { UInt64($0) })
    func samplerMatchesClosedForms(seed: UInt64) throws {
        do {
            let (family, cRaw) = Self.fixedFamily(seed: seed)
            let p = family.potential
            let limit = try GaussianLimit(potential: p, beta: family.beta)
            let c = Array(cRaw.prefix(p.dimension))
            let largest = (0..<p.dimension).map { limit.precision[$0][$0] }.reduce(0, +)   // trace ≥ λ_max
            let settings = SamplerSettings(
                method: .mala, stepSize: 0.5 / largest, nBeta: family.beta * Double(p.sampleCount), chains: 4, burnIn: 1_000,
                draws: Support.longTests ? 50_000 : 10_000, seed: seed)
            let observables = ObservableSet((0..<p.dimension).map { Observable.coordinate($0) } + [
                Observable.custom("cᵀw") { w in (0..<c.count).reduce(0) { $0 + c[$1] * w[$1] } },
            ], embeddingDimension: 1)
            let run = try LangevinSampler(potential: p, center: limit.mean, settings: settings)
                .run(recording: RecordingOptions(observables: observables))
            let chi = try run.susceptibility(batchSize: settings.draws / 20)
            let means = try run.observableEstimates(batchSize: settings.draws / 20)
            var entries: [AuditEntry] = []
            for k in 0...p.dimension {
                let vector = k < p.dimension ? (0..<p.dimension).map { $0 == k ? 1.0 : 0 } : c
                let exactMean = zip(vector, limit.mean).reduce(0) { $0 + $1.0 * $1.1 }
                entries.append(AuditEntry(caseLabel: "\(family)", quantity: "E[\(observables.names[k])]", estimate: means[k].value,
                                          standardError: means[k].standardError, oracle: exactMean))
                for x in 0..<p.sampleCount {
                    entries.append(AuditEntry(caseLabel: "\(family)", quantity: "chi[\(observables.names[k]),\(x)]",
                                              estimate: chi[row: k, column: x], standardError: chi.standardError(row: k, column: x),
                                              oracle: limit.chi(linear: vector, sample: x)))
                }
            }
            let llc = try run.localLearningCoefficient(batchSize: settings.draws / 20)
            entries.append(AuditEntry(caseLabel: "\(family)", quantity: "llc", estimate: llc.value, standardError: llc.standardError, oracle: Double(p.dimension) / 2))
            let worst = Support.expectAgreement(entries)
            print("Gaussian family \(family): \(entries.count) entries, max|z| = \(worst), acceptance \(run.acceptanceRates.reduce(0, +) / 4)")
        }
    }
}
