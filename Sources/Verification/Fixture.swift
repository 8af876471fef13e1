import HighPrecision

/// One language-neutral reference fixture: a JSON file in `Fixtures/` whose
/// values are decimal strings, every printed digit either certified (interval
/// enclosures) or verified by two independent quadrature routes (``Accuracy``).
///
/// File layout (documented for users in `Fixtures/README.md`):
/// ```json
/// {
///   "schema_version": 2,
///   "name": "chi-one-hot",
///   "description": "…",
///   "generator": "TMSPatterning 0.1.0",
///   "digits": 50,
///   "precision_bits": 230,
///   "certification": "…",
///   "accuracy": "certified",
///   "parameters": { … },
///   "values": { … }
/// }
/// ```
public struct Fixture: Sendable {
    /// The schema version written to and required from every fixture file.
    ///
    /// - 1: the first schema.
    /// - 2: every file states its `accuracy` (`certified` or `verified by two routes`), and
    ///   every χ case names its training `data` (`one-hot`, `bernoulli:0.95`, …).
    public static let schemaVersion = 2

    /// How the digits of a file are known.
    public enum Accuracy: String, Sendable {
        /// Interval enclosures prove every printed digit.
        case certified
        /// Two independent quadrature routes agree on every printed digit (no enclosure).
        case verifiedByTwoRoutes = "verified by two routes"
    }

    /// The file's stem: the fixture is `Fixtures/<name>.json`.
    public let name: String
    public let description: String
    /// Significant digits of every value (each one certified).
    public let digits: Int
    /// The parameters the values were computed for (conventions, grids).
    public let parameters: JSONValue
    /// The values.
    public let values: JSONValue
    public let accuracy: Accuracy
    /// What `certification` says (``certification`` for certified files).
    public let method: String
    /// The initial MPFR working precision written as `precision_bits`.
    public let precisionBits: Int

    public init(name: String, description: String, digits: Int, parameters: JSONValue, values: JSONValue) {
        self.init(name: name, description: description, digits: digits, parameters: parameters, values: values,
                  accuracy: .certified, method: Fixture.certification, precisionBits: Certified.initialPrecision(forDigits: digits))
    }

    public init(name: String, description: String, digits: Int, parameters: JSONValue, values: JSONValue,
                accuracy: Accuracy, method: String, precisionBits: Int) {
        self.name = name
        self.description = description
        self.digits = digits
        self.parameters = parameters
        self.values = values
        self.accuracy = accuracy
        self.method = method
        self.precisionBits = precisionBits
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
            ("precision_bits", .integer(precisionBits)),
            ("certification", .string(method)),
            ("accuracy", .string(accuracy.rawValue)),
            ("parameters", parameters),
            ("values", values),
        ])
    }
}


/// The package's version, written into generated files.
public enum PackageVersion {
    public static let string = "0.1.0"
}
