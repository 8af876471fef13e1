import HighPrecision

/// The independent route to the posterior expectations at the bifurcation:
/// direct two-dimensional quadrature of `E[φ]`, `E[ℓ_x]` and `E[φ ℓ_x]` under
/// `p(r, θ) ∝ r e^{−β r⁴}`, with the losses and observables evaluated by the
/// ``ReferenceModel`` at every node (not by the landscape formulas) and the
/// normalizers computed by the same quadrature (not by Γ).
///
/// - **Angle**: θ ∈ [0, 2π) is split at every kink of the integrands, the
///   angles `arg W_j ± π/2` and `arg v_x ± π/2` where a ReLU argument of an
///   oracle input changes sign (multiples of π/4 for the square), and each
///   smooth piece gets an n_θ-point Gauss–Legendre rule.
/// - **Radius**: `r = β^{−1/4} s`; `∫_0^∞ f(s) s e^{−s⁴} ds` is truncated at
///   `S = (D ln 10 + 30)^{1/4}` (the dropped tail is below `e^{−30} 10^{−D}`
///   relative to the integrals needed here) and integrated with an n_r-point
///   Gauss–Legendre rule on `[0, S]`.
///
/// Orders for `D` digits (``init(beta:point:digits:)``): `n_θ = ⌊D/3⌋ + 8` per
/// piece, `n_r = 2D + 20`; both were chosen to leave ≥ 5 digits of margin
/// (`QuadratureTests` checks them against the closed forms).
/// Only the 17 ``InputType/oracleInputs`` are covered: inputs that contain
/// feature 4 and another feature have kinks that depend on r.
///
/// Meant for `Double` and `BigFloat` at a working precision of about
/// `3.33 D + 40` bits.
public struct PosteriorQuadrature<T: RealNumber>: Sendable {
    public let beta: T
    public let point: BifurcationPoint<T>
    /// `(θ, weight)`, weights normalised to sum to 1 (θ is uniform).
    public let angularNodes: [(theta: T, weight: T)]
    /// `(r, weight)`, weights `∝ r e^{−β r⁴} dr` normalised to sum to 1.
    public let radialNodes: [(r: T, weight: T)]

    /// The rule for `digits` decimal digits (orders as in the type's description).
    public init(beta: T, point: BifurcationPoint<T> = .square, digits: Int) {
        self.init(beta: beta, point: point, digits: digits,
                  angularOrder: digits / 3 + 8, radialOrder: 2 * digits + 20)
    }

    /// A rule with explicit orders.
    public init(beta: T, point: BifurcationPoint<T> = .square, digits: Int, angularOrder: Int, radialOrder: Int) {
        self.beta = beta
        self.point = point
        let steps = GaussLegendre<T>.newtonSteps(forDigits: digits)

        // Angle: smooth pieces between the kinks.
        let kinks = PosteriorQuadrature.kinkAngles(point)
        let angular = GaussLegendre<T>(count: angularOrder, newtonSteps: steps)
        var thetas: [(theta: T, weight: T)] = []
        for (i, a) in kinks.enumerated() {
            let b = i + 1 < kinks.count ? kinks[i + 1] : kinks[0] + 2 * T.pi
            thetas += angular.mapped(to: a, b).map { (theta: $0.node, weight: $0.weight) }
        }
        let angularTotal = thetas.reduce(T(0)) { $0 + $1.weight }
        angularNodes = thetas.map { ($0.theta, $0.weight / angularTotal) }

        // Radius: r = β^{−1/4} s, weight s e^{−s⁴} ds on [0, S].
        let cutoff = T.sqrt(T.sqrt(T(digits) * T.log(10) + 30))
        let radial = GaussLegendre<T>(count: radialOrder, newtonSteps: steps)
        let scale = T.pow(beta, T.ratio(-1, 4))
        let raw = radial.mapped(to: 0, cutoff).map { s, w in
            (r: scale * s, weight: w * s * T.exp(-(s * s * s * s)))
        }
        let radialTotal = raw.reduce(T(0)) { $0 + $1.weight }
        radialNodes = raw.map { ($0.r, $0.weight / radialTotal) }
    }

    /// The kink angles in [0, 2π), increasing, without repeats.
    static func kinkAngles(_ point: BifurcationPoint<T>) -> [T] {
        let directions = point.vertices + InputType.withoutFeature4.map(point.signal)
            .filter { $0.normSquared.doubleValue > 1e-12 }
        var angles: [T] = []
        for d in directions {
            for side in [d.quarterTurn, -d.quarterTurn] {
                var a = side.angle
                if a.doubleValue < 0 { a = a + 2 * T.pi }
                if !angles.contains(where: { abs($0.doubleValue - a.doubleValue) < 1e-9 }) { angles.append(a) }
            }
        }
        return angles.sorted { $0.doubleValue < $1.doubleValue }
    }

