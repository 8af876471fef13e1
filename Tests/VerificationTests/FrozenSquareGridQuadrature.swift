import AnalyticOracle
import Foundation
import TMSEngine

/// An independent Double route to the frozen-square posterior for any data, for
/// checking `Fixtures/frozen-square-any-data.json` (which the MPFR two-route oracle wrote):
///
/// - the losses are the **engine's** (`TMSModel.perSampleLosses`, the SIMD kernel of
///   EngineTMSLoss.md) and the weights its own (`TMSModel.oneHotWeights`,
///   `TMSModel.naturalWeights`), not the oracle's landscape or `DataSpecification`;
/// - polar product Gauss–Legendre, θ split at the eight rays `kπ/4` (where `W_j · u` or
///   `S · u` changes sign), r split at every kink radius of the ray, found here from the
///   pre-activations `z_{t,j}(r u) = W_j·S_t + r W_j·u` (`j < 4`, `4 ∈ t`) and
///   `r (u·S_t + r)` (`j = 4`, `4 ∈ t`), `S_t = Σ_{i∈t, i<4} W_i`, and at `P` equal panels;
/// - truncated at the radius `R` beyond which `β (E − E_min) > 50` on a polar scan.
///
/// Where two kink curves cross inside a sector the θ integrand is not smooth, so the rule
/// converges algebraically: its accuracy is estimated by running it at two orders, and
/// the comparison's tolerance comes from that estimate (`FixtureAnyDataTests`).
struct FrozenSquareGridQuadrature {
    let beta: Double
    /// `h_t`, by type index.
    let weights: [Double]
    let model: TMSModel
    /// The lowest energy on a polar scan, where, and the truncation radius (``scan()``).
    var minimum = 0.0, a0 = 0.0, b0 = 0.0, radius = 1.0
    /// The frozen square `W_0 … W_3`.
    static let square: [(Double, Double)] = [(1, 0), (0, 1), (-1, 0), (0, -1)]

    /// Everything a fixture case lists.
    struct Result {
        var logNormalizer = 0.0
        var observableMeans: [Double] = []
        /// `E[r^k]`, k = 1…8.
        var radialMoments: [Double] = []
        /// `E[ℓ_t]` by type index.
        var lossMeans: [Double] = []
        var expectedTotalLoss = 0.0
        /// `[row][type index]`.
        var chi: [[Double]] = []
        var chiMeanPreserving: [[Double]] = []
    }

    init(beta: Double, data: String) throws {
        self.beta = beta
        if data == "one-hot" {
            weights = TMSModel.oneHotWeights()
        } else if data.hasPrefix("bernoulli:"), let s = Double(data.dropFirst("bernoulli:".count)) {
            weights = try TMSModel.naturalWeights(sparsity: s)
        } else {
            throw OracleError.malformedInputName("unsupported data \(data)")
        }
        model = try TMSModel(weights: weights)
        (minimum, a0, b0, radius) = scan()
    }

