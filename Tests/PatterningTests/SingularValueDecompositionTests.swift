import Patterning
import PropertyBased
import Testing

/// The SVD against identities it must satisfy, for random shapes up to the
/// 17 × 32 of χ. Tolerances: one-sided Jacobi is backward stable with
/// error `O(sweeps · n · ε) ‖A‖` (Demmel & Veselić 1992); we allow
/// `32 · max(m, n) · ε` relative to ‖A‖_F, about 2.3e-13 at 32 columns.
@Suite("Singular value decomposition")
struct SingularValueDecompositionTests {
    @Test("U Σ Vᵀ reconstructs A, U and V have orthonormal columns, σ sorted")
    func reconstructionAndOrthogonality() async {
        await propertyCheck(input: Gen.int(in: 1...17), Gen.int(in: 1...32), Gen.uint64()) { m, n, seed in
            var rng = SplitMix64(seed: seed)
            let a = randomMatrix(rows: m, columns: n, using: &rng)
            let svd = SingularValueDecomposition(a)
            let k = min(m, n)
            let tol = 32 * Double(max(m, n)) * eps
            #expect(svd.singularValues.count == k)
            #expect(maxDifference(svd.reconstruction, a) <= tol * a.frobeniusNorm)
            #expect(maxDifference(svd.u.transposed * svd.u, .identity(k)) <= tol)
            #expect(maxDifference(svd.v.transposed * svd.v, .identity(k)) <= tol)
            #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(svd.singularValues.allSatisfy { $0 >= 0 })
            // Σ σ² = ‖A‖_F² (trace of AᵀA), an identity independent of the rotations.
            let sumSquares = svd.singularValues.reduce(0) { $0 + $1 * $1 }
            #expect(abs(sumSquares - a.frobeniusNorm * a.frobeniusNorm) <= tol * sumSquares)
        }
    }

    @Test("Recovers prescribed singular values, including exact zeros (rank deficiency)")
    func prescribedGains() async {
        await propertyCheck(input: Gen.int(in: 2...17), Gen.int(in: 2...32), Gen.int(in: 1...17), Gen.uint64()) { m, n, r, seed in
            var rng = SplitMix64(seed: seed)
            let rank = min(r, m, n)
            let gains = (0..<rank).map { _ in Double.random(in: 0.01...10, using: &rng) }.sorted(by: >)
            let (chi, _, _) = matrixWithGains(gains, rows: m, columns: n, using: &rng)
            let svd = SingularValueDecomposition(chi)
            let expected = gains + Array(repeating: 0, count: min(m, n) - rank)
            // Weyl: |σ̂ − σ| ≤ ‖E‖₂ for the backward error E (plus the
            // rounding of building χ itself, ≤ rank · ε per entry).
            let tol = 64 * Double(max(m, n)) * eps * gains[0]
            for (got, want) in zip(svd.singularValues, expected) { #expect(abs(got - want) <= tol) }
            let k = min(m, n)
            #expect(maxDifference(svd.u.transposed * svd.u, .identity(k)) <= 32 * Double(max(m, n)) * eps)
            #expect(maxDifference(svd.v.transposed * svd.v, .identity(k)) <= 32 * Double(max(m, n)) * eps)
            #expect(maxDifference(svd.reconstruction, chi) <= tol)
        }
    }

    @Test("Pseudo-inverse satisfies the four Penrose conditions")
    func penroseConditions() async throws {
        await propertyCheck(count: 50, input: Gen.int(in: 2...17), Gen.int(in: 2...32), Gen.uint64()) { m, n, seed in
            var rng = SplitMix64(seed: seed)
            let rank = min(m, n) - 1  // rank deficient on purpose
            let gains = (0..<rank).map { _ in Double.random(in: 0.1...10, using: &rng) }.sorted(by: >)
            let (a, _, _) = matrixWithGains(gains, rows: m, columns: n, using: &rng)
            let p = try ModeStructure(susceptibility: a).pseudoInverse
            // Errors scale with the condition number of the kept modes (≤ 100 here).
            let tol = 1e3 * Double(max(m, n)) * eps * 100
            #expect(maxDifference(a * p * a, a) <= tol * gains[0])
            #expect(maxDifference(p * a * p, p) <= tol / gains[rank - 1])
            #expect(maxDifference((a * p).transposed, a * p) <= tol)
            #expect(maxDifference((p * a).transposed, p * a) <= tol)
        }
    }
}
