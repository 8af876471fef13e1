import AnalyticOracle
import ArgumentParser
import Foundation

/// The `--inputs` option of `tms oracle chi` and `tms oracle expectations`: a named
/// set or a comma-separated list of input types (bit strings in feature order 0…4,
/// Conventions.md §2).
///
/// - `all`: the 31 inputs with a nonzero loss (`10000` … `11111`, by type index);
/// - `one-hot`: the five one-hot inputs;
/// - `no-f4`: the 16 inputs without feature 4 (`00000` … `11110`);
/// - `all-oracle`: both (17), the inputs the closed form covers;
/// - `10001,11000,…`: the listed inputs, in the order given, each at most once.
enum InputSelection {
    /// The named sets, in the order the help lists them.
    static let names = ["all", "one-hot", "no-f4", "all-oracle"]

    static let help = "Input columns: all (the 31 inputs 10000 … 11111), one-hot, no-f4, all-oracle (no-f4 and 00001), "
        + "or a comma-separated list of 5-bit types in feature order 0…4 (e.g. 10001,11000)."

    /// The inputs named by `text`; a bad value names `option`, the item and what is allowed (exit 64).
    static func parse(_ text: String, option: String = "--inputs") throws -> [InputType] {
        switch text {
        case "all": return FrozenSquareOracle.allInputs
        case "one-hot": return InputType.oneHot
        case "no-f4": return InputType.withoutFeature4
        case "all-oracle": return InputType.oracleInputs
        default: break
        }
        var inputs: [InputType] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            if names.contains(item) {
                throw ValidationError("\(option): '\(item)' names a set of inputs and stands alone, not in a list (got '\(text)')")
            }
            guard let input = try? InputType(name: item) else {
                throw ValidationError(
                    "\(option): '\(item)' is not an input type (expected \(names.joined(separator: ", ")), "
                        + "or comma-separated 5-bit strings such as 10001, feature order 0…4)")
            }
            guard !inputs.contains(input) else { throw ValidationError("\(option) lists the input \(item) twice") }
            inputs.append(input)
        }
        return inputs
    }
}
