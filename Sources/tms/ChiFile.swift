import Patterning
import TMSEngine
import Verification

/// A susceptibility matrix read from a file (`tms pattern step --chi`), in any
/// of the layouts the tool writes or documents:
///
/// 1. the output of `tms sample`: an object whose `"chi"` is 2. (the Jacobian χ);
/// 2. a χ object `{"rows": [names], "columns": [names], "values": [[…], …]}`
///    (`tms sample`'s `chi` and `chi_mean_preserving`);
/// 3. the engine's `Susceptibility` as `JSONEncoder` writes it:
///    `{"rows": [names], "columns": N, "values": [row-major, rows × N]}`;
/// 4. a plain array of rows `[[…], …]` (rows named after the oracle's
///    observables when there are at most 17, columns after the 32 input types
///    when there are 32).
///
/// Every problem is a data error naming the file and the key.
struct ChiFile {
    var matrix: DenseMatrix
    var rows: [String]
    var columns: [String]

    static func read(_ path: String, option: String) throws -> ChiFile {
        let json = try InputFiles.readJSONValue(path, option: option)
        func fail(_ key: String, _ reason: String) -> ToolError { .data("\(path): \(key): \(reason)") }
        func numbers(_ value: JSONValue?, _ key: String) throws -> [Double] {
            guard let items = value?.arrayValue else { throw fail(key, "expected an array of numbers") }
            return try items.enumerated().map { i, item in
                switch item {
                case let .number(x): return x
                case let .integer(n): return Double(n)
                case let .string(s) where ["nan", "inf", "-inf"].contains(s): throw fail("\(key)[\(i)]", "\(s) is not finite")
                default: throw fail("\(key)[\(i)]", "expected a number")
                }
            }
        }
        func matrix(_ value: JSONValue?, _ key: String) throws -> [[Double]] {
            guard let rows = value?.arrayValue, !rows.isEmpty else { throw fail(key, "expected a non-empty array of rows") }
            let result = try rows.enumerated().map { try numbers($1, "\(key)[\($0)]") }
            guard let width = result.first?.count, width > 0, result.allSatisfy({ $0.count == width }) else {
                throw fail(key, "the rows must all have the same, non-zero length")
            }
            return result
        }
        func names(_ value: JSONValue?, _ key: String) throws -> [String] {
            guard let items = value?.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw fail(key, "expected an array of names")
            }
            return items.map { $0.stringValue! }
        }
        func dense(_ values: [[Double]], _ key: String) throws -> DenseMatrix {
            do { return try DenseMatrix(values, name: "χ") } catch { throw fail(key, "\(error)") }
        }

        if json.arrayValue != nil {
            let values = try matrix(json, "top level")
            let standard = ObservableSet.oracle.names
            let rowNames = values.count <= standard.count ? Array(standard.prefix(values.count)) : (0..<values.count).map(String.init)
            return ChiFile(matrix: try dense(values, "top level"), rows: rowNames, columns: defaultColumns(values[0].count))
        }
        guard json.objectValue != nil else { throw fail("top level", "expected an object or an array of rows") }
        let object = json["chi"] ?? json
        let prefix = json["chi"] == nil ? "" : "chi."
        guard object.objectValue != nil, object["rows"] != nil, object["values"] != nil else {
            throw fail("top level", "expected the output of `tms sample` (with \"chi\"), a χ object with \"rows\", \"columns\" and \"values\", or an array of rows")
        }
        let rowNames = try names(object["rows"], prefix + "rows")
        if case let .integer(count)? = object["columns"] {
            let flat = try numbers(object["values"], prefix + "values")
            guard count > 0, flat.count == rowNames.count * count else {
                throw fail(prefix + "values", "has \(flat.count) entries, expected rows × columns = \(rowNames.count) × \(count)")
            }
            let values = (0..<rowNames.count).map { Array(flat[$0 * count..<($0 + 1) * count]) }
            return ChiFile(matrix: try dense(values, prefix + "values"), rows: rowNames, columns: defaultColumns(count))
        }
        let columnNames = try names(object["columns"], prefix + "columns")
        let values = try matrix(object["values"], prefix + "values")
        guard values.count == rowNames.count, values[0].count == columnNames.count else {
            throw fail(prefix + "values", "is \(values.count) × \(values[0].count), but \"rows\" and \"columns\" name \(rowNames.count) × \(columnNames.count)")
        }
        return ChiFile(matrix: try dense(values, prefix + "values"), rows: rowNames, columns: columnNames)
    }

    /// Input-type names for 32 columns, indices otherwise.
    static func defaultColumns(_ n: Int) -> [String] {
        n == 32 ? (0..<32).map { TMSModel.typeName($0) } : (0..<n).map(String.init)
    }
}
