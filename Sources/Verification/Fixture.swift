import HighPrecision

/// One language-neutral reference fixture: a JSON file in `Fixtures/` whose
/// values are decimal strings with every printed digit certified.
///
/// File layout (documented for users in `Fixtures/README.md`):
/// ```json
/// {
///   "schema_version": 1,
///   "name": "chi-one-hot",
///   "description": "…",
///   "generator": "TMSPatterning 0.1.0",
///   "digits": 50,
///   "precision_bits": 230,
///   "certification": "…",
///   "parameters": { … },
///   "values": { … }
/// }
/// ```
public struct Fixture: Sendable {
    /// The schema version written to and required from every fixture file.
    public static let schemaVersion = 1

    /// The file's stem: the fixture is `Fixtures/<name>.json`.
    public let name: String
    public let description: String
    /// Significant digits of every value (each one certified).
    public let digits: Int
    /// The parameters the values were computed for (conventions, grids).
    public let parameters: JSONValue
    /// The values.
    public let values: JSONValue

    public init(name: String, description: String, digits: Int, parameters: JSONValue, values: JSONValue) {
        self.name = name
        self.description = description
        self.digits = digits
        self.parameters = parameters
        self.values = values
    }

    public var fileName: String { "\(name).json" }

    /// How the digits are certified, as written to each file.
    public static let certification =
        "interval arithmetic over MPFR with outward rounding; a value is printed only when both ends of its "
        + "enclosure round to the same decimal string, so every printed digit is correct (Derivations/CertifiedDigits.md)"

    /// The whole file as a JSON document.
    public func document() -> JSONValue {
        .object([
            ("schema_version", .integer(Fixture.schemaVersion)),
            ("name", .string(name)),
            ("description", .string(description)),
            ("generator", .string("TMSPatterning \(PackageVersion.string)")),
            ("digits", .integer(digits)),
            ("precision_bits", .integer(Certified.initialPrecision(forDigits: digits))),
            ("certification", .string(Fixture.certification)),
            ("parameters", parameters),
            ("values", values),
        ])
    }
}


/// The package's version, written into generated files.
public enum PackageVersion {
    public static let string = "0.1.0"
}
