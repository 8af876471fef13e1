/// Dense linear algebra for the small systems of the oracle (n ≤ 10), written
/// once over ``RealNumber`` so the same elimination runs in `Double`, in
/// ``BigFloat`` and in ``BigInterval``.
///
/// In ``BigInterval`` every operation is outward rounded, so the result of
/// ``solve(_:_:)`` is a rigorous enclosure of the exact solution for every
/// matrix and right-hand side in the input enclosures (naive interval Gaussian
/// elimination), provided no pivot enclosure contains 0 (then
/// ``DenseLinearSystemError/singular(column:)`` is thrown and a caller that
/// certifies digits retries at higher precision).
///
/// Pivots are chosen by the largest `|doubleValue|` in the column (partial
/// pivoting); the choice only affects rounding, never correctness.
public enum DenseLinearSystem {
    /// Solves `A X = B` for `X` (`A` is `n × n`, `B` is `n × m`, both row-major
    /// arrays of rows) by Gaussian elimination with partial pivoting.
    ///
    /// - Throws: ``DenseLinearSystemError`` when `A` is not square, the shapes
    ///   disagree, or a pivot is zero (or, for intervals, contains zero).
    public static func solve<T: RealNumber>(_ a: [[T]], _ b: [[T]]) throws(DenseLinearSystemError) -> [[T]] {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }) else { throw .shape("A must be square, got \(n) rows of lengths \(a.map(\.count))") }
        guard b.count == n else { throw .shape("B has \(b.count) rows, A has \(n)") }
        let m = b.first?.count ?? 0
        guard b.allSatisfy({ $0.count == m }) else { throw .shape("B's rows have different lengths") }
        var a = a, b = b
        for col in 0..<n {
            var pivot = col
            var best = a[col][col].doubleValue.magnitude
            for r in (col + 1)..<max(col + 1, n) where a[r][col].doubleValue.magnitude > best {
                pivot = r
                best = a[r][col].doubleValue.magnitude
            }
            guard isNonzero(a[pivot][col]) else { throw .singular(column: col) }
            if pivot != col {
                a.swapAt(col, pivot)
                b.swapAt(col, pivot)
            }
            let p = a[col][col]
            for r in (col + 1)..<max(col + 1, n) {
                let f = a[r][col] / p
                for c in (col + 1)..<n { a[r][c] = a[r][c] - f * a[col][c] }
                for c in 0..<m { b[r][c] = b[r][c] - f * b[col][c] }
                a[r][col] = T(0)
            }
        }
        var x = [[T]](repeating: [T](repeating: T(0), count: m), count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            for c in 0..<m {
                var s = b[r][c]
                for k in (r + 1)..<max(r + 1, n) { s = s - a[r][k] * x[k][c] }
                x[r][c] = s / a[r][r]
            }
        }
        return x
    }

    /// Solves `A x = b` for one right-hand side.
    public static func solve<T: RealNumber>(_ a: [[T]], vector b: [T]) throws(DenseLinearSystemError) -> [T] {
        try solve(a, b.map { [$0] }).map { $0[0] }
    }

    /// `A⁻¹`.
    public static func inverse<T: RealNumber>(_ a: [[T]]) throws(DenseLinearSystemError) -> [[T]] {
        let n = a.count
        return try solve(a, (0..<n).map { i in (0..<n).map { $0 == i ? T(1) : T(0) } })
    }

    /// `A B`.
    public static func multiply<T: RealNumber>(_ a: [[T]], _ b: [[T]]) -> [[T]] {
        let m = b.first?.count ?? 0
        return a.map { row in
            (0..<m).map { c in
                var s = T(0)
                for k in row.indices { s = s + row[k] * b[k][c] }
                return s
            }
        }
    }

    /// `A x`.
    public static func multiply<T: RealNumber>(_ a: [[T]], vector x: [T]) -> [T] {
        a.map { row in
            var s = T(0)
            for k in row.indices { s = s + row[k] * x[k] }
            return s
        }
    }

    /// `aᵀ b`.
    public static func dot<T: RealNumber>(_ a: [T], _ b: [T]) -> T {
        var s = T(0)
        for k in a.indices { s = s + a[k] * b[k] }
        return s
    }

    /// Whether a pivot is usable: nonzero, and for an interval, not containing 0.
    static func isNonzero<T: RealNumber>(_ x: T) -> Bool {
        if let i = x as? BigInterval { return i.isPositive || i.isNegative }
        if let f = x as? BigFloat { return !f.isZero && f.isFinite }
        let d = x.doubleValue
        return d != 0 && d.isFinite
    }
}

/// Why a dense system could not be solved.
public enum DenseLinearSystemError: Error, Equatable, CustomStringConvertible {
    case shape(String)
    /// Column `column` has no nonzero pivot (for intervals: every candidate contains 0).
    case singular(column: Int)

    public var description: String {
        switch self {
        case .shape(let message): return "linear system: \(message)"
        case .singular(let column): return "linear system: the matrix is singular (no nonzero pivot in column \(column))"
        }
    }
}
