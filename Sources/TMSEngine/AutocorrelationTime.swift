#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The integrated autocorrelation time of a scalar series recorded on several chains, by Geyer's
/// initial monotone sequence on split chains combined with the between-chain variance
/// (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021), computed on block means so that its cost is
/// bounded whatever the chain length ([EngineEstimators.md](../../Derivations/EngineEstimators.md), "Mixing").
///
/// `τ` is in draws: the mean of `N` draws has variance `≈ τ · Var / N`, so `ESS = N/τ`.
public struct AutocorrelationTime: Sendable, Equatable, Codable {
    /// `τ̂`, in draws (at least the floor `1/log₁₀ N` of Stan's estimator for antithetic chains).
    public var draws: Double
    /// `N/τ̂`, the number of independent draws worth as much as the `N` draws used.
    public var effectiveSampleSize: Double
    /// `ESS / chains`.
    public var effectiveSampleSizePerChain: Double
    /// The pooled variance of the draws used (between-chain spread included).
    public var variance: Double
    /// Draws per chain that entered the estimate (both halves of each chain).
    public var drawsPerChain: Int
    /// The Geyer sequence never turned negative before the last block lag: `τ̂` is then only a
    /// lower bound (the chains are not much longer than their autocorrelation).
    public var truncated: Bool

    /// Block means per half chain at most: the estimate costs `O(chains · draws)` to block plus
    /// `O(chains · maximumBlocks²/4)` at worst for the autocovariances (lags up to a quarter of the blocks).
    public static let maximumBlocks = 256

    /// `τ̂` of the series `value(chain, draw)` over draws `first..<draws` of every chain; `nil` if the
    /// series is constant, not finite, or has fewer than 4 draws per half chain.
    ///
    /// Each chain's draws are split into halves (the first `(draws − first) mod 2` dropped); each half
    /// of `h` draws is cut into `L = ⌊h/m⌋` blocks of `m = ⌈h/maximumBlocks⌉` draws (the first
    /// `h mod m` dropped) and replaced by its block means `y`. On the `S = 2·chains` sequences of
    /// block means: `W` the mean within-sequence variance, `var⁺ = (L−1)/L · W + Var(sequence means)`,
    /// `ρ̂_t = 1 − (W − mean_s γ̂_{s,t}) / var⁺` with the biased autocovariances `γ̂`,
    /// pair sums `P_k = ρ̂_{2k} + ρ̂_{2k+1}` summed while positive (up to lag `max(L/4, min(L, 20))`,
    /// beyond which the estimate is ``truncated``) and made non-increasing, `τ̂_y = −1 + 2 Σ P_k`.
    /// In draws: `τ̂ = m · var⁺ · τ̂_y / Var(x)`.
    public static func estimate(chains: Int, first: Int = 0, draws: Int, value: (Int, Int) -> Double) -> AutocorrelationTime? {
        let retained = draws - first
        let half = retained / 2
        guard chains >= 1, first >= 0, half >= 4 else { return nil }
        let m = (half + maximumBlocks - 1) / maximumBlocks
        let length = half / m
        let start = first + (retained - 2 * half) + (half - length * m)  // of the first half; the second is `half` later
        let sequences = 2 * chains
        var blocks = [Double](repeating: 0, count: sequences * length)
        var sum = 0.0
        var count = 0
        var lowest = Double.infinity, highest = -Double.infinity
        for c in 0..<chains {
            for part in 0..<2 {
                let s = 2 * c + part
                let offset = start + part * half
                for j in 0..<length {
                    var t = 0.0
                    for i in (offset + j * m)..<(offset + (j + 1) * m) {
                        let v = value(c, i)
                        t += v
                        lowest = min(lowest, v)
                        highest = max(highest, v)
                    }
                    blocks[s * length + j] = t / Double(m)
                    sum += t
                    count += m
                }
            }
        }
        let mean = sum / Double(count)
        // A constant series (its grand mean may differ from it by rounding) has no autocorrelation time.
        guard mean.isFinite, lowest < highest else { return nil }
        // The pooled variance of the draws used (a second pass, centred at the grand mean).
        var squares = 0.0
        for c in 0..<chains {
            for part in 0..<2 {
                let offset = start + part * half
                for i in offset..<(offset + length * m) {
                    let d = value(c, i) - mean
                    squares += d * d
                }
            }
        }
        let variance = squares / Double(count - 1)
        guard variance > 0, variance.isFinite else { return nil }
        return blocks.withUnsafeBufferPointer { y -> AutocorrelationTime? in
            guard let tauBlocks = blockAutocorrelation(y, sequences: sequences, length: length) else { return nil }
            let asymptotic = Double(m) * tauBlocks.variancePlus * tauBlocks.time
            let floor = 1 / log10(Double(max(count, 11)))
            let tau = max(asymptotic / variance, floor)
            return AutocorrelationTime(
                draws: tau, effectiveSampleSize: Double(count) / tau, effectiveSampleSizePerChain: Double(count) / tau / Double(chains),
                variance: variance, drawsPerChain: 2 * length * m, truncated: tauBlocks.truncated)
        }
    }

