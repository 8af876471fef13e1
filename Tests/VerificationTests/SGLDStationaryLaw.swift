import AnalyticOracle
import Foundation

/// The exact stationary law of SGLD (the unadjusted Langevin chain) at the frozen square,
/// an independent route to what SGLD converges to at a finite step
/// ([Audit.md](../../Derivations/Audit.md) §2, [TestPower.md](../../Derivations/TestPower.md) §3).
///
/// At the frozen square the sampled density of `W_4` is `∝ e^{−βr⁴}`, so SGLD's step is
/// `w' = w − 2εβ|w|²w + √ε ξ`. With `u = β^{1/4} w` and `c = ε√β` it reads
/// `u' = (1 − 2c|u|²) u + √c ξ`: the chain depends on `c` alone and is rotation invariant, so its
/// stationary law is uniform in angle with a radial density `π_c` solving
/// `π_c(ρ) = ∫ p_c(ρ | r) π_c(r) dr`, where `p_c(ρ | r)` is the Rice density of `|u'|` given
/// `|u| = r` (a Gaussian of variance `c` around a point at distance `ν = |1 − 2cr²| r`):
/// `p_c(ρ | r) = (ρ/c) e^{−(ρ² + ν²)/(2c)} I₀(ρν/c)`.
///
/// The integral equation is discretised on an `n`-point Gauss–Legendre rule on `[0, R]`
/// (Nyström) and `(K − I)π = 0` is solved with the normalisation `Σ wᵢπᵢ = 1` in place of one row.
/// `R = 3.2` drops a mass below `e^{−100}`; the chain is only quasi-stationary for `c > 0` (from
/// `|u| > 1/√c` it can escape), but reaching that region has probability below `e^{−1/c²}` per step.
/// With `c = 0` the rule carries the continuous density `∝ r e^{−r⁴}` instead (the oracle's law).
struct SGLDStationaryLaw {
    /// `c = ε√β`.
    let stepScale: Double
    /// Radial nodes `r_i` (in `u = β^{1/4} w`) and their probabilities `w_i π(r_i)` (summing to 1).
    let radii: [Double]
    let masses: [Double]

