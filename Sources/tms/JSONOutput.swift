import Foundation

/// The JSON every `tms` command prints: pretty, with sorted snake_case keys
/// (`final_cosines`, `standard_error`), unescaped slashes, and non-finite
/// numbers as the strings `"nan"`, `"inf"`, `"-inf"`.
func encodedJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
