import AnalyticOracle

/// Every fixture the package publishes in `Fixtures/`, in file order.
public enum FixtureCatalog {
    /// Significant digits of the published fixtures (each one certified).
    public static let defaultDigits = 50

    /// Computes every fixture at `digits` certified significant digits.
    public static func all(digits: Int = defaultDigits) throws -> [Fixture] {
        [
            try .quarticMoments(digits: digits),
            try .bifurcationChi(name: "chi-one-hot", inputs: InputType.oneHot, digits: digits),
            try .bifurcationChi(name: "chi-no-f4", inputs: InputType.withoutFeature4, digits: digits),
            try .kGonLandscapes(digits: digits),
            try .taxonomy(digits: digits),
            try .criticalPoints(digits: digits),
        ]
    }
}
