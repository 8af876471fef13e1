import Foundation
import Verification

/// A table of decimal strings, rows × columns, printed by the oracle commands as
/// JSON (`header` pairs, `observables`, `inputs`, `chi`, `trailer` pairs), CSV
/// (`observable,<columns>`) or an aligned text table under `notes`.
struct OracleTable {
    let rows: [String]
    let columns: [String]
    /// `[row][column]`.
    let cells: [[String]]
    /// The JSON key of the cells.
    var key = "chi"

    func render(_ format: OracleFormat, header: [(String, JSONValue)], trailer: [(String, JSONValue)], notes: [String]) -> String {
        switch format {
        case .json:
            return JSONValue.object(header + [
                ("observables", .strings(rows)),
                ("inputs", .strings(columns)),
                (key, .array(cells.map { .strings($0) })),
            ] + trailer).serialized().trimmingCharacters(in: .newlines)
        case .csv:
            // RFC 4180: `dot(0,4)` has a comma, so fields are quoted where needed.
            return ([CSVTable.line(["observable"] + columns)] + zip(rows, cells).map { CSVTable.line([$0] + $1) })
                .joined(separator: "\n")
        case .table:
            return (notes + Self.aligned([["observable"] + columns] + zip(rows, cells).map { [$0] + $1 })).joined(separator: "\n")
        }
    }

    /// Right-aligned columns separated by two spaces.
    static func aligned(_ lines: [[String]]) -> [String] {
        let widths = lines[0].indices.map { c in lines.map { c < $0.count ? $0[c].count : 0 }.max()! }
        return lines.map { cells in
            zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
    }
}
