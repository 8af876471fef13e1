import AnalyticOracle
import ArgumentParser
import Foundation
import HighPrecision
import Verification

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
        try check("--k", k, in: DeadFeatureLandscape.polygonSizes)
        try check("--digits", digits, in: OraclePrecisionOptions.digitRange)
        try OraclePrecisionOptions.checkDecimal("--r", r)
        try OraclePrecisionOptions.checkDecimal("--theta", theta)
    }

    func run() throws {
        let values = try certified(digits: digits) {
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

    /// The four values certified; one that leaves MPFR's exponent range is a usage error naming --r and --theta.
    private func certified(digits: Int, _ values: () throws -> [BigInterval]) throws -> [String] {
        do { return try Certified.decimals(digits: digits, values) } catch let failure as Certified.Failure where failure.reason == .exponentRange {
            throw ToolError.usage(
                "--r \(r) --theta \(theta): a value leaves MPFR's exponent range (about 10^±323228496), so it cannot be certified")
        }
    }
}
