import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Verification

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

    /// Above this β the partition function `e^{−β}·π^{3/2}/(2β^{1/2})` is below MPFR's smallest number
    /// (`2^−1073741824`, so `β ≲ 2^30 ln 2 ≈ 7.4426e8`).
    static let largestBeta = "7.44e8"

    func validate() throws {
        _ = try powers()
        if let beta = try? BigFloat(decimal: precision.beta, precision: 64), beta >= (try BigFloat(decimal: Self.largestBeta, precision: 64)) {
            throw ValidationError(
                "--beta must be below \(Self.largestBeta) for moments (the partition function e^{−β}·π^{3/2}/(2β^{1/2}) "
                    + "underflows MPFR's exponent range above it), got \(precision.beta)")
        }
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
            let names = ["normalizer", "partition_function"] + ks.map { "E[r^\($0)]" } + ["expected_total_loss", "llc"]
            values = try precision.certified(names, digits: digits) {
                Self.closedForms(QuarticPosterior(beta: try precision.betaInterval()), powers: ks)
            }
        case .quadrature:
            let (fine, estimate) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                OracleQuadratureLimits.note("the fine rule (\(digits + 5) digits)", digits: digits)
                let fine = Self.quadrature(beta: beta, digits: digits + 5, powers: ks)
                OracleQuadratureLimits.note("the coarse rule (\(digits) digits)", digits: digits)
                let coarse = Self.quadrature(beta: beta, digits: digits, powers: ks)
                return (fine, zip(fine, coarse).map { (($0 - $1) / $0).magnitude }.reduce(BigFloat(0), BigFloat.max))
            }
            try OracleQuadratureLimits.checkFinite(fine + [estimate], beta: precision.beta)
            OracleQuadratureLimits.warnIfInaccurate(estimate, scale: BigFloat(1), digits: digits)
            values = fine.map { $0.decimal(significantDigits: digits) }
            extra.append(("quadrature_relative_error_estimate", .string(estimate.decimal(significantDigits: 3))))
        }
        var agreement: Int? = nil
        if check {
            let (difference, agreeing) = try OracleQuadratureLimits.atPrecision(for: digits) {
                let beta = try precision.betaFloat()
                let closed = Self.closedForms(QuarticPosterior(beta: beta), powers: ks)
                OracleQuadratureLimits.note("the check (\(digits + 5) digits)", digits: digits)
                let numeric = Self.quadrature(beta: beta, digits: digits + 5, powers: ks)
                let relative = zip(closed, numeric).map { (($0 - $1) / $0).magnitude }.reduce(BigFloat(0), BigFloat.max)
                return (relative, OracleQuadratureLimits.agreeingDigits(relative, scale: 1))
            }
            extra.append(("check", .object([
                ("method", .string("quadrature")),
                ("max_relative_difference", .string(difference.decimal(significantDigits: 3))),
                ("agreeing_digits", agreeing == Int.max ? .string("all") : .integer(agreeing)),
            ])))
            agreement = agreeing
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
        if let agreement { try OracleQuadratureLimits.requireAgreement(agreement, digits: digits) }
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
