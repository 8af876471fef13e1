import Foundation
import Patterning
import PropertyBased
import Testing

/// The patterning step `dh = χᵀ(χχᵀ + αI)⁻¹ dμ` against its characterisations:
/// minimum norm, the ridge filter on the SVD, the pseudo-inverse limit, and
/// equivariance. Test matrices are built as `Σ σ_j u_j v_jᵀ` from random
/// orthonormal directions (Gram–Schmidt in the test, not the package's SVD),
/// with gains in a known range so every tolerance follows from the condition
/// number: a backward-stable Cholesky solve of `G = χχᵀ + αI` gives a relative
/// error ≤ c · m · ε · κ(G), κ(G) = (σ₁² + α)/(σ_min² + α).
@Suite("Patterning step")
struct PatterningStepTests {
    /// A wide χ (m ≤ n) of full row rank with gains in [0.5, 2].
    static func fullRowRank(_ m: Int, _ n: Int, seed: UInt64)
        -> (chi: DenseMatrix, gains: [Double], u: [[Double]], v: [[Double]], rng: SplitMix64)
    {
        var rng = SplitMix64(seed: seed)
        let gains = (0..<m).map { _ in Double.random(in: 0.5...2, using: &rng) }.sorted(by: >)
        let (chi, u, v) = matrixWithGains(gains, rows: m, columns: n, using: &rng)
        return (chi, gains, u, v, rng)
    }

    @Test("Minimum norm: dh solves χ dh = dμ and every other solution dh + z (χz = 0) is longer")
    func minimumNorm() async throws {
        await propertyCheck(input: Gen.int(in: 1...17), Gen.int(in: 0...15), Gen.uint64()) { m, extra, seed in
            let n = m + 1 + extra
            var (chi, _, _, v, rng) = Self.fullRowRank(m, n, seed: seed)
            let dmu = randomVector(m, using: &rng)
            let dh = try PatterningStep(susceptibility: chi, targetChange: dmu, ridge: 0).reweighting
            // κ(χχᵀ) ≤ 16 for gains in [0.5, 2].
            let tol = 64 * Double(n) * eps * 16 * norm(dmu)
            #expect(norm(minus(chi * dh, dmu)) <= tol)
            // A random null-space vector: r minus its projection on the row space span{v_j}.
            var z = randomVector(n, using: &rng)
            let r = norm(z)
            for vj in v { let c = inner(z, vj); z = zip(z, vj).map { $0 - c * $1 } }
            // Projection and construction rounding leave a row-space part of z of
            // size ≤ 64·n·ε‖r‖, r the vector before projection (not the residual ‖z‖,
            // which can be much smaller when n − m is small), so ‖χz‖ ≤ σ₁·that, σ₁ ≤ 2.
            let rowPart = 64 * Double(n) * eps * r
            let nullTol = 2 * rowPart
            #expect(norm(chi * z) <= nullTol)
            #expect(abs(inner(dh, z)) <= tol * norm(z) + norm(dh) * rowPart)
            let other = zip(dh, z).map { $0 + $1 }
            #expect(norm(minus(chi * other, dmu)) <= tol + nullTol)
            #expect(norm(other) > norm(dh))
        }
    }

    @Test("Ridge filter: Gram-matrix route equals V diag(σ/(σ²+α)) Uᵀ dμ, from the package SVD and from the construction")
    func ridgeFilterTwoRoutes() async throws {
        await propertyCheck(input: Gen.int(in: 1...17), Gen.int(in: 1...32), Gen.double(in: -4...0), Gen.uint64()) {
            m, n, logRidge, seed in
            var rng = SplitMix64(seed: seed)
            let rank = Int.random(in: 1...min(m, n), using: &rng)  // may be rank deficient
            let gains = (0..<rank).map { _ in Double.random(in: 0.01...3, using: &rng) }.sorted(by: >)
            let (chi, u, v) = matrixWithGains(gains, rows: m, columns: n, using: &rng)
            let dmu = randomVector(m, using: &rng)
            let ridge = pow(10, logRidge)
            let gram = try PatterningStep(susceptibility: chi, targetChange: dmu, ridge: ridge).reweighting
            let modes = try ModeStructure(susceptibility: chi).reweighting(targetChange: dmu, ridge: ridge)
            var constructed = Array(repeating: 0.0, count: n)
            for j in gains.indices {
                let c = gains[j] / (gains[j] * gains[j] + ridge) * inner(u[j], dmu)
                constructed = zip(constructed, v[j]).map { $0 + c * $1 }
            }
            let tol = gramSolveTolerance(rows: m, columns: n, largestGain: gains[0], ridge: ridge, targetNorm: norm(dmu))
            #expect(norm(minus(gram, constructed)) <= tol)
            // The SVD route: backward error ≤ 64·max(m,n)·ε·σ₁ on χ, amplified by the
            // Lipschitz constant of χ ↦ χᵀ(χχᵀ+αI)⁻¹, ≤ 1/α + σ₁/α^{3/2}: the same bound.
            #expect(norm(minus(modes, constructed)) <= tol)
        }
    }

    @Test("α → 0: the ridge solution converges to the pseudo-inverse χ⁺dμ with error ≤ α‖dμ‖/σ_min³")
    func pseudoInverseLimit() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 1...17), Gen.int(in: 0...15), Gen.uint64()) { m, extra, seed in
            var (chi, gains, _, _, rng) = Self.fullRowRank(m, m + extra + 1, seed: seed)
            let dmu = randomVector(m, using: &rng)
            let pinv = try ModeStructure(susceptibility: chi).pseudoInverse * dmu
            for ridge in [1e-2, 1e-4, 1e-6, 1e-8] {
                let dh = try PatterningStep(susceptibility: chi, targetChange: dmu, ridge: ridge).reweighting
                // 1/σ − σ/(σ²+α) = α/(σ(σ²+α)) ≤ α/σ³; plus rounding (κ ≤ 16).
                let bound = ridge * norm(dmu) / (gains.last! * gains.last! * gains.last!)
                #expect(norm(minus(dh, pinv)) <= bound + 1e3 * Double(m + extra) * eps * norm(dmu))
            }
        }
    }

    @Test("Equivariance: permuting observables leaves dh unchanged, permuting inputs permutes dh")
    func equivariance() async throws {
        await propertyCheck(input: Gen.int(in: 1...17), Gen.int(in: 1...32), Gen.uint64()) { m, n, seed in
            var rng = SplitMix64(seed: seed)
            let chi = randomMatrix(rows: m, columns: n, using: &rng)
            let dmu = randomVector(m, using: &rng)
            let rowPermutation = Array(0..<m).shuffled(using: &rng)
            let columnPermutation = Array(0..<n).shuffled(using: &rng)
            let permuted = try chi.selecting(rows: rowPermutation).selecting(columns: columnPermutation)
            let dh = try PatterningStep(susceptibility: chi, targetChange: dmu).reweighting
            let dhPermuted = try PatterningStep(
                susceptibility: permuted, targetChange: rowPermutation.map { dmu[$0] }
            ).reweighting
            // The same exact problem in another summation order: each route is
            // within the Gram-solve bound of the exact solution (σ₁ ≤ ‖χ‖_F).
            let tol = 2 * gramSolveTolerance(
                rows: m, columns: n, largestGain: chi.frobeniusNorm, ridge: PatterningStep.defaultRidge, targetNorm: norm(dmu))
            #expect(norm(minus(dhPermuted, columnPermutation.map { dh[$0] })) <= tol)
        }
    }
}
