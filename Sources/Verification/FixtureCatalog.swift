import AnalyticOracle

/// Every fixture the package publishes in `Fixtures/`, in file order: the
/// certified ones (``all(digits:names:)``, recomputed by `swift test` and `tms fixtures
/// verify`), then those verified by two routes (``twoRoutes(progress:)``, minutes
/// of MPFR quadrature in release mode: recomputed by `tms fixtures verify --two-routes`).
public enum FixtureCatalog {
    /// Significant digits of the published fixtures (each one certified).
    public static let defaultDigits = 50

    /// The certified fixtures by stem, each computed at the digits given.
    public static let certified: [(name: String, compute: @Sendable (Int) throws -> Fixture)] = [
        ("quartic-moments", { try .quarticMoments(digits: $0) }),
        ("chi-one-hot", { try .bifurcationChi(name: "chi-one-hot", inputs: InputType.oneHot, digits: $0) }),
        ("chi-no-f4", { try .bifurcationChi(name: "chi-no-f4", inputs: InputType.withoutFeature4, digits: $0) }),
        ("kgon-landscapes", { try .kGonLandscapes(digits: $0) }),
        ("taxonomy", { try .taxonomy(digits: $0) }),
        ("critical-points", { try .criticalPoints(digits: $0) }),
    ]

    /// Computes every certified fixture at `digits` certified significant digits
    /// (only those named in `names`, if given).
    public static func all(digits: Int = defaultDigits, names: Set<String>? = nil) throws -> [Fixture] {
        try certified.filter { names?.contains($0.name) ?? true }.map { try $0.compute(digits) }
    }

    /// The stems of the fixtures ``twoRoutes(progress:)`` computes.
    public static let twoRouteNames = [Fixture.frozenSquareAnyDataName]

    /// The fixtures verified by two quadrature routes (slow: see `Fixtures/README.md`).
    /// `progress` is called after each table with its data, β and wall time in seconds.
    public static func twoRoutes(progress: ((String, String, Double) -> Void)? = nil) throws -> [Fixture] {
        [try .frozenSquareAnyData(progress: progress)]
    }
}
