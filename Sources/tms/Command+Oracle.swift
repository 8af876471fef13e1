import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Verification

/// `tms oracle`: the closed forms at the 4→5 bifurcation (Derivations/QuarticCancellation.md,
/// QuarticPosterior.md, BifurcationSusceptibilities.md), certified to any number of digits,
/// and the independent quadrature route that checks them.
struct OracleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Closed-form susceptibilities, posterior moments and landscapes at the 4→5 bifurcation.",
        discussion: """
            Every closed form is evaluated in interval arithmetic (MPFR, outward rounding) and \
            re-evaluated at doubled precision until each printed digit is proven (Ziv's strategy): \
            the D significant digits printed are the correctly rounded value of the exact real \
            number. β is read as an exact decimal (0.1 is the real 1/10). With --method quadrature \
            or --check, the same numbers are computed independently by two-dimensional \
            Gauss–Legendre quadrature over the posterior, evaluating the model itself at every node.
            """,
        subcommands: [OracleChiCommand.self, OracleMomentsCommand.self, OracleLandscapeCommand.self, OracleCriticalPointsCommand.self]
    )
}

// MARK: - Shared options

/// How a result is computed.
enum OracleMethod: String, ExpressibleByArgument, CaseIterable {
    /// Certified closed forms (interval arithmetic).
    case closedForm = "closed-form"
    /// Two-dimensional quadrature of the model's losses (not certified; with an error estimate).
    case quadrature
}

enum OracleFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, table
}

/// `--beta` and `--digits`, validated.
struct OraclePrecisionOptions: ParsableArguments {
    @Option(help: "Inverse temperature β > 0 as a decimal string, read exactly (0.1 is 1/10). Conventions.md §3.")
    var beta: String = "50"

    @Option(help: "Significant digits printed, every one certified (1…2000; at most \(OracleQuadratureLimits.maximumDigits) with quadrature).")
    var digits: Int = 20

    func validate() throws {
        guard (1...2000).contains(digits) else {
            throw ValidationError("--digits must be between 1 and 2000, got \(digits)")
        }
        let value: BigInterval
        do {
            value = try BigFloat.withWorkingPrecision(64) { try BigInterval(decimal: beta) }
        } catch {
            throw ValidationError("--beta must be a positive decimal number (e.g. 50, 0.1, 1.5e3), got \"\(beta)\"")
        }
        guard value.isPositive else { throw ValidationError("--beta must be positive, got \"\(beta)\"") }
    }

    /// β as an enclosure at the working precision (exact decimal, outward rounded).
    func betaInterval() throws -> BigInterval { try BigInterval(decimal: beta) }

    /// β correctly rounded at the working precision.
    func betaFloat() throws -> BigFloat { try BigFloat(decimal: beta) }
}

enum OracleQuadratureLimits {
    /// The largest digit count offered for quadrature (its cost grows like D³).
    static let maximumDigits = 100

    static func check(_ digits: Int) throws {
        guard digits <= maximumDigits else {
            throw ValidationError("quadrature (--method quadrature, --check) supports --digits up to \(maximumDigits), got \(digits)")
        }
    }

    /// Runs `body` at a working precision with 10 guard digits beyond `digits`.
    static func atPrecision<R>(for digits: Int, _ body: () throws -> R) rethrows -> R {
        try BigFloat.withWorkingPrecision(Certified.initialPrecision(forDigits: digits + 10), body)
    }

    /// `(max |a − b|, largest |a|)` over two tables.
    static func difference(_ a: [BigFloat], _ b: [BigFloat]) -> (difference: BigFloat, scale: BigFloat) {
        let d = zip(a, b).map { ($0 - $1).magnitude }.reduce(BigFloat(0), BigFloat.max)
        let s = a.map(\.magnitude).reduce(BigFloat(0), BigFloat.max)
        return (d, s)
    }

    /// The number of significant digits to which `difference` is small relative to `scale`.
    static func agreeingDigits(_ difference: BigFloat, scale: BigFloat) -> Int {
        if difference.isZero { return Int.max }
        let ratio = (difference / scale).doubleValue
        return ratio > 0 ? Int((-Double.log10(ratio)).rounded(.down)) : 0
    }
}

