/// A small dense real matrix, stored row-major.
///
/// Just enough linear algebra for the patterning step: χ is at most
/// 17 observables × 32 input types, so clarity wins over blocking.
/// Entries must be finite (checked at construction).
public struct DenseMatrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Entries in row-major order: `entries[i * columns + j]` is `(i, j)`.
    public private(set) var entries: [Double]

    /// A `rows × columns` matrix from row-major `entries`.
    ///
    /// - Throws: `PatterningError.invalidShape` for an empty shape,
    ///   `.dimensionMismatch` when `entries.count ≠ rows · columns`,
    ///   `.nonFinite` for a NaN or infinite entry (flattened index).
    public init(rows: Int, columns: Int, entries: [Double], name: String = "matrix") throws {
        guard rows > 0, columns > 0 else {
            throw PatterningError.invalidShape(name: name, rows: rows, columns: columns)
        }
        guard entries.count == rows * columns else {
            throw PatterningError.dimensionMismatch(name: name, expected: rows * columns, actual: entries.count)
        }
        try PatterningError.checkFinite(entries, name: name)
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// A matrix from its rows.
    ///
    /// - Throws: `.invalidShape` for no rows, an empty row, or ragged rows;
    ///   `.nonFinite` for a NaN or infinite entry.
    public init(_ rowArrays: [[Double]], name: String = "matrix") throws {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else {
            throw PatterningError.invalidShape(name: name, rows: rowArrays.count, columns: -1)
        }
        try self.init(rows: rowArrays.count, columns: columns, entries: rowArrays.flatMap { $0 }, name: name)
    }

    /// Unchecked initializer for internal results (finite by construction).
    init(uncheckedRows rows: Int, columns: Int, entries: [Double]) {
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// The zero matrix.
    public static func zeros(rows: Int, columns: Int) -> DenseMatrix {
        DenseMatrix(uncheckedRows: rows, columns: columns, entries: Array(repeating: 0, count: rows * columns))
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = zeros(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { entries[row * columns + column] }
        set { entries[row * columns + column] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        Array(entries[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { self[$0, j] }
    }

    /// The rows as arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: DenseMatrix {
        var t = DenseMatrix.zeros(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The Frobenius norm `(Σ a_ij²)^{1/2}`.
    public var frobeniusNorm: Double {
        entries.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// The submatrix of the given rows (in the given order).
    public func selecting(rows indices: [Int]) throws -> DenseMatrix {
        guard !indices.isEmpty else { throw PatterningError.invalidShape(name: "row selection", rows: 0, columns: columns) }
        for i in indices where !(0..<rows).contains(i) {
            throw PatterningError.indexOutOfRange(name: "row", index: i, count: rows)
        }
        return DenseMatrix(uncheckedRows: indices.count, columns: columns, entries: indices.flatMap(row))
    }

    /// The submatrix of the given columns (in the given order).
    public func selecting(columns indices: [Int]) throws -> DenseMatrix {
        try transposed.selecting(rows: indices).transposed
    }

    /// The matrix product `a · b`. Mismatched shapes are a programming error
    /// (a precondition failure, like an out-of-range array index); the
    /// patterning API checks shapes of user input and throws before multiplying.
    public static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
        precondition(a.columns == b.rows, "matrix product \(a.rows)×\(a.columns) · \(b.rows)×\(b.columns)")
        var c = DenseMatrix.zeros(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a[i, k]
                if aik == 0 { continue }
                for j in 0..<b.columns { c[i, j] += aik * b[k, j] }
            }
        }
        return c
    }

    /// The matrix–vector product `a · x`.
    public static func * (a: DenseMatrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "matrix–vector product \(a.rows)×\(a.columns) · \(x.count)")
        return (0..<a.rows).map { i in
            var s = 0.0
            for j in 0..<a.columns { s += a[i, j] * x[j] }
            return s
        }
    }
}

/// Euclidean inner product of two equal-length vectors.
@inlinable
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}