    init(stepScale c: Double, nodeCount n: Int = 160, cutoff: Double = 3.2) {
        precondition(c >= 0 && c <= 0.25, "c = \(c) outside the stable range 0…0.25")
        let rule = GaussLegendre<Double>(count: n, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16)).mapped(to: 0, cutoff)
        let r = rule.map(\.node), w = rule.map(\.weight)
        stepScale = c
        radii = r
        guard c > 0 else {
            let density = zip(r, w).map { $0 * Foundation.exp(-$0 * $0 * $0 * $0) * $1 }
            let total = density.reduce(0, +)
            masses = density.map { $0 / total }
            return
        }
        // A[i][j] = p(r_i | r_j) w_j − δ_ij; the last row is replaced by the normalisation.
        var a = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            let nu = abs(1 - 2 * c * r[j] * r[j]) * r[j]
            for i in 0..<n {
                let rho = r[i]
                a[i * n + j] = rho / c * Foundation.exp(-(rho - nu) * (rho - nu) / (2 * c)) * Self.scaledBesselI0(rho * nu / c) * w[j]
            }
            a[j * n + j] -= 1
        }
        for j in 0..<n { a[(n - 1) * n + j] = w[j] }
        var b = [Double](repeating: 0, count: n)
        b[n - 1] = 1
        let pi = Self.solve(a, b, n)
        masses = zip(pi, w).map { $0 * $1 }
    }

    /// `E[|u|^k]` under the law.
    func moment(_ k: Int) -> Double {
        zip(radii, masses).reduce(0) { $0 + $1.1 * Foundation.pow($1.0, Double(k)) }
    }

    /// `e^{−x} I₀(x)` for `x ≥ 0`: the power series to 30, the asymptotic series
    /// `(2πx)^{−1/2} Σ ((2k−1)!!)²/(k! 8^k x^k)` beyond (relative error below 10⁻¹⁰ there).
    static func scaledBesselI0(_ x: Double) -> Double {
        if x <= 30 {
            var term = 1.0, sum = 1.0, k = 1.0
            let q = x * x / 4
            while term > 1e-17 * sum {
                term *= q / (k * k)
                sum += term
                k += 1
            }
            return sum * Foundation.exp(-x)
        }
        var term = 1.0, sum = 1.0
        for k in 1...8 {
            let odd = Double(2 * k - 1)
            term *= odd * odd / (Double(k) * 8 * x)
            sum += term
        }
        return sum / (2 * Double.pi * x).squareRoot()
    }

    /// Gaussian elimination with partial pivoting on the row-major `n × n` system.
    static func solve(_ matrix: [Double], _ rhs: [Double], _ n: Int) -> [Double] {
        var a = matrix, b = rhs
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<n where abs(a[row * n + col]) > abs(a[pivot * n + col]) { pivot = row }
            if pivot != col {
                for j in 0..<n { a.swapAt(col * n + j, pivot * n + j) }
                b.swapAt(col, pivot)
            }
            let p = a[col * n + col]
            for row in (col + 1)..<n {
                let f = a[row * n + col] / p
                if f == 0 { continue }
                for j in col..<n { a[row * n + j] -= f * a[col * n + j] }
                b[row] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for j in (row + 1)..<n { s -= a[row * n + j] * x[j] }
            x[row] = s / a[row * n + row]
        }
        return x
    }

    /// Quantities of ``Verification/FrozenSquare/entries(of:caseLabel:batchSize:)`` at β under this law,
    /// keyed by the audit's names: `chi[row,input]` and `chi_mp[row,input]` for `rows × inputs`,
    /// `E[r^k]` for k = 1…4 and `llc`. Angles: 8 pieces of π/4 (every kink of the oracle inputs'
    /// losses lies on a multiple of π/4), each with an `angularOrder`-point Gauss–Legendre rule;
    /// the model is ``ReferenceModel`` at every node (the five one-hot losses are always evaluated,
    /// for the mean-preserving shift).
    func frozenSquareValues(beta: Double, rows: [Observable], inputs: [InputType], angularOrder: Int = 8) -> [String: Double] {
        let oneHot = InputType.oneHot
        let evaluated = oneHot + inputs.filter { !oneHot.contains($0) }
        let square: [Vector2<Double>] = [Vector2(1, 0), Vector2(0, 1), Vector2(-1, 0), Vector2(0, -1)]
        let angular = GaussLegendre<Double>(count: angularOrder, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16))
        let angles = (0..<8).flatMap { p in angular.mapped(to: Double(p) * .pi / 4, Double(p + 1) * .pi / 4) }
        let scale = Foundation.pow(beta, -0.25)
        let m = evaluated.count
        var meanPhi = [Double](repeating: 0, count: rows.count)
        var meanLoss = [Double](repeating: 0, count: m)
        var meanProduct = [Double](repeating: 0, count: rows.count * m)
        for (theta, angularWeight) in angles {
            let (c, s) = (Foundation.cos(theta), Foundation.sin(theta))
            for (u, radialMass) in zip(radii, masses) {
                let weight = angularWeight / (2 * .pi) * radialMass
                let model = ReferenceModel(columns: square + [Vector2(scale * u * c, scale * u * s)])
                let losses = model.losses(evaluated)
                for x in 0..<m { meanLoss[x] += weight * losses[x] }
                for (k, row) in rows.enumerated() {
                    let phi = model.value(of: row)
                    meanPhi[k] += weight * phi
                    for x in 0..<m { meanProduct[k * m + x] += weight * phi * losses[x] }
                }
            }
        }
        var values: [String: Double] = [:]
        for (k, row) in rows.enumerated() {
            let chi = (0..<m).map { x in -beta * (meanProduct[k * m + x] - meanPhi[k] * meanLoss[x]) }
            let shift = chi.prefix(oneHot.count).reduce(0, +) / Double(oneHot.count)
            for input in inputs {
                let x = evaluated.firstIndex(of: input)!
                values["chi[\(row.name),\(input.name)]"] = chi[x]
                values["chi_mp[\(row.name),\(input.name)]"] = chi[x] - shift
            }
        }
        for k in 1...4 { values["E[r^\(k)]"] = Foundation.pow(scale, Double(k)) * moment(k) }
        values["llc"] = moment(4)
        return values
    }
}