extension JSONValue {
    /// The value on one line (for the table format's notes).
    var inlineText: String {
        switch self {
        case let .string(text): return text
        case let .object(pairs): return pairs.map { "\($0.0) = \($0.1.inlineText)" }.joined(separator: ", ")
        default: return serialized().trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

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
            values = try Certified.decimals(digits: digits) {
                let chi = BifurcationSusceptibilities(beta: try precision.betaInterval())
                return try [chi.alpha] + chi.matrix(rows: rows, inputs: columns, meanPreserving: meanPreserving).joined()
            }
        case .quadrature:
            let (table, estimate) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let fine = try quadratureTable(beta: beta, digits: digits + 5, rows: rows, columns: columns)
                let coarse = try quadratureTable(beta: beta, digits: digits, rows: rows, columns: columns)
                return ([BifurcationSusceptibilities(beta: beta).alpha] + fine, OracleQuadratureLimits.difference(fine, coarse).difference)
            }
            values = table.map { $0.isZero ? "0" : $0.decimal(significantDigits: digits) }
            extra.append(("quadrature_error_estimate", .string(estimate.decimal(significantDigits: 3))))
        }
        if check {
            let (difference, agreeing) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let closed = Array(try BifurcationSusceptibilities(beta: beta).matrix(rows: rows, inputs: columns, meanPreserving: meanPreserving).joined())
                let numeric = try quadratureTable(beta: beta, digits: digits + 5, rows: rows, columns: columns)
                let (d, s) = OracleQuadratureLimits.difference(closed, numeric)
                return (d, OracleQuadratureLimits.agreeingDigits(d, scale: s))
            }
            extra.append(("check", .object([
                ("method", .string("quadrature")),
                ("max_abs_difference", .string(difference.decimal(significantDigits: 3))),
                ("agreeing_digits", agreeing == Int.max ? .string("all") : .integer(agreeing)),
            ])))
        }
        let alpha = values[0]
        let table = stride(from: 1, to: values.count, by: columns.count).map { Array(values[$0..<$0 + columns.count]) }
        print(render(alpha: alpha, rows: rows.map(\.name), columns: columns.map(\.name), table: table, extra: extra))
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

// MARK: - tms oracle moments

struct OracleMomentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moments",
        abstract: "Moments of the quartic posterior p(r, θ) ∝ r e^{−β r⁴}: normalizer, E[r^k], E[H], LLC.",
        discussion: """
            normalizer = ∫ e^{−β|w|⁴} dw = π^{3/2}/(2β^{1/2}); partition_function = e^{−β} · normalizer; \
            E[r^k] = Γ((k+2)/4)/Γ(1/2) · β^{−k/4}; E[H] = 1 + 1/(2β); LLC = β(E[H] − H(0)) = 1/2 \
            (Derivations/QuarticPosterior.md).
            """
    )

    @OptionGroup var precision: OraclePrecisionOptions

    @Option(help: "Comma-separated powers k (each −1…1000) for E[r^k].")
    var k: String = "1,2,3,4,5,6,7,8"

    @Option(help: "closed-form (certified) or quadrature (independent route, not certified).")
    var method: OracleMethod = .closedForm

    @Option(help: "Output format: json or table.")
    var format: OracleFormat = .json

    @Flag(help: "Also compute the moments by quadrature and report the agreement.")
    var check = false

    func powers() throws -> [Int] {
        let parts = k.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { part in
            guard let value = Int(part.trimmingCharacters()), (-1...1000).contains(value) else {
                throw ValidationError("--k must be a comma-separated list of integers in −1…1000, got \"\(k)\"")
            }
            return value
        }
    }

    func validate() throws {
        _ = try powers()
        if method == .quadrature || check { try OracleQuadratureLimits.check(precision.digits) }
        if format == .csv { throw ValidationError("--format csv is not offered for moments (use json or table)") }
    }

    /// normalizer, partition function, E[r^k]…, E[H], LLC.
    static func closedForms<T: RealNumber>(_ posterior: QuarticPosterior<T>, powers: [Int]) -> [T] {
        [posterior.planeNormalizer, posterior.partitionFunction] + powers.map { posterior.radialMoment($0) }
            + [posterior.expectedTotalLoss, posterior.llc]
    }

    /// The same list by quadrature (normalizer from the radial rule alone).
    static func quadrature(beta: BigFloat, digits: Int, powers: [Int]) -> [BigFloat] {
        let rule = PosteriorQuadrature(beta: beta, digits: digits)
        let expectations = rule.expectations(rows: [])
        let cutoff = BigFloat.sqrt(BigFloat.sqrt(BigFloat(digits) * BigFloat.log(10) + 30)) * BigFloat.pow(beta, BigFloat.ratio(-1, 4))
        let radial = GaussLegendre<BigFloat>(count: 2 * digits + 20, newtonSteps: GaussLegendre<BigFloat>.newtonSteps(forDigits: digits))
        let normalizer = 2 * BigFloat.pi * radial.integrate(0, cutoff) { r in r * BigFloat.exp(-beta * r * r * r * r) }
        return [normalizer, BigFloat.exp(-beta) * normalizer] + powers.map(rule.radialMoment)
            + [expectations.expectedTotalLoss, expectations.llc]
    }

    func run() throws {
        let ks = try powers(), digits = precision.digits
        var extra: [(String, JSONValue)] = []
        let values: [String]
        switch method {
        case .closedForm:
            values = try Certified.decimals(digits: digits) {
                Self.closedForms(QuarticPosterior(beta: try precision.betaInterval()), powers: ks)
            }
        case .quadrature:
            let (fine, estimate) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let fine = Self.quadrature(beta: beta, digits: digits + 5, powers: ks)
                let coarse = Self.quadrature(beta: beta, digits: digits, powers: ks)
                return (fine, zip(fine, coarse).map { (($0 - $1) / $0).magnitude }.reduce(BigFloat(0), BigFloat.max))
            }
            values = fine.map { $0.decimal(significantDigits: digits) }
            extra.append(("quadrature_relative_error_estimate", .string(estimate.decimal(significantDigits: 3))))
        }
        if check {
            let (difference, agreeing) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let closed = Self.closedForms(QuarticPosterior(beta: beta), powers: ks)
                let numeric = Self.quadrature(beta: beta, digits: digits + 5, powers: ks)
                let relative = zip(closed, numeric).map { (($0 - $1) / $0).magnitude }.reduce(BigFloat(0), BigFloat.max)
                return (relative, OracleQuadratureLimits.agreeingDigits(relative, scale: 1))
            }
            extra.append(("check", .object([
                ("method", .string("quadrature")),
                ("max_relative_difference", .string(difference.decimal(significantDigits: 3))),
                ("agreeing_digits", agreeing == Int.max ? .string("all") : .integer(agreeing)),
            ])))
        }
        let moments = Array(values[2..<2 + ks.count])
        let tail = Array(values[(2 + ks.count)...])
        switch format {
        case .json, .csv:
            print(JSONValue.object([
                ("beta", .string(precision.beta)),
                ("digits", .integer(digits)),
                ("normalizer", .string(values[0])),
                ("partition_function", .string(values[1])),
                ("k", .array(ks.map { .integer($0) })),
                ("moments", .strings(moments)),
                ("expected_total_loss", .string(tail[0])),
                ("llc", .string(tail[1])),
                ("method", .string(method.rawValue)),
            ] + extra).serialized(), terminator: "")
        case .table:
            var lines = ["β = \(precision.beta), method \(method.rawValue)",
                         "normalizer          \(values[0])", "partition function  \(values[1])"]
            lines += zip(ks, moments).map { "E[r^\($0)]".padding(20) + $1 }
            lines += ["E[H]                \(tail[0])", "LLC                 \(tail[1])"] + extra.map { "\($0.0): \($0.1.inlineText)" }
            print(lines.joined(separator: "\n"))
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(1, width - count)) }
}

