import HighPrecision
import PropertyBased
import TestSupport
import Testing

/// The MPFR Jacobi eigensolver, the eigenvalue enclosures and the dense
/// solver, each against a different route to the same numbers.
@Suite("Symmetric eigen-decomposition and dense solves")
struct SymmetricEigenTests {
    /// `A = Q D Qᵀ` with known eigenvalues `D` and `Q` a product of 45 random
    /// Givens rotations, built at `bits` bits.
    static func matrix(seed: UInt64, n: Int = 10, bits: Int) -> (a: [[BigFloat]], eigenvalues: [BigFloat]) {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return BigFloat.withWorkingPrecision(bits) {
            let d = (0..<n).map { _ in BigFloat(1) + BigFloat(9) * BigFloat(next()) }
            var a = (0..<n).map { i in (0..<n).map { $0 == i ? d[i] : BigFloat(0) } }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let angle = BigFloat(2 * Double.pi * next())
                    let c = BigFloat.cos(angle), s = BigFloat.sin(angle)
                    for k in 0..<n {
                        let x = a[k][p], y = a[k][q]
                        a[k][p] = c * x - s * y
                        a[k][q] = s * x + c * y
                    }
                    for k in 0..<n {
                        let x = a[p][k], y = a[q][k]
                        a[p][k] = c * x - s * y
                        a[q][k] = s * x + c * y
                    }
                }
            }
            return (a, d.sorted())
        }
    }

    @Test("Jacobi recovers the eigenvalues of Q D Qᵀ; residuals and orthogonality at the working precision")
    func jacobiRecoversKnownSpectrum() async throws {
        await propertyCheck(count: 6, input: Gen.int(in: 64...512)) { bits in
            let (a, d) = Self.matrix(seed: UInt64(bits), bits: bits)
            let u = Tolerance.unitRoundoff(bits: bits)
            let eigen = try BigFloat.withWorkingPrecision(bits) { try SymmetricEigendecomposition(a, tolerance: u) }
            // Each of the 45 construction rotations and of the ≤ 45·sweeps Jacobi rotations
            // changes the matrix by at most ~6u‖A‖_F (‖A‖_F ≤ 10√10 < 32), so by Weyl the
            // eigenvalues move by at most (45 + 45·sweeps)·6u·32.
            let bound = BigFloat(Double(45 * (1 + eigen.sweeps) * 6 * 32)) * u
            for (x, y) in zip(eigen.eigenvalues, d) {
                #expect(!(bound < (x - y).magnitude), "at \(bits) bits: λ = \(x.decimal(significantDigits: 20)) vs \(y.decimal(significantDigits: 20))")
            }
            #expect(!(BigFloat(Double(45 * eigen.sweeps * 6 * 32)) * u < eigen.residual(of: a)), "residual \(eigen.residual(of: a))")
            #expect(!(BigFloat(Double(45 * eigen.sweeps * 6)) * u < eigen.orthogonalityDefect), "orthogonality \(eigen.orthogonalityDefect)")
        }
    }

    @Test("Jacobi in Double and in MPFR agree to Double rounding")
    func doubleAndMPFRAgree() throws {
        let (a, _) = Self.matrix(seed: 7, bits: 256)
        let ad = a.map { $0.map(\.doubleValue) }
        let eigenD = try SymmetricEigendecomposition(ad, tolerance: 1e-16)
        let eigenB = try BigFloat.withWorkingPrecision(256) { try SymmetricEigendecomposition(a, tolerance: BigFloat(1).scaled(byPowerOfTwo: -256)) }
        // Rounding A to Double moves eigenvalues by ≤ u‖A‖_F; Jacobi in Double adds ≤ 45·sweeps·6u‖A‖_F.
        let bound = Double(1 + 45 * eigenD.sweeps * 6) * 32 * Tolerance.doubleUnitRoundoff
        for (x, y) in zip(eigenD.eigenvalues, eigenB.eigenvalues) {
            #expect(abs(x - y.doubleValue) <= bound, "\(x) vs \(y.doubleValue)")
        }
    }

    @Test("Eigenvalue enclosures contain the spectrum computed at four times the precision, and are tight")
    func enclosuresContainTheSpectrum() throws {
        for bits in [64, 200] {
            let (a, _) = Self.matrix(seed: 11, bits: bits)
            let (enclosures, vectors) = try BigFloat.withWorkingPrecision(bits) {
                let eigen = try SymmetricEigendecomposition(a, tolerance: BigFloat(1).scaled(byPowerOfTwo: -bits))
                return (try SymmetricEigenvalueEnclosure.enclose(a.map { $0.map { BigInterval($0) } }, vectors: eigen.eigenvectors), eigen.eigenvectors)
            }
            _ = vectors
            let precise = try BigFloat.withWorkingPrecision(4 * bits) {
                try SymmetricEigendecomposition(a.map { $0.map { $0.rounded(toPrecision: 4 * bits) } }, tolerance: BigFloat(1).scaled(byPowerOfTwo: -4 * bits)).eigenvalues
            }
            for (box, value) in zip(enclosures, precise) {
                #expect(box.contains(value), "at \(bits) bits: \(value.decimal(significantDigits: 30)) ∉ [\(box.lower.decimal(significantDigits: 30)), \(box.upper.decimal(significantDigits: 30))]")
                #expect(!(BigFloat(1).scaled(byPowerOfTwo: -(bits - 20)) < box.width), "width \(box.width) at \(bits) bits")
            }
        }
    }

    @Test("A shifted enclosure excludes the true spectrum (the enclosure is not vacuous)")
    func shiftedEnclosureFails() throws {
        let (a, d) = Self.matrix(seed: 3, bits: 128)
        let enclosures = try BigFloat.withWorkingPrecision(128) { () throws -> [BigInterval] in
            let eigen = try SymmetricEigendecomposition(a, tolerance: BigFloat(1).scaled(byPowerOfTwo: -128))
            // Mutant: a Hessian off by 1 % (the bug the critical-point tests must catch).
            let scaled = a.map { $0.map { BigInterval($0 * BigFloat(101) / BigFloat(100)) } }
            return try SymmetricEigenvalueEnclosure.enclose(scaled, vectors: eigen.eigenvectors)
        }
        #expect(zip(enclosures, d).allSatisfy { !$0.contains($1) })
    }

    @Test("The interval solve encloses the solution computed at four times the precision")
    func intervalSolveEncloses() throws {
        let (a, _) = Self.matrix(seed: 5, bits: 128)
        let b = (0..<10).map { BigFloat(Double($0) - 4.5) }
        let boxes = try BigFloat.withWorkingPrecision(128) {
            try DenseLinearSystem.solve(a.map { $0.map { BigInterval($0) } }, vector: b.map { BigInterval($0) })
        }
        let precise = try BigFloat.withWorkingPrecision(512) {
            try DenseLinearSystem.solve(a.map { $0.map { $0.rounded(toPrecision: 512) } }, vector: b.map { $0.rounded(toPrecision: 512) })
        }
        for (box, x) in zip(boxes, precise) {
            #expect(box.contains(x))
            #expect(!(BigFloat(1).scaled(byPowerOfTwo: -100) < box.width))
        }
        // The same solve in Double against A x = b.
        let x = try DenseLinearSystem.solve(a.map { $0.map(\.doubleValue) }, vector: b.map(\.doubleValue))
        let r = DenseLinearSystem.multiply(a.map { $0.map(\.doubleValue) }, vector: x)
        for (ri, bi) in zip(r, b) { #expect(abs(ri - bi.doubleValue) <= 1e-12) }
    }

    @Test("Bad shapes, singular matrices and non-finite entries are errors, not crashes")
    func badInputs() {
        #expect(throws: DenseLinearSystemError.self) { try DenseLinearSystem.solve([[1.0, 2], [3]], vector: [1.0, 2]) }
        #expect(throws: DenseLinearSystemError.singular(column: 1)) { try DenseLinearSystem.solve([[1.0, 2], [2, 4]], vector: [1.0, 2]) }
        #expect(throws: SymmetricEigendecompositionError.self) { try SymmetricEigendecomposition([[1.0, .nan], [.nan, 1]], tolerance: 1e-16) }
        #expect(throws: SymmetricEigendecompositionError.self) { try SymmetricEigendecomposition([[1.0, 2]], tolerance: 1e-16) }
    }
}