    /// `E[r^k]` by the radial rule alone.
    public func radialMoment(_ k: Int) -> T {
        radialNodes.reduce(T(0)) { $0 + $1.weight * T.pow($1.r, k) }
    }

    /// The expectations of `rows` and of the 17 oracle input losses, and their covariances.
    public func expectations(rows: [Observable] = Observable.oracleRows) -> PosteriorExpectations<T> {
        let inputs = InputType.oracleInputs
        var meanPhi = [T](repeating: 0, count: rows.count)
        var meanLoss = [T](repeating: 0, count: inputs.count)
        var meanProduct = [[T]](repeating: [T](repeating: 0, count: inputs.count), count: rows.count)
        for (theta, angularWeight) in angularNodes {
            let c = T.cos(theta), s = T.sin(theta)
            for (r, radialWeight) in radialNodes {
                let w = angularWeight * radialWeight
                let model = ReferenceModel(columns: point.vertices + [Vector2(r * c, r * s)])
                let losses = model.losses(inputs)
                let weightedLosses = losses.map { w * $0 }
                for x in inputs.indices { meanLoss[x] += weightedLosses[x] }
                for (k, row) in rows.enumerated() {
                    let phi = model.value(of: row)
                    meanPhi[k] += w * phi
                    for x in inputs.indices { meanProduct[k][x] += phi * weightedLosses[x] }
                }
            }
        }
        let covariance = rows.indices.map { k in inputs.indices.map { x in meanProduct[k][x] - meanPhi[k] * meanLoss[x] } }
        let origin = point.model(r: 0, theta: 0)
        return PosteriorExpectations(beta: beta, rows: rows, inputs: inputs, observableMeans: meanPhi,
                                     lossMeans: meanLoss, covariances: covariance,
                                     totalLossAtOrigin: origin.losses(InputType.oneHot).reduce(T(0), +))
    }
}

/// Posterior expectations computed by ``PosteriorQuadrature``: means of the
/// observables and losses, their covariances, and the susceptibilities and
/// LLC that follow from them by the definitions of
/// [Conventions §4, §6](../../../Derivations/Conventions.md).
public struct PosteriorExpectations<T: RealNumber>: Sendable {
    public let beta: T
    public let rows: [Observable]
    public let inputs: [InputType]
    /// `E[φ_k]`.
    public let observableMeans: [T]
    /// `E[ℓ_x]`.
    public let lossMeans: [T]
    /// `Cov(φ_k, ℓ_x)`, `[row][input]`.
    public let covariances: [[T]]
    /// `H(0)`, the one-hot total loss of the model at `W_4 = 0`.
    public let totalLossAtOrigin: T

    /// `E[H] = Σ_{one-hot x} E[ℓ_x]`.
    public var expectedTotalLoss: T {
        InputType.oneHot.reduce(T(0)) { $0 + lossMeans[inputs.firstIndex(of: $1)!] }
    }

    /// `β (E[H] − H(0))`.
    public var llc: T { beta * (expectedTotalLoss - totalLossAtOrigin) }

    /// `χ_{k,x} = −β Cov(φ_k, ℓ_x)`.
    public func chi(_ observable: Observable, _ x: InputType) throws -> T {
        -beta * covariances[try row(observable)][try column(x)]
    }

    /// `χ^mp_{k,x} = −β Cov(φ_k, ℓ_x − H/5)` (one-hot training weights).
    public func meanPreservingChi(_ observable: Observable, _ x: InputType) throws -> T {
        let k = try row(observable)
        let total = try InputType.oneHot.reduce(T(0)) { $0 + covariances[k][try column($1)] }
        return -beta * (covariances[k][try column(x)] - total / 5)
    }

    /// The matrix `χ[row][column]`, as ``BifurcationSusceptibilities/matrix(rows:inputs:meanPreserving:)``.
    public func matrix(
        rows: [Observable] = Observable.oracleRows, inputs: [InputType] = InputType.oneHot,
        meanPreserving: Bool = false
    ) throws -> [[T]] {
        try rows.map { k in try inputs.map { meanPreserving ? try meanPreservingChi(k, $0) : try chi(k, $0) } }
    }

    private func row(_ o: Observable) throws -> Int {
        guard let k = rows.firstIndex(of: o) else { throw OracleError.malformedObservableName(o.name) }
        return k
    }

    private func column(_ x: InputType) throws -> Int {
        guard let i = inputs.firstIndex(of: x) else { throw OracleError.unsupportedInput(x.name) }
        return i
    }
}
