import AnalyticOracle
import ArgumentParser
import Foundation

/// The `--data` option of the commands that take training data: `one-hot`,
/// `bernoulli:S`, `bernoulli:S:I0,…,I4`, or `weights:FILE` (32 weights in type
/// order, separated by commas or whitespace).
enum DataOption {
    /// The file of `weights:FILE`, if that form was given.
    static func weightsFile(_ text: String) -> String? {
        text.hasPrefix("weights:") ? String(text.dropFirst("weights:".count)) : nil
    }

    /// For `validate()`: a specification that parses, or a weights file that can be read (exit 64 otherwise).
    static func validate(_ text: String, option: String = "--data") throws {
        if let path = weightsFile(text) {
            guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("\(option) weights:FILE: cannot read \"\(path)\"") }
        } else {
            do { _ = try DataSpecification(parsing: text) } catch { throw ValidationError("\(option): \(error)") }
        }
    }

    /// The specification; a weights file that does not hold 32 valid weights is a data error (exit 65).
    static func specification(_ text: String, option: String = "--data") throws -> DataSpecification {
        guard let path = weightsFile(text) else { return try DataSpecification(parsing: text) }
        let contents = try InputFiles.readText(path, option: option)
        let values = contents.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        do { return try .weights(values, source: path) } catch { throw ToolError.data("\(option) weights:FILE: \(error)") }
    }
}
