import HighPrecision

/// What one quadrature route computes for a frozen-square posterior
/// `p(W_4) ∝ exp(−β E(W_4; h))` ([Conventions §3](../../../Derivations/Conventions.md)):
/// the normalizer, moments, means and covariances, in MPFR at the route's
/// working precision. The susceptibilities follow by the definitions of
/// [Conventions §6](../../../Derivations/Conventions.md). A route's numbers are
/// not printed on their own: ``FrozenSquareOracle`` prints the digits two
/// routes agree on.
public struct FrozenSquareMoments: Sendable {
    /// Which route.
    public let route: String
    /// The refinement level the route ran at.
    public let level: Int
    public let beta: BigFloat
    /// `ln Z`, `Z = ∫ exp(−β E(W_4; h)) dW_4`.
    public let logNormalizer: BigFloat
    /// `E[r^k]`, `k = 1…8` (`r = |W_4|`).
    public let radialMoments: [BigFloat]
    /// `E[E]` and `Var(E)`, `E = Σ_x h_x ℓ_x`.
    public let expectedTotalLoss: BigFloat
    public let totalLossVariance: BigFloat
    /// The rows that read `W_4`, their means and variances.
    public let liveRows: [Observable]
    public let observableMeans: [BigFloat]
    public let observableVariances: [BigFloat]
    /// `E[ℓ_x]` and `Var(ℓ_x)` for all 32 types (index `t`).
    public let lossMeans: [BigFloat]
    public let lossVariances: [BigFloat]
    /// `Cov(φ_k, ℓ_x)`, `[live row][type index]`.
    public let covariances: [[BigFloat]]
    /// The weights `h_x` the posterior was built on.
    public let weights: [BigFloat]
    /// Nodes evaluated and wall time.
    public let nodes: Int
    public let seconds: Double

    init(route: String, level: Int, sums: [BigFloat], layout: FrozenSquareKernel.Layout, liveRows: [Observable],
         exact: FrozenSquareProblem.Exact, nodes: Int, seconds: Double) {
        self.route = route
        self.level = level
        self.liveRows = liveRows
        self.nodes = nodes
        self.seconds = seconds
        self.beta = exact.beta
        self.weights = exact.weights
        let z = sums[layout.normalizer]
        func mean(_ i: Int) -> BigFloat { sums[i] / z }
        logNormalizer = BigFloat.log(z) - exact.beta * exact.referenceEnergy
        radialMoments = (1...8).map { mean(layout.radialMoment($0)) }
        expectedTotalLoss = mean(layout.energy)
        totalLossVariance = mean(layout.energySquared) - expectedTotalLoss * expectedTotalLoss
        let phi = liveRows.indices.map { mean(layout.phi($0)) }
        observableMeans = phi
        observableVariances = liveRows.indices.map { mean(layout.phiSquared($0)) - phi[$0] * phi[$0] }
        let loss = (0..<32).map { mean(layout.loss($0)) }
        lossMeans = loss
        lossVariances = (0..<32).map { mean(layout.lossSquared($0)) - loss[$0] * loss[$0] }
        covariances = liveRows.indices.map { k in (0..<32).map { t in mean(layout.product(k, t)) - phi[k] * loss[t] } }
    }

    /// `Σ_x h_x`.
    var totalWeight: BigFloat { weights.reduce(BigFloat(0, precision: beta.precision), +) }

    /// `χ_{k,x} = −β Cov(φ_k, ℓ_x)` for the live row `k`.
    public func chi(row k: Int, type t: Int) -> BigFloat { -beta * covariances[k][t] }

    /// `χ^mp_{k,x} = χ_{k,x} − Σ_y (h_y/Σh) χ_{k,y}` (Conventions §6).
    public func meanPreservingChi(row k: Int, type t: Int) -> BigFloat {
        let total = totalWeight
        var shift = BigFloat(0, precision: beta.precision)
        for y in 0..<32 where !weights[y].isZero { shift = shift + weights[y] * chi(row: k, type: y) }
        return chi(row: k, type: t) - shift / total
    }

    /// The natural size of `χ_{k,x}`: `β sd(φ_k) sd(ℓ_x)`, which bounds `|χ|` (Cauchy–Schwarz).
    func chiScale(row k: Int, type t: Int) -> BigFloat {
        beta * BigFloat.sqrt(BigFloat.relu(observableVariances[k]) * BigFloat.relu(lossVariances[t]))
    }

    /// The natural size of `χ^mp_{k,x}`: `β sd(φ_k) (sd(ℓ_x) + sd(E)/Σh)`.
    func meanPreservingChiScale(row k: Int, type t: Int) -> BigFloat {
        let sdPhi = BigFloat.sqrt(BigFloat.relu(observableVariances[k]))
        let sdLoss = BigFloat.sqrt(BigFloat.relu(lossVariances[t]))
        let sdMean = BigFloat.sqrt(BigFloat.relu(totalLossVariance)) / totalWeight
        return beta * sdPhi * (sdLoss + sdMean)
    }
}
