import ArgumentParser
import Foundation
import HighPrecision

/// `tms constants`: π, e, √2, ln 2, Γ(1/4), Γ(3/4) and the essay's α(β = 50),
/// each with the requested number of certified significant digits.
struct ConstantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constants",
        abstract: "Print mathematical constants with a requested number of certified digits.",
        discussion: """
            Each line is printed as soon as its value is certified. Beyond \(Self.progressDigits) digits the \
            progress goes to stderr (Γ(1/4) and Γ(3/4) dominate: about a minute at 10000 digits).
            """)

    static let digitRange = 1...10_000
    /// From this many digits on, each constant announces itself on stderr.
    static let progressDigits = 2_000

    @Option(help: "Significant decimal digits, every one certified (\(Self.digitRange.text)).")
    var digits: Int = 50

    func validate() throws {
        try check("--digits", digits, in: Self.digitRange)
    }

    func run() throws {
        let constants: [(String, () -> BigInterval)] = [
            ("pi", { BigInterval.pi }),
            ("e", { BigInterval.exp(BigInterval(1)) }),
            ("sqrt2", { BigInterval.sqrt(BigInterval(2)) }),
            ("ln2", { BigInterval.log(BigInterval(2)) }),
            ("gamma(1/4)", { BigInterval.gamma(BigInterval.ratio(1, 4)) }),
            ("gamma(3/4)", { BigInterval.gamma(BigInterval.ratio(3, 4)) }),
            // α = 2 β^{1/2} / (3 π^{3/2}), see Derivations/QuarticPosterior.md
            ("alpha(beta=50)", { 2 * BigInterval.sqrt(50) / (3 * BigInterval.sqrt(BigInterval.pow(BigInterval.pi, 3))) }),
        ]
        for (index, (name, value)) in constants.enumerated() {
            if digits >= Self.progressDigits {
                FileHandle.standardError.write(Data("[\(index + 1)/\(constants.count)] certifying \(name) to \(digits) digits…\n".utf8))
            }
            let text = try Certified.decimals(digits: digits) { [value()] }[0]
            // Unbuffered, so each line appears as soon as it is certified.
            FileHandle.standardOutput.write(Data("\(name) = \(text)\n".utf8))
        }
    }
}
