import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Verification

/// `tms oracle critical-points`: every k-gon critical point of the full
/// 10-parameter model for given data (Derivations/CriticalPoints.md,
/// LearningCoefficients.md, RegularLimit.md).
struct OracleCriticalPointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critical-points",
        abstract: "Critical points of the full model near the k-gons: loss, Hessian spectrum, index, kinks, λ and the regular-limit χ.",
        discussion: """
            For each k (2…5 live features on a regular polygon, the others dead at 0) the oracle solves \
            ∇E(w; h) = 0 by Newton in MPFR from the regular polygon, on every self-consistent branch of \
            the first-order ReLU kinks there (e.g. the input 11111 at the pentagon, where Σ_i W_i = 0), and \
            reports each point's loss E and L = E/32, the live Hessian's eigenvalues (Jacobi, MPFR), the \
            verdict (minimum, saddle, not critical) with a certified descent probe where it is not a \
            minimum, the pre-activations within 10⁻³ of 0, a certified gradient bound, λ for minima, and \
            (with --chi) the regular-limit χ = −∇φᵀH⁺∇ℓ_x at each minimum in both conventions. \
            Data: one-hot, bernoulli:S, bernoulli:S:I0,I1,I2,I3,I4, or weights:FILE (32 weights in type \
            order, separated by commas or whitespace). Conventions: Derivations/Conventions.md. Exit \
            status: 0 success, 64 a bad option value, 65 a malformed weights file, 70 a polygon that \
            could not be analysed (reported in the output).
            """
    )

    @Option(help: "Training data: one-hot, bernoulli:S, bernoulli:S:I0,…,I4 or weights:FILE.")
    var data: String

    @Option(help: "Polygon size k (2…5); all four when omitted.")
    var k: Int?

    @Option(help: "Live features in polygon order, comma-separated (default 0,…,k−1; needs --k).")
    var live: String?

    @Option(help: "Significant digits printed (4…60).")
    var digits: Int = 16

    @Flag(help: "Also print the regular-limit χ (15 observables × 32 inputs) and its next-order coefficient at each minimum.")
    var chi = false

    @Option(help: "Output format: json or table.")
    var format: OracleFormat = .table

    func validate() throws {
        guard (4...60).contains(digits) else { throw ValidationError("--digits must be between 4 and 60, got \(digits)") }
        if let k, !PolygonConfiguration.sizes.contains(k) { throw ValidationError("--k must be 2, 3, 4 or 5, got \(k)") }
        if live != nil, k == nil { throw ValidationError("--live needs --k") }
        if format == .csv { throw ValidationError("--format csv is not offered for critical points (use json or table)") }
        try DataOption.validate(data)
        _ = try polygons()
    }

    /// The data; a weights file that does not hold 32 valid weights exits with status 65.
    func specification() throws -> DataSpecification { try DataOption.specification(data) }

    func polygons() throws -> [PolygonConfiguration] {
        guard let k else { return try PolygonConfiguration.sizes.map { try PolygonConfiguration(k: $0) } }
        let features: [Int]? = try live.map { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                guard let i = Int(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--live must list feature indices 0…4 separated by commas, got \"\(text)\"")
                }
                return i
            }
        }
        do { return [try PolygonConfiguration(k: k, liveFeatures: features)] } catch { throw ValidationError("--live: \(error)") }
    }

    func run() throws {
        let report = CriticalPointReport.compute(data: try specification(), polygons: try polygons(), digits: digits, withChi: chi)
        switch format {
        case .json: print(report.json().serialized())
        default: print(report.table())
        }
        // A polygon the oracle could not analyse (its error is in the report) is an internal error.
        if report.entries.contains(where: { $0.failure != nil }) { throw ExitCode(70) }
    }
}