    /// Geyer's initial monotone sequence on `sequences` series of `length` values each (laid out
    /// sequence-major): `(τ̂ in values, var⁺, truncated)`, or `nil` when `var⁺ = 0`.
    static func blockAutocorrelation(
        _ y: UnsafeBufferPointer<Double>, sequences: Int, length: Int
    ) -> (time: Double, variancePlus: Double, truncated: Bool)? {
        let L = Double(length)
        var means = [Double](repeating: 0, count: sequences)
        var within = 0.0
        for s in 0..<sequences {
            var t = 0.0
            for j in 0..<length { t += y[s * length + j] }
            means[s] = t / L
            var v = 0.0
            for j in 0..<length { let d = y[s * length + j] - means[s]; v += d * d }
            within += v / (L - 1)
        }
        within /= Double(sequences)
        let grand = means.reduce(0, +) / Double(sequences)
        let between = sequences > 1 ? means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(sequences - 1) : 0
        let variancePlus = (L - 1) / L * within + between
        guard variancePlus > 0, variancePlus.isFinite else { return nil }

        // The sequences centred at their means, then the mean over sequences of the biased
        // autocovariance at lag t.
        var centred = [Double](repeating: 0, count: sequences * length)
        for s in 0..<sequences { for j in 0..<length { centred[s * length + j] = y[s * length + j] - means[s] } }
        func autocovariance(_ t: Int) -> Double {
            centred.withUnsafeBufferPointer { c in
                var total = 0.0
                for s in 0..<sequences {
                    let base = s * length
                    var a = 0.0
                    for j in 0..<(length - t) { a += c[base + j] * c[base + j + t] }
                    total += a
                }
                return total / (L * Double(sequences))
            }
        }
        func rho(_ t: Int) -> Double { 1 - (within - autocovariance(t)) / variancePlus }

        var pairSum = 1 + rho(1)  // P_0 = ρ̂_0 + ρ̂_1, ρ̂_0 = 1
        var total = pairSum
        var previous = pairSum
        var lag = 2
        var truncated = true
        // Pairs up to lag L/4 (at least 20): a sequence still positive there has τ̂_y ≳ L/8, which
        // is flagged as truncated and batched one per chain either way; the cap bounds the cost.
        let lagLimit = max(length / 4, min(length, 20))
        while lag + 1 < lagLimit {
            pairSum = rho(lag) + rho(lag + 1)
            if !(pairSum > 0) { truncated = false; break }
            previous = min(previous, pairSum)  // initial monotone sequence
            total += previous
            lag += 2
        }
        return (max(2 * total - 1, 0), variancePlus, truncated)
    }
}
