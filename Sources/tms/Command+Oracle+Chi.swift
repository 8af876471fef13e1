import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Verification

// MARK: - tms oracle chi

struct OracleChiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chi",
        abstract: "Susceptibilities χ_{k,x} = −β Cov(φ_k, ℓ_x) at the bifurcation (17 rows × the chosen inputs).",
        discussion: """
            Rows: dot(0,1) … dot(3,4), norm(0) … norm(4), pos(4,x), pos(4,y) (Conventions.md §5). \
            Columns are input types named by their bit string in feature order 0…4 ("10000" is the \
            one-hot input of feature 0). --inputs one-hot: the five one-hot inputs; no-f4: the 16 \
            inputs without feature 4 (00000 … 11110); all-oracle: both (17); all: the 31 inputs \
            10000 … 11111; or a list such as 10001,11000. Conventions.md §6 gives the sign, the \
            normalisation and the conversion to devinterp. For one-hot data and the inputs of \
            all-oracle, values are decimal strings with --digits significant digits, each certified: \
            the closed form is evaluated as an interval enclosure at increasing precision until both \
            endpoints round to the same string; exact zeros print as "0" \
            (Derivations/BifurcationSusceptibilities.md). Any other input or --data (bernoulli:S, \
            bernoulli:S:I0,…,I4, weights:FILE) has no closed form: the table is then MPFR quadrature \
            of the model split at every kink, by two independent routes, and prints only the digits \
            both agree on, labelled "verified by two routes" (method two-routes, --digits at most 50, \
            Derivations/FrozenSquareAnyData.md); the mean-preserving convention is relative to the \
            --data weights. Exit status: 0 success, 1 the two routes disagree, 64 a bad option, 65 a \
            malformed weights file.
            """
    )

    enum Convention: String, ExpressibleByArgument, CaseIterable {
        case jacobian, meanPreserving = "mean-preserving"
    }

    @OptionGroup var precision: OraclePrecisionOptions

    @OptionGroup var twoRoutes: TwoRouteOptions

    @Option(help: "jacobian: ∂E[φ]/∂h_x; mean-preserving: relative to the training weights of --data (Conventions.md §6).")
    var convention: Convention = .jacobian

    @Option(help: "closed-form (certified) or quadrature (independent route, not certified); default: closed-form where it covers --inputs and --data, else the two-route oracle.")
    var method: OracleMethod?

    @Option(help: "Output format: json, csv or table.")
    var format: OracleFormat = .json

    @Flag(help: "Also compute χ by quadrature and report the agreement.")
    var check = false

    func validate() throws {
        if method == .quadrature || check { try OracleQuadratureLimits.check(precision.digits) }
    }

    /// Whether the closed form covers the table: one-hot data and inputs among `all-oracle`.
    func closedFormCovers() throws -> Bool {
        try twoRoutes.specification().isOneHot && twoRoutes.inputTypes().allSatisfy(InputType.oracleInputs.contains)
    }

    func run() throws {
        guard try closedFormCovers() else { return try runTwoRoutes() }
        let method = method ?? .closedForm
        let rows = Observable.oracleRows, columns = try twoRoutes.inputTypes()
        let meanPreserving = convention == .meanPreserving
        let digits = precision.digits
        var extra: [(String, JSONValue)] = []
        let values: [String]
        switch method {
        case .closedForm:
            let names = ["alpha"] + rows.flatMap { r in columns.map { "chi[\(r.name),\($0.name)]" } }
            values = try precision.certified(names, digits: digits) {
                let chi = BifurcationSusceptibilities(beta: try precision.betaInterval())
                return try [chi.alpha] + chi.matrix(rows: rows, inputs: columns, meanPreserving: meanPreserving).joined()
            }
        case .quadrature:
            let (table, estimate, scale) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                OracleQuadratureLimits.note("the fine rule (\(digits + 5) digits)", digits: digits)
                let fine = try quadratureTable(beta: beta, digits: digits + 5, rows: rows, columns: columns)
                OracleQuadratureLimits.note("the coarse rule (\(digits) digits)", digits: digits)
                let coarse = try quadratureTable(beta: beta, digits: digits, rows: rows, columns: columns)
                let (d, s) = OracleQuadratureLimits.difference(fine, coarse)
                return ([BifurcationSusceptibilities(beta: beta).alpha] + fine, d, s)
            }
            try OracleQuadratureLimits.checkFinite(table, beta: precision.beta)
            OracleQuadratureLimits.warnIfInaccurate(estimate, scale: scale, digits: digits)
            values = table.map { $0.isZero ? "0" : $0.decimal(significantDigits: digits) }
            extra.append(("quadrature_error_estimate", .string(estimate.decimal(significantDigits: 3))))
        }
        var agreement: Int? = nil
        if check {
            let (difference, agreeing) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let closed = Array(try BifurcationSusceptibilities(beta: beta).matrix(rows: rows, inputs: columns, meanPreserving: meanPreserving).joined())
                OracleQuadratureLimits.note("the check (\(digits + 5) digits)", digits: digits)
                let numeric = try quadratureTable(beta: beta, digits: digits + 5, rows: rows, columns: columns)
                let (d, s) = OracleQuadratureLimits.difference(closed, numeric)
                return (d, OracleQuadratureLimits.agreeingDigits(d, scale: s))
            }
            agreement = agreeing
            extra.append(("check", .object([
                ("method", .string("quadrature")),
                ("max_abs_difference", .string(difference.decimal(significantDigits: 3))),
                ("agreeing_digits", agreeing == Int.max ? .string("all") : .integer(agreeing)),
            ])))
        }
        let alpha = values[0]
        let table = stride(from: 1, to: values.count, by: columns.count).map { Array(values[$0..<$0 + columns.count]) }
        let header: [(String, JSONValue)] = [("beta", .string(precision.beta)), ("digits", .integer(precision.digits)), ("alpha", .string(alpha))]
        let trailer: [(String, JSONValue)] = [("convention", .string(convention.rawValue)), ("method", .string(method.rawValue))] + extra
        let notes = ["β = \(precision.beta), α = \(alpha), convention \(convention.rawValue), method \(method.rawValue)"]
            + extra.map { "\($0.0): \($0.1.inlineText)" }
        print(OracleTable(rows: rows.map(\.name), columns: columns.map(\.name), cells: table)
            .render(format, header: header, trailer: trailer, notes: notes))
        if let agreement { try OracleQuadratureLimits.requireAgreement(agreement, digits: digits) }
    }

    private func quadratureTable(beta: BigFloat, digits: Int, rows: [Observable], columns: [InputType]) throws -> [BigFloat] {
        let expectations = PosteriorQuadrature(beta: beta, digits: digits).expectations(rows: rows)
        return Array(try expectations.matrix(rows: rows, inputs: columns, meanPreserving: convention == .meanPreserving).joined())
    }

    /// The table by the two-route oracle (inputs or data the closed form does not cover).
    private func runTwoRoutes() throws {
        let why = "--inputs \(twoRoutes.inputs) --data \(twoRoutes.data) (no closed form: the two-route oracle)"
        if let method { throw ToolError.usage("--method \(method.rawValue) covers one-hot data and the inputs of all-oracle only; omit it with \(why)") }
        if check { throw ToolError.usage("--check covers one-hot data and the inputs of all-oracle only; with \(why) every printed digit is already checked by two routes") }
        try TwoRouteOptions.check(digits: precision.digits, beta: precision.beta, why: why)
        let table = try twoRoutes.table(beta: precision.beta, digits: precision.digits)
        let cells = (convention == .meanPreserving ? table.chiMeanPreserving : table.chi).map { $0.map(\.text) }
        let header: [(String, JSONValue)] = [
            ("beta", .string(precision.beta)), ("digits", .integer(precision.digits)), ("data", .string(table.data.label)),
        ]
        let trailer = [("convention", JSONValue.string(convention.rawValue))] + table.accuracyJSON
        let notes = ["β = \(precision.beta), data \(table.data.label), convention \(convention.rawValue), method two-routes", table.routesNote]
        print(OracleTable(rows: table.rows.map(\.name), columns: table.inputs.map(\.name), cells: cells)
            .render(format, header: header, trailer: trailer, notes: notes))
    }
}
