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

    public var description: String {
        switch self {
        case let .frozenChain(chain):
            "chain \(chain) never moved: every recorded loss is identical"
        case let .lowAcceptance(chain, rate):
            "chain \(chain) accepted \(rate) of its MALA proposals (below \(SampleRun.minimumAcceptanceRate))"
        }
    }
}

extension SampleRun {
    /// MALA acceptance below this rate is reported by ``warnings``.
    public static let minimumAcceptanceRate = 0.01

    /// Frozen chains (with at least two draws) and MALA chains with acceptance below 1%.
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
        return result
    }
}
