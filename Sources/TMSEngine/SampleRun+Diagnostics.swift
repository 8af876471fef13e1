#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A run that finished but whose estimates should not be trusted as they stand.
public enum SamplerWarning: Sendable, Equatable, CustomStringConvertible {
    /// Every recorded loss of the chain is the same number: the chain never
    /// moved (a step too small to change `w` in Double arithmetic, or MALA
    /// rejecting every proposal). Its estimates are those of a point mass, with
    /// standard error 0.
    case frozenChain(chain: Int)
    /// MALA accepted fewer than ``SampleRun/minimumAcceptanceRate`` of its
    /// proposals: the chain barely moves and its standard errors are unreliable.
    case lowAcceptance(chain: Int, rate: Double)
    /// The slowest-mixing recorded quantity (`"loss"` or an observable) has fewer than
    /// ``MixingSummary/minimumEffectiveSampleSizePerChain`` effective draws per chain, or its
    /// autocorrelation did not decay within the chains: `τ̂` is then itself unreliable (biased low),
    /// the start point may still weigh on the estimates, and the standard errors rest on `batches`
    /// batches. `others` more quantities are below the threshold.
    case slowMixing(quantity: String, autocorrelationTime: Double, effectiveSampleSizePerChain: Double, batches: Int, others: Int)

    public var description: String {
        switch self {
        case let .frozenChain(chain):
            "chain \(chain) never moved: every recorded loss is identical"
        case let .lowAcceptance(chain, rate):
            "chain \(chain) accepted \(rate) of its MALA proposals (below \(SampleRun.minimumAcceptanceRate))"
        case let .slowMixing(quantity, tau, ess, batches, others):
            "\(quantity) mixes slowly: autocorrelation time \(formatted(tau)) draws, \(formatted(ess)) effective draws per chain "
                + "(below \(formatted(MixingSummary.minimumEffectiveSampleSizePerChain))), standard errors from \(batches) batches"
                + (others > 0 ? " (\(others) more quantities below the threshold)" : "")
        }
    }
}

extension SampleRun {
    /// MALA acceptance below this rate is reported by ``warnings``.
    public static let minimumAcceptanceRate = 0.01

    /// Frozen chains (with at least two draws), MALA chains with acceptance below 1%, and slow mixing
    /// (``SamplerWarning/slowMixing(quantity:autocorrelationTime:effectiveSampleSizePerChain:batches:others:)``).
    public var warnings: [SamplerWarning] {
        var result: [SamplerWarning] = []
        if drawCount >= 2 {
            for c in 0..<chainCount {
                let first = losses[c * drawCount]
                if (1..<drawCount).allSatisfy({ losses[c * drawCount + $0] == first }) { result.append(.frozenChain(chain: c)) }
            }
        }
        for (c, rate) in acceptanceRates.enumerated() where rate < Self.minimumAcceptanceRate {
            result.append(.lowAcceptance(chain: c, rate: rate))
        }
        let mixing = self.mixing
        let slow = mixing.named.filter(\.time.isUnreliable)
        if let worst = slow.max(by: { $0.time.draws < $1.time.draws }) {
            result.append(.slowMixing(
                quantity: worst.name, autocorrelationTime: worst.time.draws,
                effectiveSampleSizePerChain: worst.time.effectiveSampleSizePerChain, batches: mixing.batchCount, others: slow.count - 1))
        }
        return result
    }
}

extension AutocorrelationTime {
    /// Fewer than ``MixingSummary/minimumEffectiveSampleSizePerChain`` effective draws per chain, or
    /// an autocorrelation that did not decay within the chains.
    public var isUnreliable: Bool {
        truncated || effectiveSampleSizePerChain < MixingSummary.minimumEffectiveSampleSizePerChain
    }
}

/// About three significant digits, for messages.
private func formatted(_ x: Double) -> String {
    guard x.isFinite, x != 0, abs(x) < 1e15, abs(x) >= 1e-3 else { return "\(x)" }
    let digits = max(0, 2 - Int(log10(abs(x)).rounded(.down)))
    let scale = pow(10.0, Double(digits))
    let rounded = (x * scale).rounded() / scale
    return digits == 0 ? "\(Int(rounded))" : "\(rounded)"
}
