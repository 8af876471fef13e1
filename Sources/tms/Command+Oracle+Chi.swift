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
            inputs without feature 4 (00000 … 11110); all-oracle: both (17). Conventions.md §6 gives \
            the sign, the normalisation and the conversion to devinterp. Values are decimal strings \
            with --digits significant digits, each certified: the closed form is evaluated as an \
            interval enclosure at increasing precision until both endpoints round to the same \
            string; exact zeros print as "0". Derivation: Derivations/BifurcationSusceptibilities.md.
            """
    )

    enum InputSet: String, ExpressibleByArgument, CaseIterable {
        case oneHot = "one-hot", noF4 = "no-f4", allOracle = "all-oracle"
        var inputs: [InputType] {
            switch self {
            case .oneHot: return InputType.oneHot
            case .noF4: return InputType.withoutFeature4
            case .allOracle: return InputType.oracleInputs
            }
        }
    }

    enum Convention: String, ExpressibleByArgument, CaseIterable {
        case jacobian, meanPreserving = "mean-preserving"
    }

    @OptionGroup var precision: OraclePrecisionOptions

    @Option(help: "Input columns: \(InputSet.allCases.map(\.rawValue).joined(separator: ", ")).")
    var inputs: InputSet = .oneHot

    @Option(help: "jacobian: ∂E[φ]/∂h_x; mean-preserving: relative to the one-hot training weights (Conventions.md §6).")
    var convention: Convention = .jacobian

    @Option(help: "closed-form (certified) or quadrature (independent route, not certified).")
    var method: OracleMethod = .closedForm

    @Option(help: "Output format: json, csv or table.")
    var format: OracleFormat = .json

    @Flag(help: "Also compute χ by quadrature and report the agreement.")
    var check = false

    func validate() throws {
        if method == .quadrature || check { try OracleQuadratureLimits.check(precision.digits) }
    }

    func run() throws {
        let rows = Observable.oracleRows, columns = inputs.inputs
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
        print(render(alpha: alpha, rows: rows.map(\.name), columns: columns.map(\.name), table: table, extra: extra))
        if let agreement { try OracleQuadratureLimits.requireAgreement(agreement, digits: digits) }
    }

    private func quadratureTable(beta: BigFloat, digits: Int, rows: [Observable], columns: [InputType]) throws -> [BigFloat] {
        let expectations = PosteriorQuadrature(beta: beta, digits: digits).expectations(rows: rows)
        return Array(try expectations.matrix(rows: rows, inputs: columns, meanPreserving: convention == .meanPreserving).joined())
    }

    private func render(alpha: String, rows: [String], columns: [String], table: [[String]], extra: [(String, JSONValue)]) -> String {
        switch format {
        case .json:
            return JSONValue.object([
                ("beta", .string(precision.beta)),
                ("digits", .integer(precision.digits)),
                ("alpha", .string(alpha)),
                ("observables", .strings(rows)),
                ("inputs", .strings(columns)),
                ("chi", .array(table.map { .strings($0) })),
                ("convention", .string(convention.rawValue)),
                ("method", .string(method.rawValue)),
            ] + extra).serialized().trimmingCharacters(in: .newlines)
        case .csv:
            return (["observable," + columns.joined(separator: ",")] + zip(rows, table).map { ([$0] + $1).joined(separator: ",") })
                .joined(separator: "\n")
        case .table:
            let header = ["observable"] + columns
            let body = zip(rows, table).map { [$0] + $1 }
            let widths = header.indices.map { c in ([header] + body).map { $0[c].count }.max()! }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
            }
            let notes = ["β = \(precision.beta), α = \(alpha), convention \(convention.rawValue), method \(method.rawValue)"]
                + extra.map { "\($0.0): \($0.1.inlineText)" }
            return (notes + [line(header)] + body.map(line)).joined(separator: "\n")
        }
    }
}
