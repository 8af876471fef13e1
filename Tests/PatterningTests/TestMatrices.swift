import AnalyticOracle
import Patterning

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator for
/// test matrices, seeded from PropertyBased's inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Unit roundoff of Double.
let eps = Double.ulpOfOne

func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
func minus(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }
func inner(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// Entries uniform in [-1, 1].
func randomVector(_ n: Int, using rng: inout SplitMix64) -> [Double] {
    (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
}

func randomMatrix(rows: Int, columns: Int, using rng: inout SplitMix64) -> DenseMatrix {
    try! DenseMatrix(rows: rows, columns: columns, entries: randomVector(rows * columns, using: &rng))
}

/// An `n × k` matrix with orthonormal columns, by modified Gram–Schmidt
/// (twice) of random vectors — independent of the package's SVD.
func randomOrthonormalColumns(_ n: Int, _ k: Int, using rng: inout SplitMix64) -> [[Double]] {
    var basis: [[Double]] = []
    while basis.count < k {
        var x = randomVector(n, using: &rng)
        for _ in 0..<2 { for b in basis { let c = inner(x, b); x = zip(x, b).map { $0 - c * $1 } } }
        let r = norm(x)
        if r > 1e-3 { basis.append(x.map { $0 / r }) }
    }
    return basis
}

/// `χ = Σ_j σ_j u_j v_jᵀ` with prescribed gains and random orthonormal directions.
func matrixWithGains(_ gains: [Double], rows: Int, columns: Int, using rng: inout SplitMix64)
    -> (chi: DenseMatrix, u: [[Double]], v: [[Double]])
{
    let u = randomOrthonormalColumns(rows, gains.count, using: &rng)
    let v = randomOrthonormalColumns(columns, gains.count, using: &rng)
    var chi = DenseMatrix.zeros(rows: rows, columns: columns)
    for j in gains.indices {
        for r in 0..<rows { for c in 0..<columns { chi[r, c] += gains[j] * u[j][r] * v[j][c] } }
    }
    return (chi, u, v)
}

/// Max-abs entry difference.
func maxDifference(_ a: DenseMatrix, _ b: DenseMatrix) -> Double {
    zip(a.entries, b.entries).map { abs($0 - $1) }.max()!
}

/// The closed-form χ at the 4 → 5 bifurcation (frozen unit square, one-hot
/// data) from the AnalyticOracle: rows dot(0,4)…dot(3,4), columns the five
/// one-hot types h₀…h₄, with α = 2√β/(3π^{3/2}).
func bifurcationSusceptibility(beta: Double) throws -> (chi: DenseMatrix, alpha: Double) {
    let oracle = BifurcationSusceptibilities<Double>(beta: beta)
    let rows = try oracle.matrix(rows: (0..<4).map { Observable.dot($0, 4) }, inputs: InputType.oneHot)
    return (try DenseMatrix(rows), oracle.alpha)
}

/// First-order bound on the rounding error of `dh = χᵀ(χχᵀ + αI)⁻¹dμ` (α > 0).
///
/// The Cholesky solve is backward stable: it solves `(G + E) v = dμ` with
/// `‖E‖ ≤ c·m·ε·‖G‖`, `‖G‖ ≤ σ₁² + α` (forming G adds an error of the same
/// size). Then `δdh ≈ −χᵀ(G)⁻¹ E v` with `‖χᵀG⁻¹‖ = max σ/(σ²+α) ≤ 1/(2√α)`
/// and `‖v‖ ≤ ‖dμ‖/α`; the final product `χᵀv` adds `≤ n·ε·σ₁√n·‖v‖`.
/// `c = 64` covers the constants.
func gramSolveTolerance(rows m: Int, columns n: Int, largestGain sigma1: Double, ridge: Double, targetNorm: Double) -> Double {
    let solve = (sigma1 * sigma1 + ridge) / (2 * ridge * ridge.squareRoot())
    let product = sigma1 * Double(n).squareRoot() / ridge
    return 64 * Double(max(m, n)) * eps * targetNorm * (solve + product)
}
