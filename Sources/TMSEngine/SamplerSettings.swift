/// The settings of a Langevin sampler run, in devinterp's parametrization
/// ([Conventions.md](../../Derivations/Conventions.md) §4):
/// `w ← w − (ε/2)(nβ ∇L(w; h) + γ (w − w*)) + √ε ξ` on the free coordinates.
public struct SamplerSettings: Sendable, Equatable, Codable {
    /// The transition kernel.
    public enum Method: String, Sendable, Equatable, Codable, CaseIterable {
        /// Unadjusted Langevin (SGLD with the full batch): bias `O(ε)`.
        case sgld
        /// Metropolis-adjusted Langevin: exact target for every ε.
        case mala
    }

    public var method: Method
    /// ε (devinterp's `lr`).
    public var stepSize: Double
    /// nβ (devinterp's `nbeta`); the inverse temperature of the total loss is `β = nβ/N`.
    public var nBeta: Double
    /// γ (devinterp's `localization`).
    public var localization: Double
    public var chains: Int
    /// Steps discarded before the first draw.
    public var burnIn: Int
    /// Draws recorded per chain.
    public var draws: Int
    /// Steps between recorded draws (1 = every step).
    public var thinning: Int
    /// Names the family of random streams; chain `c` uses stream `c` (see ``RandomStream``).
    public var seed: UInt64
    /// A state with a coordinate `|w_i| > divergenceBound` (or non-finite) stops the run with
    /// ``SamplerError/diverged(chain:step:coordinate:value:bound:lastFiniteState:)``.
    public var divergenceBound: Double
    /// Threads for the chains: `nil` = all cores, 1 = serial. Results do not depend on it.
    public var maxConcurrency: Int?

    public init(
        method: Method = .sgld, stepSize: Double, nBeta: Double, localization: Double = 0,
        chains: Int = 4, burnIn: Int = 100, draws: Int = 1000, thinning: Int = 1,
        seed: UInt64 = 0, divergenceBound: Double = 1e3, maxConcurrency: Int? = nil
    ) {
        self.method = method
        self.stepSize = stepSize
        self.nBeta = nBeta
        self.localization = localization
        self.chains = chains
        self.burnIn = burnIn
        self.draws = draws
        self.thinning = thinning
        self.seed = seed
        self.divergenceBound = divergenceBound
        self.maxConcurrency = maxConcurrency
    }

    /// Throws the first invalid setting.
    public func validate() throws(SamplerError) {
        guard stepSize.isFinite, stepSize > 0 else { throw .invalidStepSize(stepSize) }
        guard nBeta.isFinite, nBeta > 0 else { throw .invalidNBeta(nBeta) }
        guard localization.isFinite, localization >= 0 else { throw .invalidLocalization(localization) }
        guard chains >= 1 else { throw .invalidCount(name: "chains", value: chains) }
        guard burnIn >= 0 else { throw .invalidCount(name: "burnIn", value: burnIn) }
        guard draws >= 1 else { throw .invalidCount(name: "draws", value: draws) }
        guard thinning >= 1 else { throw .invalidCount(name: "thinning", value: thinning) }
        guard checkedStepsPerChain != nil else {
            throw .tooLarge("burnIn + draws × thinning = \(burnIn) + \(draws) × \(thinning) steps per chain overflows Int")
        }
        guard chains.multipliedReportingOverflow(by: draws).overflow == false,
              chains.multipliedReportingOverflow(by: checkedStepsPerChain!).overflow == false
        else { throw .tooLarge("chains × steps per chain = \(chains) × \(checkedStepsPerChain!) overflows Int") }
        guard divergenceBound.isFinite, divergenceBound > 0 else { throw .invalidDivergenceBound(divergenceBound) }
        if let maxConcurrency, maxConcurrency < 1 { throw .invalidCount(name: "maxConcurrency", value: maxConcurrency) }
    }

    /// Steps per chain: `burnIn + draws · thinning` (valid settings never overflow; see ``validate()``).
    public var stepsPerChain: Int { burnIn + draws * thinning }

    /// `burnIn + draws · thinning`, or `nil` if it overflows `Int`.
    public var checkedStepsPerChain: Int? {
        let (product, o1) = draws.multipliedReportingOverflow(by: thinning)
        let (sum, o2) = burnIn.addingReportingOverflow(product)
        return o1 || o2 ? nil : sum
    }
}