    /// The 32 per-type losses at `W_4 = (a, b)`.
    func losses(_ a: Double, _ b: Double) -> [Double] {
        let w = [1.0, 0, 0, 1, -1, 0, 0, -1, a, b]
        var out = [Double](repeating: 0, count: 32)
        w.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { model.perSampleLosses(at: wp, into: $0) } }
        return out
    }

    func energy(_ l: [Double]) -> Double { zip(weights, l).reduce(0) { $0 + $1.0 * $1.1 } }

    /// `(E_min, a, b, R)`: the lowest energy on a polar scan, where, and the truncation radius.
    func scan() -> (minimum: Double, a: Double, b: Double, radius: Double) {
        let radii = (0..<100).map { 1e-4 * Foundation.pow(5e4, Double($0) / 99) }
        let angles = (0..<64).map { 2 * Double.pi * (Double($0) + 0.5) / 64 }
        var grid: [(Double, Double, Double)] = [(energy(losses(0, 0)), 0, 0)]
        for t in angles {
            for r in radii { grid.append((energy(losses(r * cos(t), r * sin(t))), r * cos(t), r * sin(t))) }
        }
        let best = grid.min { $0.0 < $1.0 }!
        let inside = grid.filter { beta * ($0.0 - best.0) < 50 }.map { ($0.1 * $0.1 + $0.2 * $0.2).squareRoot() }.max() ?? 1
        return (best.0, best.1, best.2, 1.25 * inside)
    }

    /// The kink radii in `(0, R)` of the ray `u`.
    static func kinkRadii(_ u: (Double, Double), below radius: Double) -> [Double] {
        var out: [Double] = []
        for t in 16..<32 {
            var s = (0.0, 0.0)
            for i in 0..<4 where t & (1 << i) != 0 { s.0 += square[i].0; s.1 += square[i].1 }
            for j in 0..<4 {
                let a = square[j].0 * u.0 + square[j].1 * u.1
                if a != 0 { out.append(-(square[j].0 * s.0 + square[j].1 * s.1) / a) }
            }
            out.append(-(u.0 * s.0 + u.1 * s.1))
        }
        return out.filter { $0 > 1e-12 && $0 < radius }
    }

    /// The expectations by the rule with `angular` nodes per sector, `radial` nodes per
    /// piece and `panels` equal radial panels.
    func integrate(angular: Int, radial: Int, panels: Int) -> Result {
        let rows = Observable.oracleRows
        // Rows that do not read W_4 are constant on the posterior: their products vanish.
        let live = rows.indices.filter { rows[$0].features.contains(4) }
        func columns(_ a: Double, _ b: Double) -> [Vector2<Double>] { Self.square.map { Vector2($0.0, $0.1) } + [Vector2(a, b)] }
        let phi0 = rows.map { $0.value(at: columns(a0, b0)) }, l0 = losses(a0, b0)
        let thetaRule = GaussLegendre<Double>(count: angular, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16))
        let radialRule = GaussLegendre<Double>(count: radial, newtonSteps: GaussLegendre<Double>.newtonSteps(forDigits: 16))
        var z = 0.0, energySum = 0.0
        var phiSum = [Double](repeating: 0, count: rows.count), lossSum = [Double](repeating: 0, count: 32)
        var radialSum = [Double](repeating: 0, count: 8)
        var productSum = [[Double]](repeating: [Double](repeating: 0, count: 32), count: rows.count)
        for sector in 0..<8 {
            let lower = Double(sector) * .pi / 4
            for (theta, wTheta) in thetaRule.mapped(to: lower, lower + .pi / 4) {
                let u = (cos(theta), sin(theta))
                let cuts = Set(Self.kinkRadii(u, below: radius) + (0...panels).map { radius * Double($0) / Double(panels) }).sorted()
                for (r0, r1) in zip(cuts, cuts.dropFirst()) where r1 > r0 {
                    for (r, wR) in radialRule.mapped(to: r0, r1) {
                        let a = r * u.0, b = r * u.1
                        let l = losses(a, b), e = energy(l)
                        let weight = wTheta * wR * r * Foundation.exp(-beta * (e - minimum))
                        guard weight > 0 else { continue }
                        let at = columns(a, b)
                        z += weight
                        energySum += weight * e
                        var power = 1.0
                        for k in 0..<8 { power *= r; radialSum[k] += weight * power }
                        for t in 0..<32 { lossSum[t] += weight * (l[t] - l0[t]) }
                        for k in live {
                            let dphi = rows[k].value(at: at) - phi0[k]
                            phiSum[k] += weight * dphi
                            for t in 0..<32 { productSum[k][t] += weight * dphi * (l[t] - l0[t]) }
                        }
                    }
                }
            }
        }
        var result = Result()
        result.logNormalizer = Foundation.log(z) - beta * minimum
        result.observableMeans = rows.indices.map { phi0[$0] + phiSum[$0] / z }
        result.radialMoments = radialSum.map { $0 / z }
        result.lossMeans = (0..<32).map { l0[$0] + lossSum[$0] / z }
        result.expectedTotalLoss = energySum / z
        let total = weights.reduce(0, +)
        result.chi = rows.indices.map { k in (0..<32).map { t in -beta * (productSum[k][t] / z - (phiSum[k] / z) * (lossSum[t] / z)) } }
        result.chiMeanPreserving = result.chi.map { row in
            let shift = zip(weights, row).reduce(0) { $0 + $1.0 * $1.1 } / total
            return row.map { $0 - shift }
        }
        return result
    }
}
