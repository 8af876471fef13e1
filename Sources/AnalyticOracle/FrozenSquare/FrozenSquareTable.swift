/// A verified table of the frozen-square oracle for one data set and one β:
/// χ for `rows × inputs` in both conventions, and the posterior expectations,
/// each entry printed with the digits two quadrature routes agree on.
/// Returned by ``FrozenSquareOracle/table(beta:rows:inputs:digits:threads:progress:)``.
public struct FrozenSquareTable: Sendable {
    public let data: DataSpecification
    /// β as given (an exact decimal).
    public let beta: String
    /// The significant digits asked for.
    public let digits: Int
    public let rows: [Observable]
    public let inputs: [InputType]
    /// `χ_{k,x} = −β Cov(φ_k, ℓ_x)`, `[row][input]`.
    public let chi: [[VerifiedDecimal]]
    /// `χ^mp_{k,x} = χ_{k,x} − Σ_y (h_y/Σh) χ_{k,y}`, `[row][input]`.
    public let chiMeanPreserving: [[VerifiedDecimal]]
    /// `E[φ_k]` for ``rows``.
    public let observableMeans: [VerifiedDecimal]
    /// `E[r^k]`, `k = 1…8`.
    public let radialMoments: [VerifiedDecimal]
    /// `E[ℓ_x]` for all 32 types, by type index.
    public let lossMeans: [VerifiedDecimal]
    /// `E[E]`, `E = Σ_x h_x ℓ_x`.
    public let expectedTotalLoss: VerifiedDecimal
    /// `ln Z`, `Z = ∫ exp(−β E) dW_4`.
    public let logNormalizer: VerifiedDecimal
    /// The two routes as run (at the final refinement level).
    public let routes: [FrozenSquareRouteReport]
    /// Wall time of the whole table (both routes, every level run), in seconds.
    public let seconds: Double

    /// Every entry of the table (χ in both conventions and the expectations).
    public var allEntries: [VerifiedDecimal] {
        chi.flatMap { $0 } + chiMeanPreserving.flatMap { $0 } + observableMeans + radialMoments + lossMeans
            + [expectedTotalLoss, logNormalizer]
    }

    /// The fewest significant digits of any verified (nonzero, non-exact) entry.
    public var minimumDigits: Int {
        allEntries.filter { $0.status == .verified }.map(\.digits).min() ?? digits
    }

    /// The label for output: "verified by two routes".
    public static let accuracyLabel = "verified by two routes"
}

/// How one route ran.
public struct FrozenSquareRouteReport: Sendable {
    public let name: String
    /// The refinement level (0 first; each level raises orders by 35 % and the truncation by 3 digits).
    public let level: Int
    /// Nodes at which the model was evaluated.
    public let nodes: Int
    /// Wall time, seconds.
    public let seconds: Double
    /// The working precision, bits.
    public let precision: Int
}
