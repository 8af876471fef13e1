import AnalyticOracle
import Foundation
import HighPrecision

extension Fixture {
    /// The file stem of ``frozenSquareAnyData(dataSets:betas:progress:)``.
    public static let frozenSquareAnyDataName = "frozen-square-any-data"

    /// The data sets of `frozen-square-any-data.json` and the digits asked of each
    /// (the oracle's targets: ≥ 30 digits for one-hot data, ≥ 20 for Bernoulli data).
    public static let anyDataSets: [(data: String, digits: Int)] = [
        ("one-hot", 30), ("bernoulli:0.95", 20), ("bernoulli:0.9", 20),
    ]

    /// The β grid of `frozen-square-any-data.json`: the points of ``betaGrid`` inside
    /// `[1, 10⁴]`, where the two-route oracle meets its targets for Bernoulli data.
    public static let anyDataBetaGrid = ["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000", "10000"]

    /// `frozen-square-any-data.json`: the frozen square for all 31 inputs and for
    /// each data set of ``anyDataSets`` on ``anyDataBetaGrid``
    /// ([FrozenSquareAnyData.md](../../Derivations/FrozenSquareAnyData.md)): χ (17 × 31,
    /// both conventions), `ln Z`, `E[φ_k]`, `E[r^k]`, `E[ℓ_x]` and `E[E]`, each value
    /// with the digits two MPFR quadrature routes agree on (not certified).
    ///
    /// - Parameters:
    ///   - dataSets: the data specifications and the digits asked for each.
    ///   - betas: the β grid, as decimal strings.
    ///   - progress: called after each table with its data, β and wall time.
    public static func frozenSquareAnyData(
        dataSets: [(data: String, digits: Int)] = anyDataSets, betas: [String] = anyDataBetaGrid,
        progress: ((String, String, Double) -> Void)? = nil
    ) throws -> Fixture {
        var cases: [JSONValue] = []
        for (name, digits) in dataSets {
            let oracle = try FrozenSquareOracle(data: try DataSpecification(parsing: name))
            for beta in betas {
                let table = try oracle.table(beta: beta, digits: digits)
                cases.append(anyDataCase(table, data: name))
                progress?(name, beta, table.seconds)
            }
        }
        return Fixture(
            name: frozenSquareAnyDataName,
            description: "The frozen square for every input and any data: W_0..W_3 the unit square, frozen; W_4 sampled from "
                + "p(W_4) ∝ exp(-beta E(W_4; h)), E = sum_x h_x l_x. Per case (one data set, one beta): chi[k][x] = dE[phi_k]/dh_x = "
                + "-beta Cov(phi_k, l_x) for the 17 oracle observables and the 31 inputs 10000..11111 (by type index), "
                + "chi_mean_preserving[k][x] = chi[k][x] - sum_y (h_y / sum h) chi[k][y] (relative to the case's data), "
                + "log_normalizer = ln ∫ exp(-beta E) dW_4, observable_means E[phi_k], radial_moments E[r^k] (r = |W_4|), "
                + "loss_means E[l_x] for the inputs, expected_total_loss E[E]. No closed form exists for most entries: "
                + "Derivations/FrozenSquareAnyData.md.",
            digits: dataSets.map(\.digits).max() ?? 0,
            parameters: .object([
                ("model", .string("xhat = ReLU(W^T W x), no bias, W 2x5 (Derivations/Conventions.md)")),
                ("configuration", .string("W_0..W_3 = (1,0), (0,1), (-1,0), (0,-1) frozen; W_4 = r (cos theta, sin theta) sampled")),
                ("density", .string("p(W_4) ∝ exp(-beta sum_x h_x l_x(W)), h from each case's data, importances 1, no localization")),
                ("data", .string("one-hot: h_x = 1 on the five one-hot inputs; bernoulli:S: h_x = 32 p^|x| S^(5-|x|), p = 1 - S "
                    + "(DataSpecification, Sources/AnalyticOracle/TrainingData.swift)")),
                ("beta", .string("the essay's beta; devinterp nbeta = 32 beta on the 32-type data set (Derivations/Conventions.md §4)")),
                ("digits", .string("each case's digits field is the digits asked; a value may print fewer where it is much smaller "
                    + "than its natural scale (beta sd(phi) sd(l) for chi); '0' means both routes are within 10^-digits of that scale")),
            ]),
            values: .object([("cases", .array(cases))]),
            accuracy: .verifiedByTwoRoutes,
            method: "MPFR quadrature of the model split exactly at every kink curve, by two independent routes (theta outer / r inner "
                + "and r outer / theta inner, Gauss-Legendre); a value is printed only to the digits both routes agree on. "
                + "Not an interval enclosure: verified, not certified (Derivations/FrozenSquareAnyData.md)",
            precisionBits: Certified.initialPrecision(forDigits: dataSets.map(\.digits).max() ?? 0))
    }

    /// One case of `frozen-square-any-data.json`.
    static func anyDataCase(_ table: FrozenSquareTable, data: String) -> JSONValue {
        func strings(_ values: [VerifiedDecimal]) -> JSONValue { .strings(values.map(\.text)) }
        return .object([
            ("data", .string(data)),
            ("beta", .string(table.beta)),
            ("digits", .integer(table.digits)),
            ("minimum_digits", .integer(table.minimumDigits)),
            ("observables", .strings(table.rows.map(\.name))),
            ("inputs", .strings(table.inputs.map(\.name))),
            ("chi", .array(table.chi.map(strings))),
            ("chi_mean_preserving", .array(table.chiMeanPreserving.map(strings))),
        ] + anyDataExpectations(table) + [("routes", anyDataRoutes(table, withTimes: false))])
    }

    /// The expectations of a two-route table, as in `frozen-square-any-data.json` and
    /// `tms oracle expectations --format json`: `log_normalizer`, `observable_means`,
    /// `radial_moments` (`E[r^k]`), `loss_means` (for `table.inputs`), `expected_total_loss`.
    public static func anyDataExpectations(_ table: FrozenSquareTable) -> [(String, JSONValue)] {
        [
            ("log_normalizer", .string(table.logNormalizer.text)),
            ("observable_means", .strings(table.observableMeans.map(\.text))),
            ("radial_moments", .object(table.radialMoments.enumerated().map { ("E[r^\($0.offset + 1)]", .string($0.element.text)) })),
            ("loss_means", .strings(table.inputs.map { table.lossMeans[$0.index].text })),
            ("expected_total_loss", .string(table.expectedTotalLoss.text)),
        ]
    }

    /// How the two routes ran: name, level, nodes, precision and (if `withTimes`) wall seconds.
    public static func anyDataRoutes(_ table: FrozenSquareTable, withTimes: Bool) -> JSONValue {
        .array(table.routes.map { route in
            .object([
                ("name", .string(route.name)), ("level", .integer(route.level)), ("nodes", .integer(route.nodes)),
                ("precision_bits", .integer(route.precision)),
            ] + (withTimes ? [("seconds", .string(String(format: "%.2f", route.seconds)))] : []))
        })
    }
}
