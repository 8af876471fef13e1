/// Every fixture the package publishes in `Fixtures/`, in file order.
public enum FixtureCatalog {
    /// Significant digits of the published fixtures (each one certified).
    public static let defaultDigits = 50

    /// Computes every fixture at `digits` certified significant digits.
    public static func all(digits: Int = defaultDigits) throws -> [Fixture] {
        [
            try .taxonomy(digits: digits),
        ]
    }
}