// MARK: - tms oracle landscape

struct OracleLandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "The dead-feature landscape next to a regular k-gon: H_k(r, θ) by formula and by the model.",
        discussion: """
            H_k(r, θ) = (5 − k) + r⁴ − 2r²(1 − g_k(θ)), g_k(θ) = Σ_i cos₊²(θ − θ_i), for k = 2, 3, 4 \
            (Derivations/QuarticCancellation.md); "model" is Σ_x ℓ_x over the one-hot inputs of the \
            model x̂ = ReLU(WᵀWx) itself. Both certified (interval arithmetic).
            """
    )

    @Option(help: "Polygon size k (2, 3 or 4).")
    var k: Int = 4

    @Option(help: "Radius r of W_4, a decimal string.")
    var r: String = "0.5"

    @Option(help: "Angle θ of W_4 in radians, a decimal string.")
    var theta: String = "0"

    @Option(help: "Significant digits, every one certified (1…2000).")
    var digits: Int = 20

    func validate() throws {
        guard DeadFeatureLandscape.polygonSizes.contains(k) else { throw ValidationError("--k must be 2, 3 or 4, got \(k)") }
        guard (1...2000).contains(digits) else { throw ValidationError("--digits must be between 1 and 2000, got \(digits)") }
        for (name, text) in [("--r", r), ("--theta", theta)] {
            guard (try? BigFloat(decimal: text, precision: 64)) != nil else {
                throw ValidationError("\(name) must be a decimal number, got \"\(text)\"")
            }
        }
    }

    func run() throws {
        let values = try Certified.decimals(digits: digits) {
            let (r, theta) = (try BigInterval(decimal: r), try BigInterval(decimal: theta))
            let model = try DeadFeatureLandscape.model(k: k, r: r, theta: theta)
            return [
                try DeadFeatureLandscape.totalLoss(k: k, r: r, theta: theta),
                model.losses(InputType.oneHot).reduce(BigInterval(0), +),
                try DeadFeatureLandscape.frameSum(k: k, theta: theta),
                try DeadFeatureLandscape.quadraticCoefficient(k: k, theta: theta),
            ]
        }
        print(JSONValue.object([
            ("k", .integer(k)), ("r", .string(r)), ("theta", .string(theta)), ("digits", .integer(digits)),
            ("total_loss_formula", .string(values[0])),
            ("total_loss_model", .string(values[1])),
            ("frame_sum", .string(values[2])),
            ("quadratic_coefficient", .string(values[3])),
        ]).serialized(), terminator: "")
    }
}
