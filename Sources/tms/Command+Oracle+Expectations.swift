import AnalyticOracle
import ArgumentParser
import Foundation
import Verification

// MARK: - tms oracle expectations

/// `tms oracle expectations`: the frozen-square posterior's normaliser and
/// expectations for any data, verified by two routes.
struct OracleExpectationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expectations",
        abstract: "Posterior expectations at the frozen square for any data: ln Z, E[φ_k], E[r^k], E[ℓ_x], E[E].",
        discussion: """
            W_0 … W_3 the unit square, frozen; W_4 sampled from p(W_4) ∝ exp(−β E(W_4; h)), E = Σ_x h_x ℓ_x \
            (Conventions.md §3). Printed: log_normalizer = ln ∫ exp(−β E) dW_4; E[φ_k] for the 17 oracle \
            rows (Conventions.md §5); E[r^k], k = 1…8, r = |W_4|; E[ℓ_x] for the --inputs columns; and \
            expected_total_loss = E[E]. Values are MPFR quadrature of the model, split at every kink, by \
            two independent routes; only the digits both agree on are printed, labelled "verified by two \
            routes" (never certified; exact structural values, such as rows that do not read W_4, print \
            in full, and values that both routes put below 10^−D of their scale print as "0"). \
            Derivation: Derivations/FrozenSquareAnyData.md. For one-hot data the certified closed forms \
            of the quartic posterior are `tms oracle moments`. Exit status: 0 success, 1 the two routes \
            disagree, 64 a bad option, 65 a malformed weights file.
            """
    )

    @OptionGroup var precision: OraclePrecisionOptions
    @OptionGroup var twoRoutes: TwoRouteOptions

    @Option(help: "Output format: json, csv or table.")
    var format: OracleFormat = .json

    func run() throws {
        let why = "tms oracle expectations"
        try TwoRouteOptions.check(digits: precision.digits, beta: precision.beta, why: why)
        let table = try twoRoutes.table(beta: precision.beta, digits: precision.digits)
        let entries = Self.entries(table)
        switch format {
        case .json:
            print(JSONValue.object([
                ("beta", .string(precision.beta)),
                ("digits", .integer(precision.digits)),
                ("data", .string(table.data.label)),
                ("observables", .strings(table.rows.map(\.name))),
                ("inputs", .strings(table.inputs.map(\.name))),
            ] + Fixture.anyDataExpectations(table) + table.accuracyJSON).serialized().trimmingCharacters(in: .newlines))
        case .csv:
            print((["quantity,value"] + entries.map { "\($0.0),\($0.1)" }).joined(separator: "\n"))
        case .table:
            let notes = ["β = \(precision.beta), data \(table.data.label), method two-routes", table.routesNote]
            print((notes + OracleTable.aligned([["quantity", "value"]] + entries.map { [$0.0, $0.1] })).joined(separator: "\n"))
        }
    }

    /// `(name, value)` in print order: `ln Z`, `E[φ_k]`, `E[r^k]`, `E[ℓ_x]`, `E[E]`.
    static func entries(_ table: FrozenSquareTable) -> [(String, String)] {
        [("ln Z", table.logNormalizer.text)]
            + zip(table.rows, table.observableMeans).map { ("E[\($0.name)]", $1.text) }
            + table.radialMoments.enumerated().map { ("E[r^\($0.offset + 1)]", $0.element.text) }
            + table.inputs.map { ("E[l_\($0.name)]", table.lossMeans[$0.index].text) }
            + [("E[E]", table.expectedTotalLoss.text)]
    }
}
