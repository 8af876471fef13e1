import AnalyticOracle
import ArgumentParser
import Foundation
import Verification

/// The options `tms oracle chi` and `tms oracle expectations` share for the
/// frozen-square oracle for every input and any data ("two routes";
/// Derivations/FrozenSquareAnyData.md): `--inputs`, `--data`, `--quiet`.
struct TwoRouteOptions: ParsableArguments {
    @Option(help: ArgumentHelp(InputSelection.help))
    var inputs: String = "one-hot"

    @Option(help: "Training data h: one-hot, bernoulli:S, bernoulli:S:I0,…,I4 or weights:FILE (32 weights in type order).")
    var data: String = "one-hot"

    @Flag(help: "No progress line on stderr (it is shown only when stderr is a terminal).")
    var quiet = false

    /// The largest `--digits` the two-route oracle offers (``FrozenSquareOracle/digitsRange``).
    static let digits = FrozenSquareOracle.digitsRange

    /// The β the two-route oracle accepts. Outside, the posterior is wider than the landscape probe
    /// resolves (small β) or narrower than a Double locates (large β); the oracle's targets are
    /// one-hot β ∈ [10⁻², 10⁶] and Bernoulli β ∈ [1, 10⁴] (README, "Oracle").
    static let betas = 1e-3...1e8

    func validate() throws {
        _ = try InputSelection.parse(inputs)
        try DataOption.validate(data)
    }

    func inputTypes() throws -> [InputType] { try InputSelection.parse(inputs) }

    /// The data; a weights file that does not hold 32 valid weights exits with status 65.
    func specification() throws -> DataSpecification { try DataOption.specification(data) }

    /// `--digits` and `--beta` within what the two-route oracle offers (exit 64 otherwise).
    static func check(digits: Int, beta: String, why: String) throws {
        guard Self.digits.contains(digits) else {
            throw ToolError.usage("--digits must be an integer in \(Self.digits.text) with \(why), got \(digits)")
        }
        guard let value = Double(beta), Self.betas.contains(value) else {
            throw ToolError.usage(
                "--beta must be in [\(Limits.text(betas.lowerBound)), \(Limits.text(betas.upperBound))] with \(why), got \(beta)")
        }
    }

    /// The verified table at β for the 17 oracle rows and the chosen inputs, with a progress line on
    /// stderr when it is a terminal and `--quiet` is not given.
    func table(beta: String, digits: Int) throws -> FrozenSquareTable {
        let data = try specification()
        let oracle: FrozenSquareOracle
        do { oracle = try FrozenSquareOracle(data: data) } catch {
            // No input type with feature 4 has weight: a weights file is bad data, a specification a bad option.
            let message = "--data \(data.label): \(error)"
            throw DataOption.weightsFile(self.data) != nil ? ToolError.data(message) : ToolError.usage(message)
        }
        let line = TwoRouteProgressLine(enabled: !quiet && ProgressBar.stderrIsTerminal)
        defer { line.finish() }
        do {
            return try oracle.table(beta: beta, inputs: try inputTypes(), digits: digits) { line.update($0) }
        } catch let error as FrozenSquareOracleError {
            switch error {
            case .targetNotMet:
                throw ToolError.checkFailed("\(error) (nothing printed: only digits both routes agree on are published)")
            case .invalidBeta, .digitsOutOfRange, .improperPosterior: throw ToolError.usage("\(error)")
            case .nonFinite: throw ToolError.internalError("\(error)")
            }
        }
    }
}

/// `two routes: theta-outer, level 0: 37/96 units` on one updating stderr line.
struct TwoRouteProgressLine: Sendable {
    let enabled: Bool

    func update(_ progress: FrozenSquareProgress) {
        guard enabled else { return }
        let text = "\r\u{1B}[Ktwo routes: \(progress.route), level \(progress.level): \(progress.completed)/\(progress.total) units"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension FrozenSquareTable {
    /// `method`, `accuracy`, `minimum_digits` and `routes` (with wall times), for the JSON output.
    var accuracyJSON: [(String, JSONValue)] {
        [
            ("method", .string("two-routes")), ("accuracy", .string(FrozenSquareTable.accuracyLabel)),
            ("minimum_digits", .integer(minimumDigits)), ("routes", Fixture.anyDataRoutes(self, withTimes: true)),
        ]
    }

    /// One line for the table format: `verified by two routes (theta-outer 12345 nodes, …; 8.1 s)`.
    var routesNote: String {
        let parts = routes.map { "\($0.name) \($0.nodes) nodes at level \($0.level)" }.joined(separator: ", ")
        return "\(FrozenSquareTable.accuracyLabel) (\(parts); \(String(format: "%.1f", seconds)) s)"
    }
}
