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
        subcommands: [OracleChiCommand.self, OracleExpectationsCommand.self, OracleMomentsCommand.self, OracleLandscapeCommand.self, OracleCriticalPointsCommand.self]
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

    @Option(help: "Significant digits printed, every one certified (\(Self.digitRange.text); at most \(OracleQuadratureLimits.maximumDigits) with quadrature).")
    var digits: Int = 20

    static let digitRange = 1...2000

    func validate() throws {
        try check("--digits", digits, in: Self.digitRange)
        try Self.checkDecimal("--beta", beta, positive: true)
    }

    /// A decimal option read exactly (`--beta`, `--r`, `--theta`): a finite decimal number, positive if asked.
    static func checkDecimal(_ option: String, _ text: String, positive: Bool = false) throws {
        let kind = positive ? "a positive decimal number (e.g. 50, 0.1, 1.5e3)" : "a finite decimal number (e.g. 0.5, -1, 1.5e3)"
        guard let value = try? BigFloat.withWorkingPrecision(64, { try BigInterval(decimal: text) }), value.isFinite else {
            throw ValidationError("\(option) must be \(kind), got \"\(text)\"")
        }
        if positive, !value.isPositive { throw ValidationError("\(option) must be \(kind), got \"\(text)\"") }
    }

    /// ``Certified/decimals(digits:maximumPrecision:progress:_:)`` for the values named `names`;
    /// a value that leaves MPFR's exponent range is reported as a usage error naming `--beta`.
    func certified(_ names: [String], digits: Int, _ values: () throws -> [BigInterval]) throws -> [String] {
        do { return try Certified.decimals(digits: digits, values) } catch let failure as Certified.Failure where failure.reason == .exponentRange {
            let name = failure.index.map { $0 < names.count ? names[$0] : "a value" } ?? "a value"
            throw ToolError.usage(
                "--beta \(beta): \(name) leaves MPFR's exponent range (magnitudes between 2^-1073741823 and 2^1073741823, "
                    + "about 10^±323228496), so it cannot be certified; choose a β nearer 1")
        }
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
            throw ValidationError("--digits must be at most \(maximumDigits) with quadrature (--method quadrature, --check), got \(digits)")
        }
    }

    /// Quadrature at this many digits or more reports its phases on stderr (each takes seconds:
    /// about 7 s of CPU for both rules at 30 digits, 35 s at 100, release build).
    static let progressDigits = 30

    /// `quadrature: computing <what>…` on stderr for long runs.
    static func note(_ what: String, digits: Int) {
        guard digits >= progressDigits else { return }
        FileHandle.standardError.write(Data("quadrature: computing \(what)…\n".utf8))
    }

    /// Quadrature values that are NaN or infinite (β outside what the rule resolves) are refused.
    static func checkFinite(_ values: [BigFloat], beta: String) throws {
        guard values.allSatisfy(\.isFinite) else {
            throw ToolError.usage("--beta \(beta): the quadrature route gives non-finite values at this β; use the closed form (--method closed-form)")
        }
    }

    /// A warning when the fine and coarse rules differ by more than the digits printed resolve.
    static func warnIfInaccurate(_ estimate: BigFloat, scale: BigFloat, digits: Int) {
        let agreeing = agreeingDigits(estimate, scale: scale)
        if agreeing < digits {
            warn("the quadrature error estimate \(estimate.decimal(significantDigits: 3)) leaves only \(agreeing) of the \(digits) digits printed supported")
        }
    }

    /// A `--check` agreeing to fewer digits than printed fails (exit 1) after the table is printed.
    static func requireAgreement(_ agreeing: Int, digits: Int) throws {
        guard agreeing >= digits else {
            throw ToolError.checkFailed(
                "--check: the closed form and quadrature agree to \(agreeing) significant digits, fewer than the \(digits) printed")
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

    /// The number of significant digits (≥ 0) to which `difference` is small relative to `scale`.
    static func agreeingDigits(_ difference: BigFloat, scale: BigFloat) -> Int {
        if difference.isZero { return Int.max }
        let ratio = difference / scale
        guard ratio.isFinite, ratio.signum > 0 else { return 0 }
        let digits = -(BigFloat.log(ratio) / BigFloat.log(BigFloat(10))).doubleValue
        return digits.isFinite ? Swift.max(0, Int(Swift.min(digits, 1e9).rounded(.down))) : 0
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
