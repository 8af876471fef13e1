import ArgumentParser
import HighPrecision

/// `tms constants`: π, e, √2, ln 2, Γ(1/4), Γ(3/4) and the essay's α(β = 50),
/// each with the requested number of certified significant digits.
struct ConstantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constants",
        abstract: "Print mathematical constants with a requested number of certified digits."
    )

    @Option(help: "Significant decimal digits, every one certified (1…10000).")
    var digits: Int = 50

    func validate() throws {
        guard (1...10_000).contains(digits) else {
            throw ValidationError("--digits must be between 1 and 10000, got \(digits)")
        }
    }

    func run() throws {
        let names = ["pi", "e", "sqrt2", "ln2", "gamma(1/4)", "gamma(3/4)", "alpha(beta=50)"]
        let values = try Certified.decimals(digits: digits) {
            let one = BigInterval(1)
            return [
                BigInterval.pi,
                BigInterval.exp(one),
                BigInterval.sqrt(BigInterval(2)),
                BigInterval.log(BigInterval(2)),
                BigInterval.gamma(BigInterval.ratio(1, 4)),
                BigInterval.gamma(BigInterval.ratio(3, 4)),
                // α = 2 β^{1/2} / (3 π^{3/2}), see Derivations/QuarticPosterior.md
                2 * BigInterval.sqrt(50) / (3 * BigInterval.sqrt(BigInterval.pow(BigInterval.pi, 3))),
            ]
        }
        for (name, value) in zip(names, values) { print("\(name) = \(value)") }
    }
}
