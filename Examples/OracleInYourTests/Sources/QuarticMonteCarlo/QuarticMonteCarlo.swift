import Foundation

/// A tiny estimator of your own, to be checked against the TMSPatterning
/// oracle: plain Monte Carlo of the frozen square's posterior.
///
/// The frozen square (TMSPatterning's `Derivations/Conventions.md` §3 and
/// `Derivations/QuarticPosterior.md`): `W_0 … W_3` are the unit square
/// `(1,0), (0,1), (−1,0), (0,−1)`, frozen; the dead feature `W_4 = r(cos θ, sin θ)`
/// is sampled from `p(W_4) ∝ exp(−β E(W))` with one-hot data (`h_x = 1` on the
/// five one-hot inputs), which is `p(r, θ) ∝ r e^{−β r⁴}`, θ uniform.
///
/// This estimator knows nothing of the oracle. It draws `(r, θ)` exactly —
/// `t = r²` has density `∝ e^{−β t²}` on `t > 0`, so `r² = |Z|/√(2β)` with `Z`
/// standard normal — and evaluates the model `x̂ = ReLU(WᵀW x)` itself to get
/// the losses. Its estimates are means over independent draws, with standard
/// errors `sd/√n`.
public struct QuarticMonteCarlo: Sendable {
    /// The inverse temperature β of the posterior being estimated.
    public var beta: Double
    /// The number of independent draws.
    public var draws: Int
    /// The seed of the random stream; the same seed gives the same estimates.
    public var seed: UInt64
    /// The inverse temperature the draws are actually taken at: `beta`, unless
    /// a bug is planted on purpose (the tests use a few percent off to show
    /// that the audit catches it).
    public var samplingBeta: Double

    public init(beta: Double, draws: Int, seed: UInt64, samplingBeta: Double? = nil) {
        precondition(beta.isFinite && beta > 0, "β must be finite and positive, got \(beta)")
        precondition(draws >= 2, "need at least 2 draws, got \(draws)")
        self.beta = beta
        self.draws = draws
        self.seed = seed
        self.samplingBeta = samplingBeta ?? beta
    }

    /// Runs the estimator.
    public func run() -> Estimates {
        var random = SplitMix64(seed: seed)
        // Columns W_0 … W_4: the frozen unit square and the dead feature, sampled.
        var w = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0), (0.0, 0.0)]
        let lossAtCentre = Self.oneHotTotalLoss(w)
        var r2 = Accumulator(), r4 = Accumulator(), excess = Accumulator()
        var cosine = [Double](repeating: 0, count: draws)
        var loss10000 = [Double](repeating: 0, count: draws)
        for n in 0..<draws {
            let t = abs(random.normal()) / (2 * samplingBeta).squareRoot()   // r²
            let theta = 2 * Double.pi * random.uniform()
            let r = t.squareRoot()
            w[4] = (r * cos(theta), r * sin(theta))
            r2.add(t)
            r4.add(t * t)
            excess.add(Self.oneHotTotalLoss(w) - lossAtCentre)
            cosine[n] = cos(theta)   // dot(0,4) = W_0·W_4 / (|W_0| |W_4|)
            loss10000[n] = Self.oneHotLoss(w, feature: 0)
        }
        // χ = −β Cov(φ, ℓ_x), with the standard error of a sample covariance
        // (the mean of (φ − φ̄)(ℓ − ℓ̄), whose terms are independent to first order).
        let meanCosine = cosine.reduce(0, +) / Double(draws)
        let meanLoss = loss10000.reduce(0, +) / Double(draws)
        var product = Accumulator()
        for n in 0..<draws { product.add((cosine[n] - meanCosine) * (loss10000[n] - meanLoss)) }
        return Estimates(
            beta: beta, draws: draws,
            meanR2: r2.estimate, meanR4: r4.estimate,
            llc: excess.estimate.scaled(by: beta),
            chiDot04Input10000: product.estimate.scaled(by: -beta))
    }

    /// The per-sample loss of the one-hot input of feature `k` in the model
    /// `x̂ = ReLU(WᵀW x)` (no bias, columns `W_i ∈ ℝ²`):
    /// `ℓ_{e_k}(W) = Σ_j (δ_jk − ReLU(W_j · W_k))²`.
    static func oneHotLoss(_ w: [(Double, Double)], feature k: Int) -> Double {
        var total = 0.0
        for j in 0..<5 {
            let residual = (j == k ? 1 : 0) - max(0, w[j].0 * w[k].0 + w[j].1 * w[k].1)
            total += residual * residual
        }
        return total
    }

    /// `E(W) = Σ_x h_x ℓ_x(W)` with one-hot data (`h_x = 1` on the five one-hot inputs).
    static func oneHotTotalLoss(_ w: [(Double, Double)]) -> Double {
        var total = 0.0
        for k in 0..<5 { total += oneHotLoss(w, feature: k) }
        return total
    }
}

/// What ``QuarticMonteCarlo`` estimates at one β.
public struct Estimates: Sendable {
    public var beta: Double
    public var draws: Int
    /// `E[r²]`, `r = |W_4|`.
    public var meanR2: MonteCarloValue
    /// `E[r⁴]`.
    public var meanR4: MonteCarloValue
    /// The local learning coefficient `β (E[E] − E(w*))`.
    public var llc: MonteCarloValue
    /// `χ_{dot(0,4), 10000} = −β Cov(dot(0,4), ℓ_{10000})`.
    public var chiDot04Input10000: MonteCarloValue
}

/// A Monte Carlo estimate and its standard error.
public struct MonteCarloValue: Sendable {
    public var value: Double
    public var standardError: Double

    func scaled(by factor: Double) -> MonteCarloValue {
        MonteCarloValue(value: factor * value, standardError: abs(factor) * standardError)
    }
}

/// Running mean and variance (Welford).
struct Accumulator {
    private var count = 0
    private var mean = 0.0
    private var m2 = 0.0

    mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    var estimate: MonteCarloValue {
        MonteCarloValue(value: mean, standardError: (m2 / Double(count - 1) / Double(count)).squareRoot())
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014) with uniforms from the top 53 bits
/// and Box–Muller normals: enough for an example, and independent of the
/// random streams of the package it is checked against.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller, one of the pair).
    mutating func normal() -> Double {
        let u = 1 - uniform()   // (0, 1]
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
